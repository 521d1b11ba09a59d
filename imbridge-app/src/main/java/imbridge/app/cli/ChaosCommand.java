package imbridge.app.cli;

import imbridge.app.chaos.ChaosOptions;
import imbridge.app.chaos.ChaosReport;
import imbridge.app.chaos.ChaosRun;
import imbridge.app.chaos.ChaosWorldServer;
import imbridge.app.demo.DemoOptions;
import imbridge.core.util.CancellationToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = "Runs the CloudKit simulator, the homeserver double and the bridge as separate processes, "
                + "SIGKILLs the bridge at moments chosen from the seed to cover every phase (bootstrap pages, "
                + "discovery, backfill sends, media uploads, live, re-syncs), restarts the double and the simulator "
                + "a few times, then lets the bridge finish and verifies the rooms through the Client-Server API. "
                + "Exits 0 only if nothing is missing, duplicated, out of order, unexpected, mismatched, resurrected "
                + "or left pending.")
final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--kills", defaultValue = "20", description = "SIGKILLs of the bridge (default ${DEFAULT-VALUE})")
    int kills;

    @Option(
            names = "--seed",
            defaultValue = "41",
            description = "seed of the kill schedule and of the generated account: the same seed, the same "
                    + "schedule (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--profile",
            defaultValue = "full",
            description = "dataset profile: basic or full (default ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--chats", defaultValue = "20", description = "conversations (default ${DEFAULT-VALUE})")
    int chats;

    @Option(names = "--messages", defaultValue = "4000", description = "messages (default ${DEFAULT-VALUE})")
    int messages;

    @Option(
            names = "--attachment-ratio",
            defaultValue = "0.1",
            description = "share of messages with attachments (default ${DEFAULT-VALUE})")
    double attachmentRatio;

    @Option(
            names = "--live-rate",
            defaultValue = "10",
            description = "live events per second the simulator pushes once the live stretch's kills begin "
                    + "(default ${DEFAULT-VALUE})")
    double liveRate;

    @Option(
            names = "--live-duration",
            defaultValue = "120",
            description = "seconds the live script lasts once released (default ${DEFAULT-VALUE})")
    int liveDurationSeconds;

    @Option(
            names = "--sync-latency",
            defaultValue = "100ms",
            description = "added to every change-feed page, so the bootstrap lasts long enough to be hit "
                    + "(default ${DEFAULT-VALUE})")
    String syncLatency;

    @Option(
            names = "--data-dir",
            description = "the bridge's data directory, the lives' consoles and the world's log (default: a new "
                    + "temporary directory; must not hold an earlier run)")
    Path dataDir;

    @Option(names = "--bridge-heap", defaultValue = "256m", description = "-Xmx of each bridge life")
    String bridgeHeap;

    @Option(names = "--world-heap", defaultValue = "768m", description = "-Xmx of the simulator and double's JVM")
    String worldHeap;

    @Option(names = "--role", hidden = true, description = "world: the simulator and double's process")
    String role;

    @Override
    public Integer call() throws Exception {
        if (kills < 0 || chats < 1 || messages < chats || liveRate <= 0 || liveDurationSeconds < 1) {
            System.err.println("imbridge chaos: need --kills >= 0, --chats >= 1, --messages >= --chats, "
                    + "--live-rate > 0 and --live-duration >= 1");
            return 2;
        }
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("imbridge-chaos-");
        ChaosOptions options;
        try {
            options = new ChaosOptions(
                    seed,
                    kills,
                    chats,
                    messages,
                    profile,
                    liveRate,
                    Duration.ofSeconds(liveDurationSeconds),
                    DemoOptions.parseLatency(syncLatency),
                    attachmentRatio,
                    dir.toAbsolutePath(),
                    bridgeHeap,
                    worldHeap);
        } catch (IllegalArgumentException e) {
            System.err.println("imbridge chaos: " + e.getMessage());
            return 2;
        }
        if ("world".equals(role)) {
            System.setProperty("imbridge.log.dir", dir.resolve("world").toString());
            ChaosWorldServer.serve(options.demoOptions(), System.in, System.out);
            return 0;
        }
        if (role != null) {
            System.err.println("imbridge chaos: unknown --role " + role);
            return 2;
        }
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve("imbridge.db"))) {
            System.err.println("imbridge chaos: " + dir + " holds an earlier run (the double keeps its rooms in "
                    + "memory only, so it cannot go on): use a new --data-dir");
            return 2;
        }
        System.setProperty("imbridge.log.dir", dir.toString());
        System.setProperty("imbridge.console.level", "WARN");
        System.out.println("imbridge chaos: data directory " + dir.toAbsolutePath());
        ChaosReport report = new ChaosRun(options, System.out, new CancellationToken()).run();
        report.print(System.out);
        return report.ok() ? 0 : 1;
    }
}
