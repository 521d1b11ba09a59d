package imbridge.sim.cloudkit;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How a {@link CloudKitSimulator} is started: the dataset to generate, the faults to inject and where to serve it.
 *
 * <p>
 * Build one with {@link #defaults} and the with-methods; each component has its check in the canonical constructor.
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

    public static final double DEFAULT_ATTACHMENT_RATIO = DatasetGenerator.WITH_ATTACHMENTS_SHARE;
    public static final Duration DEFAULT_ASSET_STALL = Duration.ofSeconds(120);
    public static final Duration DEFAULT_LIVE_DURATION = Duration.ofSeconds(20);
    public static final Duration DEFAULT_RECONNECT_WINDOW = Duration.ofSeconds(30);

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

    /** How many events the generated live phase emits. */
    public int liveEventCount() {
        return (int) Math.round(liveRate * liveDuration.toMillis() / 1000.0);
    }

    /** Loopback, ephemeral port, no auth, pages of at most 400 records, basic profile, no faults, system clock. */
    public static SimConfig defaults(long seed, int chats, int messages) {
        return new Builder(seed, chats, messages).build();
    }

    public SimConfig withBind(String address) {
        return with(b -> b.bind = address);
    }

    public SimConfig withPort(int newPort) {
        return with(b -> b.port = newPort);
    }

    public SimConfig withApiToken(String token) {
        return with(b -> b.apiToken = token);
    }

    public SimConfig withMaxResultsLimit(int limit) {
        return with(b -> b.maxResultsLimit = limit);
    }

    public SimConfig withProfile(SimProfile newProfile) {
        return with(b -> b.profile = newProfile);
    }

    public SimConfig withFaults(Set<FaultFamily> newFaults) {
        return with(b -> b.faults = newFaults);
    }

    public SimConfig withFaultRate(double rate) {
        return with(b -> b.faultRate = rate);
    }

    public SimConfig withLateAfter(Duration delay) {
        return with(b -> b.lateAfter = delay);
    }

    public SimConfig withClock(Clock newClock) {
        return with(b -> b.clock = newClock);
    }

    public SimConfig withBigChat(int messagesInBigChat) {
        return with(b -> b.bigChat = messagesInBigChat);
    }

    public SimConfig withAttachmentRatio(double ratio) {
        return with(b -> b.attachmentRatio = ratio);
    }

    public SimConfig withAssetStall(Duration stall) {
        return with(b -> b.assetStall = stall);
    }

    public SimConfig withLiveRate(double eventsPerSecond) {
        return with(b -> b.liveRate = eventsPerSecond);
    }

    public SimConfig withLiveDuration(Duration duration) {
        return with(b -> b.liveDuration = duration);
    }

    public SimConfig withReconnectWindow(Duration window) {
        return with(b -> b.reconnectWindow = window);
    }

    /**
     * Also writes the account as Apple's local files at start: {@code kind} {@code chatdb} (a Mac home folder
     * {@code dir} with {@code Library/Messages/chat.db}) or {@code ios-backup} (an iPhone backup folder {@code dir}).
     */
    public SimConfig withAppleExport(String kind, java.nio.file.Path dir) {
        return with(b -> b.appleExport = new AppleExportRequest(kind, dir));
    }

    public SimConfig withPageLatency(Duration latency) {
        return with(b -> b.pageLatency = latency);
    }

    public boolean injects(FaultFamily family) {
        return faults.contains(family);
    }

    /** Every with-method copies through one builder, so the component list is spelled out once for copying. */
    private SimConfig with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** A mutable copy of the components; its initial values are the defaults of {@link #defaults}. */
    private static final class Builder {
        private final long seed;
        private final int chats;
        private final int messages;
        private String bind = LOOPBACK;
        private int port;
        private String apiToken;
        private int maxResultsLimit = DEFAULT_MAX_RESULTS_LIMIT;
        private SimProfile profile = SimProfile.BASIC;
        private Set<FaultFamily> faults = Set.of();
        private double faultRate = DEFAULT_FAULT_RATE;
        private Duration lateAfter = DEFAULT_LATE_AFTER;
        private Clock clock = Clock.systemUTC();
        private int bigChat;
        private double attachmentRatio = DEFAULT_ATTACHMENT_RATIO;
        private Duration assetStall = DEFAULT_ASSET_STALL;
        private double liveRate;
        private Duration liveDuration = DEFAULT_LIVE_DURATION;
        private Duration reconnectWindow = DEFAULT_RECONNECT_WINDOW;
        private AppleExportRequest appleExport;
        private Duration pageLatency = Duration.ZERO;

        private Builder(long seed, int chats, int messages) {
            this.seed = seed;
            this.chats = chats;
            this.messages = messages;
        }

        private Builder(SimConfig c) {
            this(c.seed, c.chats, c.messages);
            bind = c.bind;
            port = c.port;
            apiToken = c.apiToken;
            maxResultsLimit = c.maxResultsLimit;
            profile = c.profile;
            faults = c.faults;
            faultRate = c.faultRate;
            lateAfter = c.lateAfter;
            clock = c.clock;
            bigChat = c.bigChat;
            attachmentRatio = c.attachmentRatio;
            assetStall = c.assetStall;
            liveRate = c.liveRate;
            liveDuration = c.liveDuration;
            reconnectWindow = c.reconnectWindow;
            appleExport = c.appleExport;
            pageLatency = c.pageLatency;
        }

        private SimConfig build() {
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
                    pageLatency);
        }
    }
}
