package imbridge.sim.cloudkit;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link CloudKitSimulator} is started: the dataset to generate, the faults to inject and where to serve it.
 *
 * @param seed            dataset seed; the same seed, sizes and profile give byte-identical records, tokens, truth
 *                        and (with the same requests) the same injected faults
 * @param chats           number of ordinary conversations (DMs and groups); profile {@code full} adds a few more
 * @param messages        total number of ordinary messages, at least {@code chats}
 * @param bind            listen address (loopback by default)
 * @param port            listen port, 0 for an ephemeral one
 * @param apiToken        when non-null every CloudKit request must carry {@code ?ckAPIToken=<apiToken>}
 * @param maxResultsLimit largest page a {@code changes/zone} request may ask for (larger values are clamped)
 * @param profile         which record kinds the account holds
 * @param faults          fault families injected on their own (empty = none); planned faults
 *                        ({@link CloudKitSimulator#faults()}) work with any selection
 * @param faultRate       probability that one {@code changes/zone} request gets a fault, when faults are on
 * @param lateAfter       late records (profile {@code full}) become visible this long after the simulator started
 * @param clock           the time source for late records; tests pass a clock they advance by hand
 */
public record SimConfig(long seed, int chats, int messages, String bind, int port, String apiToken,
                        int maxResultsLimit, SimProfile profile, Set<FaultFamily> faults, double faultRate,
                        Duration lateAfter, Clock clock) {

    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_MAX_RESULTS_LIMIT = 400;
    public static final double DEFAULT_FAULT_RATE = 0.05;
    public static final Duration DEFAULT_LATE_AFTER = Duration.ofSeconds(3);

    public SimConfig {
        if (chats < 0) {
            throw new IllegalArgumentException("chats must be >= 0, got " + chats);
        }
        if (messages < chats || (chats == 0 && messages != 0)) {
            throw new IllegalArgumentException("messages (" + messages + ") must be at least chats (" + chats
                    + "): every conversation gets at least one message");
        }
        if (bind == null || bind.isBlank()) {
            throw new IllegalArgumentException("bind address is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (apiToken != null && apiToken.isBlank()) {
            throw new IllegalArgumentException("apiToken must be null (no auth) or non-blank");
        }
        if (maxResultsLimit < 1) {
            throw new IllegalArgumentException("maxResultsLimit must be >= 1, got " + maxResultsLimit);
        }
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(faults, "faults (use an empty set for none)");
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
        if (!(faultRate >= 0 && faultRate <= 1)) {
            throw new IllegalArgumentException("faultRate must be within 0..1, got " + faultRate);
        }
        Objects.requireNonNull(lateAfter, "lateAfter");
        if (lateAfter.isNegative()) {
            throw new IllegalArgumentException("lateAfter must not be negative, got " + lateAfter);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /** The walking skeleton's shape: basic profile, no faults, system clock. */
    public SimConfig(long seed, int chats, int messages, String bind, int port, String apiToken, int maxResultsLimit) {
        this(seed, chats, messages, bind, port, apiToken, maxResultsLimit, SimProfile.BASIC, Set.of(),
                DEFAULT_FAULT_RATE, DEFAULT_LATE_AFTER, Clock.systemUTC());
    }

    /** Loopback, ephemeral port, no auth, pages of at most 400 records, basic profile, no faults. */
    public static SimConfig defaults(long seed, int chats, int messages) {
        return new SimConfig(seed, chats, messages, LOOPBACK, 0, null, DEFAULT_MAX_RESULTS_LIMIT);
    }

    public SimConfig withApiToken(String token) {
        return new SimConfig(seed, chats, messages, bind, port, token, maxResultsLimit, profile, faults, faultRate,
                lateAfter, clock);
    }

    public SimConfig withMaxResultsLimit(int limit) {
        return new SimConfig(seed, chats, messages, bind, port, apiToken, limit, profile, faults, faultRate,
                lateAfter, clock);
    }

    public SimConfig withPort(int newPort) {
        return new SimConfig(seed, chats, messages, bind, newPort, apiToken, maxResultsLimit, profile, faults,
                faultRate, lateAfter, clock);
    }

    public SimConfig withProfile(SimProfile newProfile) {
        return new SimConfig(seed, chats, messages, bind, port, apiToken, maxResultsLimit, newProfile, faults,
                faultRate, lateAfter, clock);
    }

    public SimConfig withFaults(Set<FaultFamily> newFaults) {
        return new SimConfig(seed, chats, messages, bind, port, apiToken, maxResultsLimit, profile, newFaults,
                faultRate, lateAfter, clock);
    }

    public SimConfig withFaultRate(double rate) {
        return new SimConfig(seed, chats, messages, bind, port, apiToken, maxResultsLimit, profile, faults, rate,
                lateAfter, clock);
    }

    public SimConfig withLateAfter(Duration delay) {
        return new SimConfig(seed, chats, messages, bind, port, apiToken, maxResultsLimit, profile, faults,
                faultRate, delay, clock);
    }

    public SimConfig withClock(Clock newClock) {
        return new SimConfig(seed, chats, messages, bind, port, apiToken, maxResultsLimit, profile, faults,
                faultRate, lateAfter, newClock);
    }

    public boolean injects(FaultFamily family) {
        return faults.contains(family);
    }
}
