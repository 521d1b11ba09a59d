package imbridge.app.chaos;

import imbridge.app.demo.DemoOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * One chaos run: the schedule's seed and size, the account the simulator generates (the dataset seed is the chaos
 * seed), its live phase, and where the bridge keeps its data.
 *
 * @param liveRate     live events per second once released (the runner releases them when the live stretch's kills begin)
 * @param syncLatency  added to each change-feed page so the bootstrap lasts long enough to be hit several times
 */
public record ChaosOptions(
        long seed,
        int kills,
        int chats,
        int messages,
        String profile,
        double liveRate,
        Duration liveDuration,
        Duration syncLatency,
        double attachmentRatio,
        Path dataDir,
        String bridgeHeap,
        String worldHeap) {

    /** The demo's world for these options: no faults besides the kills and restarts, late records from the start. */
    public DemoOptions demoOptions() {
        return new DemoOptions(
                seed,
                chats,
                messages,
                dataDir,
                null,
                profile,
                Set.of(),
                false,
                Duration.ZERO, // late records visible at once: arriving behind live messages they could only append
                0,
                attachmentRatio,
                liveRate,
                liveDuration,
                DemoOptions.LocalSource.CLOUDKIT,
                syncLatency,
                1);
    }

    /** The arguments that make a child JVM's {@code chaos} command rebuild these options. */
    java.util.List<String> childArgs() {
        return java.util.List.of(
                "--seed", Long.toString(seed),
                "--kills", Integer.toString(kills),
                "--chats", Integer.toString(chats),
                "--messages", Integer.toString(messages),
                "--profile", profile,
                "--live-rate", Double.toString(liveRate),
                "--live-duration", Long.toString(liveDuration.toSeconds()),
                "--sync-latency", syncLatency.toMillis() + "ms",
                "--attachment-ratio", Double.toString(attachmentRatio),
                "--data-dir", dataDir.toString());
    }
}
