package imbridge.app.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What {@code imbridge demo} runs: a generated account of {@code chats} conversations and {@code messages} messages.
 *
 * @param bigChat         0, or the exact size of the largest conversation (reported as {@code bigChat})
 * @param attachmentRatio share of messages with attachments
 * @param liveRate        live events per second the simulator pushes after the bridge connects (0 = no live phase)
 * @param liveDuration    how long the simulator's live phase lasts
 * @param syncLatency     the simulator's added round trip per change-feed page (zero = none)
 * @param bigChats        how many conversations get exactly {@code bigChat} messages (several large histories)
 * @param homeserverMode  which homeserver release the double behaves as, and whether the bridge accepts an old one
 */
public record DemoOptions(
        long seed,
        int chats,
        int messages,
        Path dataDir,
        Path reportJson,
        String profile,
        Set<String> faults,
        boolean hsBatchSend,
        Duration lateAfter,
        int bigChat,
        double attachmentRatio,
        double liveRate,
        Duration liveDuration,
        LocalSource local,
        Duration syncLatency,
        int bigChats,
        HomeserverMode homeserverMode) {

    /**
     * {@code --hs-compat} and {@code --ignore-unsupported-server}.
     *
     * @param compat                  the release the homeserver double behaves as
     * @param ignoreUnsupportedServer the bridge starts against a homeserver older than Matrix v1.4
     */
    public record HomeserverMode(imbridge.sim.hs.HsCompat compat, boolean ignoreUnsupportedServer) {
        public static final HomeserverMode CURRENT = new HomeserverMode(imbridge.sim.hs.HsCompat.CURRENT, false);

        public HomeserverMode {
            compat = compat == null ? imbridge.sim.hs.HsCompat.CURRENT : compat;
        }
    }

    /** As a current homeserver. */
    public DemoOptions(
            long seed,
            int chats,
            int messages,
            Path dataDir,
            Path reportJson,
            String profile,
            Set<String> faults,
            boolean hsBatchSend,
            Duration lateAfter,
            int bigChat,
            double attachmentRatio,
            double liveRate,
            Duration liveDuration,
            LocalSource local,
            Duration syncLatency,
            int bigChats) {
        this(
                seed,
                chats,
                messages,
                dataDir,
                reportJson,
                profile,
                faults,
                hsBatchSend,
                lateAfter,
                bigChat,
                attachmentRatio,
                liveRate,
                liveDuration,
                local,
                syncLatency,
                bigChats,
                HomeserverMode.CURRENT);
    }

    /** These options against another homeserver release. */
    public DemoOptions withHomeserverMode(HomeserverMode mode) {
        return new DemoOptions(
                seed,
                chats,
                messages,
                dataDir,
                reportJson,
                profile,
                faults,
                hsBatchSend,
                lateAfter,
                bigChat,
                attachmentRatio,
                liveRate,
                liveDuration,
                local,
                syncLatency,
                bigChats,
                mode);
    }

    /** With one big chat. */
    public DemoOptions(
            long seed,
            int chats,
            int messages,
            Path dataDir,
            Path reportJson,
            String profile,
            Set<String> faults,
            boolean hsBatchSend,
            Duration lateAfter,
            int bigChat,
            double attachmentRatio,
            double liveRate,
            Duration liveDuration,
            LocalSource local) {
        this(
                seed,
                chats,
                messages,
                dataDir,
                reportJson,
                profile,
                faults,
                hsBatchSend,
                lateAfter,
                bigChat,
                attachmentRatio,
                liveRate,
                liveDuration,
                local,
                Duration.ZERO,
                1);
    }

    /**
     * The history source of the demo: {@code cloudkit} (the simulator's CloudKit zones) or one of the local Apple
     * sources, which the simulator writes as files from the same account.
     *
     * @param source    {@code cloudkit}, {@code chatdb} or {@code ios-backup}
     * @param snapshots 1, or 2: import a first snapshot, then a later one of the same account
     * @param watch     chatdb only: the bridge watches the live database while the simulator appends rows
     */
    public record LocalSource(String source, int snapshots, boolean watch) {
        public static final List<String> KINDS = List.of("cloudkit", "chatdb", "ios-backup");
        public static final LocalSource CLOUDKIT = new LocalSource("cloudkit", 1, false);

        public LocalSource {
            if (!KINDS.contains(source)) {
                throw new IllegalArgumentException(
                        "unknown source '" + source + "'; known: " + String.join(", ", KINDS));
            }
            if (snapshots < 1 || snapshots > 2) {
                throw new IllegalArgumentException("--snapshots must be 1 or 2");
            }
            if ((snapshots > 1 || watch) && source.equals("cloudkit")) {
                throw new IllegalArgumentException("--snapshots and --watch need --source chatdb or ios-backup");
            }
            if (watch && !source.equals("chatdb")) {
                throw new IllegalArgumentException("--watch needs --source chatdb (a backup is a static file)");
            }
        }

        public boolean isLocal() {
            return !source.equals("cloudkit");
        }
    }

    public DemoOptions(
            long seed,
            int chats,
            int messages,
            Path dataDir,
            Path reportJson,
            String profile,
            Set<String> faults,
            boolean hsBatchSend,
            Duration lateAfter,
            int bigChat,
            double attachmentRatio,
            double liveRate,
            Duration liveDuration) {
        this(
                seed,
                chats,
                messages,
                dataDir,
                reportJson,
                profile,
                faults,
                hsBatchSend,
                lateAfter,
                bigChat,
                attachmentRatio,
                liveRate,
                liveDuration,
                LocalSource.CLOUDKIT);
    }

    public static final Duration DEFAULT_LIVE_DURATION = Duration.ofSeconds(20);

    public DemoOptions(
            long seed,
            int chats,
            int messages,
            Path dataDir,
            Path reportJson,
            String profile,
            Set<String> faults,
            boolean hsBatchSend,
            Duration lateAfter,
            int bigChat,
            double attachmentRatio) {
        this(
                seed,
                chats,
                messages,
                dataDir,
                reportJson,
                profile,
                faults,
                hsBatchSend,
                lateAfter,
                bigChat,
                attachmentRatio,
                0,
                DEFAULT_LIVE_DURATION);
    }

    public boolean live() {
        return liveRate > 0;
    }

    public static final Duration DEFAULT_LATE_AFTER = Duration.ofSeconds(3);
    public static final double DEFAULT_ATTACHMENT_RATIO = imbridge.sim.cloudkit.SimConfig.DEFAULT_ATTACHMENT_RATIO;

    public DemoOptions(
            long seed,
            int chats,
            int messages,
            Path dataDir,
            Path reportJson,
            String profile,
            Set<String> faults,
            boolean hsBatchSend,
            Duration lateAfter) {
        this(
                seed,
                chats,
                messages,
                dataDir,
                reportJson,
                profile,
                faults,
                hsBatchSend,
                lateAfter,
                0,
                DEFAULT_ATTACHMENT_RATIO);
    }

    public DemoOptions(long seed, int chats, int messages, Path dataDir, Path reportJson) {
        this(seed, chats, messages, dataDir, reportJson, "basic", Set.of(), false, DEFAULT_LATE_AFTER);
    }

    public DemoOptions {
        faults = Set.copyOf(faults);
        local = local == null ? LocalSource.CLOUDKIT : local;
        syncLatency = syncLatency == null ? Duration.ZERO : syncLatency;
        homeserverMode = homeserverMode == null ? HomeserverMode.CURRENT : homeserverMode;
        if (syncLatency.isNegative()) {
            throw new IllegalArgumentException("--sync-latency must not be negative");
        }
        if (bigChats < 1 || (bigChats > 1 && bigChat == 0)) {
            throw new IllegalArgumentException("--big-chats must be >= 1, and above 1 only with --big-chat");
        }
    }

    /** Parses {@code --sync-latency}: milliseconds, with or without {@code ms}, or seconds with {@code s}. */
    public static Duration parseLatency(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(
                        Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(
                        Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1000));
            }
            return Duration.ofMillis(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--sync-latency: '" + value + "' is not a duration like 150ms or 0.2s");
        }
    }

    /** Parses {@code --faults}: a comma-separated list of families, or {@code none}. */
    public static Set<String> parseFaults(String value) {
        Set<String> out = new java.util.TreeSet<>();
        for (String f : value.split(",")) {
            String name = f.trim().toLowerCase(java.util.Locale.ROOT);
            if (name.isEmpty() || name.equals("none")) {
                continue;
            }
            if (!KNOWN_FAULTS.contains(name)) {
                throw new IllegalArgumentException(
                        "unknown fault family '" + name + "'; known: none, " + String.join(", ", KNOWN_FAULTS));
            }
            out.add(name);
        }
        return out;
    }

    public static final List<String> KNOWN_FAULTS = List.of("cloudkit", "matrix", "assets", "live");
}
