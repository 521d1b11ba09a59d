package imbridge.sim.hs;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Random fault injection into Client-Server API calls ({@code /_matrix/client/...}, {@code /_matrix/media/...};
 * never the inspection API nor the AS ping). Each request is hit with probability {@code rate}; the decision is a
 * function of the seed, the request (method, path with room IDs left out, acting user) and how many times that
 * same request was seen, so a run is reproducible whatever the interleaving of different requests (a message's
 * {@code /send} with its deterministic txnId meets the same fate in every run with the same seed).
 *
 * @param rate        probability that a request is hit, 0 (off) to 1
 * @param seed        makes the decisions reproducible
 * @param kinds       the faults to draw from (uniformly)
 * @param retryAfter  {@code retry_after_ms} of injected 429s
 * @param slowDelay   extra latency of {@link FaultKind#SLOW}
 */
public record HsFaults(double rate, long seed, Set<FaultKind> kinds, Duration retryAfter, Duration slowDelay) {

    public HsFaults {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("fault rate must be within 0..1, got " + rate);
        }
        Objects.requireNonNull(kinds, "kinds");
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        if (rate > 0 && kinds.isEmpty()) {
            throw new IllegalArgumentException("a positive fault rate needs at least one fault kind");
        }
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(slowDelay, "slowDelay");
        if (retryAfter.isNegative() || slowDelay.isNegative()) {
            throw new IllegalArgumentException("retryAfter and slowDelay must not be negative");
        }
    }

    static final Duration DEFAULT_RETRY_AFTER = Duration.ofMillis(50);
    static final Duration DEFAULT_SLOW_DELAY = Duration.ofMillis(200);

    /** No random faults (scripted ones use the default timings: 429s ask for 50 ms, slow answers take 200 ms). */
    public static HsFaults none() {
        return new HsFaults(0, 0, Set.of(), DEFAULT_RETRY_AFTER, DEFAULT_SLOW_DELAY);
    }

    /** Every kind at {@code rate}, 429s asking for 50 ms, slow answers taking 200 ms. */
    public static HsFaults of(double rate, long seed) {
        return new HsFaults(rate, seed, EnumSet.allOf(FaultKind.class), DEFAULT_RETRY_AFTER, DEFAULT_SLOW_DELAY);
    }

    public HsFaults withKinds(Set<FaultKind> newKinds) {
        return new HsFaults(rate, seed, newKinds, retryAfter, slowDelay);
    }

    public HsFaults withTimings(Duration newRetryAfter, Duration newSlowDelay) {
        return new HsFaults(rate, seed, kinds, newRetryAfter, newSlowDelay);
    }

    public boolean enabled() {
        return rate > 0;
    }
}
