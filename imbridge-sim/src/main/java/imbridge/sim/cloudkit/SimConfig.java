package imbridge.sim.cloudkit;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link CloudKitSimulator} is started: the dataset to generate, the faults to inject and where to serve it.
 *
 * <p>
 * Over 400 lines because it is the simulator's whole option set: one component per option, with its with-method and
 * its check.
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
 * @param bigChat         0 for the default message split, else the exact size of the largest conversation
 * @param attachmentRatio share of ordinary messages with attachments
 * @param assetStall      how long a stalled asset download ({@link FaultFamily#ASSETS}) hangs before its bytes
 *                        come; it must exceed the client's per-download timeout to count as a failure there
 * @param liveRate        live push events per second once the first stream connection is accepted; 0 = no
 *                        generated live traffic (the stream and the send endpoint still work)
 * @param liveDuration    how long the generated live phase lasts ({@code liveRate × liveDuration} events)
 * @param reconnectWindow acknowledged events emitted this long before a (re)connect are re-sent as {@code stored}
 * @param appleExport     when non-null the simulator also writes the account as Apple's local files before it
 *                        serves, and {@code /_sim/truth} describes those files ({@link AppleExportRequest})
 * @param pageLatency     added to every {@code changes/zone} answer, like a real network round trip (zero = none)
 */
public record SimConfig(
        long seed,
        int chats,
        int messages,
        String bind,
        int port,
        String apiToken,
        int maxResultsLimit,
        SimProfile profile,
        Set<FaultFamily> faults,
        double faultRate,
        Duration lateAfter,
        Clock clock,
        int bigChat,
        double attachmentRatio,
        Duration assetStall,
        double liveRate,
        Duration liveDuration,
        Duration reconnectWindow,
        AppleExportRequest appleExport,
        Duration pageLatency) {

    /** Without a page latency: change-feed pages are answered at once. */
    public SimConfig(
            long seed,
            int chats,
            int messages,
            String bind,
            int port,
            String apiToken,
            int maxResultsLimit,
            SimProfile profile,
            Set<FaultFamily> faults,
            double faultRate,
            Duration lateAfter,
            Clock clock,
            int bigChat,
            double attachmentRatio,
            Duration assetStall,
            double liveRate,
            Duration liveDuration,
            Duration reconnectWindow,
            AppleExportRequest appleExport) {
        this(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                liveDuration,
                reconnectWindow,
                appleExport,
                Duration.ZERO);
    }

    public static final double DEFAULT_ATTACHMENT_RATIO = DatasetGenerator.WITH_ATTACHMENTS_SHARE;
    public static final Duration DEFAULT_ASSET_STALL = Duration.ofSeconds(120);
    public static final Duration DEFAULT_LIVE_DURATION = Duration.ofSeconds(20);
    public static final Duration DEFAULT_RECONNECT_WINDOW = Duration.ofSeconds(30);

    /** Without an Apple export. */
    public SimConfig(
            long seed,
            int chats,
            int messages,
            String bind,
            int port,
            String apiToken,
            int maxResultsLimit,
            SimProfile profile,
            Set<FaultFamily> faults,
            double faultRate,
            Duration lateAfter,
            Clock clock,
            int bigChat,
            double attachmentRatio,
            Duration assetStall,
            double liveRate,
            Duration liveDuration,
            Duration reconnectWindow) {
        this(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                liveDuration,
                reconnectWindow,
                null);
    }

    /** Without live traffic. */
    public SimConfig(
            long seed,
            int chats,
            int messages,
            String bind,
            int port,
            String apiToken,
            int maxResultsLimit,
            SimProfile profile,
            Set<FaultFamily> faults,
            double faultRate,
            Duration lateAfter,
            Clock clock,
            int bigChat,
            double attachmentRatio,
            Duration assetStall) {
        this(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                0,
                DEFAULT_LIVE_DURATION,
                DEFAULT_RECONNECT_WINDOW,
                null);
    }

    /** Without generator knobs: the default split, attachment ratio and asset stall. */
    public SimConfig(
            long seed,
            int chats,
            int messages,
            String bind,
            int port,
            String apiToken,
            int maxResultsLimit,
            SimProfile profile,
            Set<FaultFamily> faults,
            double faultRate,
            Duration lateAfter,
            Clock clock) {
        this(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                0,
                DEFAULT_ATTACHMENT_RATIO,
                DEFAULT_ASSET_STALL);
    }

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
        if (bigChat < 0 || (bigChat > 0 && bigChat > messages - Math.max(chats - 1, 0))) {
            throw new IllegalArgumentException("bigChat (" + bigChat + ") must be 0 or fit in messages (" + messages
                    + ") with at least one message for each of the other " + Math.max(chats - 1, 0) + " chats");
        }
        if (!(attachmentRatio >= 0 && attachmentRatio <= 1)) {
            throw new IllegalArgumentException("attachmentRatio must be within 0..1, got " + attachmentRatio);
        }
        Objects.requireNonNull(assetStall, "assetStall");
        if (assetStall.isNegative()) {
            throw new IllegalArgumentException("assetStall must not be negative, got " + assetStall);
        }
        if (!(liveRate >= 0 && liveRate <= 10_000)) {
            throw new IllegalArgumentException("liveRate must be within 0..10000 events/s, got " + liveRate);
        }
        Objects.requireNonNull(liveDuration, "liveDuration");
        if (liveDuration.isNegative()) {
            throw new IllegalArgumentException("liveDuration must not be negative, got " + liveDuration);
        }
        Objects.requireNonNull(reconnectWindow, "reconnectWindow");
        if (reconnectWindow.isNegative()) {
            throw new IllegalArgumentException("reconnectWindow must not be negative, got " + reconnectWindow);
        }
        Objects.requireNonNull(pageLatency, "pageLatency");
        if (pageLatency.isNegative()) {
            throw new IllegalArgumentException("pageLatency must not be negative, got " + pageLatency);
        }
    }

    public SimConfig withLiveRate(double eventsPerSecond) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                eventsPerSecond,
                liveDuration,
                reconnectWindow,
                appleExport,
                pageLatency);
    }

    public SimConfig withLiveDuration(Duration duration) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                duration,
                reconnectWindow,
                appleExport,
                pageLatency);
    }

    public SimConfig withReconnectWindow(Duration window) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                liveDuration,
                window,
                appleExport,
                pageLatency);
    }

    /** How many events the generated live phase emits. */
    public int liveEventCount() {
        return (int) Math.round(liveRate * liveDuration.toMillis() / 1000.0);
    }

    /**
     * Also writes the account as Apple's local files at start: {@code kind} {@code chatdb} (a Mac home folder
     * {@code dir} with {@code Library/Messages/chat.db}) or {@code ios-backup} (an iPhone backup folder {@code dir}).
     */
    public SimConfig withAppleExport(String kind, java.nio.file.Path dir) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                liveDuration,
                reconnectWindow,
                new AppleExportRequest(kind, dir),
                pageLatency);
    }

    public SimConfig withBigChat(int messagesInBigChat) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                messagesInBigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                liveDuration,
                reconnectWindow,
                appleExport,
                pageLatency);
    }

    public SimConfig withAttachmentRatio(double ratio) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                ratio,
                assetStall,
                liveRate,
                liveDuration,
                reconnectWindow,
                appleExport,
                pageLatency);
    }

    public SimConfig withAssetStall(Duration stall) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                stall,
                liveRate,
                liveDuration,
                reconnectWindow,
                appleExport,
                pageLatency);
    }

    /** The walking skeleton's shape: basic profile, no faults, system clock. */
    public SimConfig(long seed, int chats, int messages, String bind, int port, String apiToken, int maxResultsLimit) {
        this(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                SimProfile.BASIC,
                Set.of(),
                DEFAULT_FAULT_RATE,
                DEFAULT_LATE_AFTER,
                Clock.systemUTC());
    }

    /** Loopback, ephemeral port, no auth, pages of at most 400 records, basic profile, no faults. */
    public static SimConfig defaults(long seed, int chats, int messages) {
        return new SimConfig(seed, chats, messages, LOOPBACK, 0, null, DEFAULT_MAX_RESULTS_LIMIT);
    }

    public SimConfig withApiToken(String token) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                token,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                liveDuration,
                reconnectWindow,
                appleExport,
                pageLatency);
    }

    public SimConfig withMaxResultsLimit(int limit) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                limit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                liveDuration,
                reconnectWindow,
                appleExport,
                pageLatency);
    }

    public SimConfig withPort(int newPort) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                newPort,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                liveDuration,
                reconnectWindow,
                appleExport,
                pageLatency);
    }

    public SimConfig withProfile(SimProfile newProfile) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                newProfile,
                faults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                liveDuration,
                reconnectWindow,
                appleExport,
                pageLatency);
    }

    public SimConfig withFaults(Set<FaultFamily> newFaults) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                newFaults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                liveDuration,
                reconnectWindow,
                appleExport,
                pageLatency);
    }

    public SimConfig withFaultRate(double rate) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                rate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                liveDuration,
                reconnectWindow,
                appleExport,
                pageLatency);
    }

    public SimConfig withLateAfter(Duration delay) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                delay,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                liveDuration,
                reconnectWindow,
                appleExport,
                pageLatency);
    }

    public SimConfig withClock(Clock newClock) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                newClock,
                bigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                liveDuration,
                reconnectWindow,
                appleExport,
                pageLatency);
    }

    public SimConfig withPageLatency(Duration latency) {
        return new SimConfig(
                seed,
                chats,
                messages,
                bind,
                port,
                apiToken,
                maxResultsLimit,
                profile,
                faults,
                faultRate,
                lateAfter,
                clock,
                bigChat,
                attachmentRatio,
                assetStall,
                liveRate,
                liveDuration,
                reconnectWindow,
                appleExport,
                latency);
    }

    public boolean injects(FaultFamily family) {
        return faults.contains(family);
    }
}
