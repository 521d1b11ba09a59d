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
 */
public record DemoOptions(long seed, int chats, int messages, Path dataDir, Path reportJson, String profile,
                          Set<String> faults, boolean hsBatchSend, Duration lateAfter, int bigChat,
                          double attachmentRatio, double liveRate, Duration liveDuration) {

    public static final Duration DEFAULT_LIVE_DURATION = Duration.ofSeconds(20);

    public DemoOptions(long seed, int chats, int messages, Path dataDir, Path reportJson, String profile,
                       Set<String> faults, boolean hsBatchSend, Duration lateAfter, int bigChat,
                       double attachmentRatio) {
        this(seed, chats, messages, dataDir, reportJson, profile, faults, hsBatchSend, lateAfter, bigChat,
                attachmentRatio, 0, DEFAULT_LIVE_DURATION);
    }

    public boolean live() {
        return liveRate > 0;
    }

    public static final Duration DEFAULT_LATE_AFTER = Duration.ofSeconds(3);
    public static final double DEFAULT_ATTACHMENT_RATIO = imbridge.sim.cloudkit.SimConfig.DEFAULT_ATTACHMENT_RATIO;

    public DemoOptions(long seed, int chats, int messages, Path dataDir, Path reportJson, String profile,
                       Set<String> faults, boolean hsBatchSend, Duration lateAfter) {
        this(seed, chats, messages, dataDir, reportJson, profile, faults, hsBatchSend, lateAfter, 0,
                DEFAULT_ATTACHMENT_RATIO);
    }

    public DemoOptions(long seed, int chats, int messages, Path dataDir, Path reportJson) {
        this(seed, chats, messages, dataDir, reportJson, "basic", Set.of(), false, DEFAULT_LATE_AFTER);
    }

    public DemoOptions {
        faults = Set.copyOf(faults);
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
                throw new IllegalArgumentException("unknown fault family '" + name + "'; known: none, "
                        + String.join(", ", KNOWN_FAULTS));
            }
            out.add(name);
        }
        return out;
    }

    public static final List<String> KNOWN_FAULTS = List.of("cloudkit", "matrix", "assets", "live");
}
