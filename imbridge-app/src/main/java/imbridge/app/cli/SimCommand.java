package imbridge.app.cli;

import imbridge.sim.cloudkit.CloudKitSimulator;
import imbridge.sim.cloudkit.FaultFamily;
import imbridge.sim.cloudkit.SimConfig;
import imbridge.sim.cloudkit.SimProfile;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "sim",
        mixinStandardHelpOptions = true,
        description = "Runs the CloudKit simulator on its own: serves a generated iMessage account "
                + "over the CloudKit-shaped API, and its ground truth for 'imbridge verify', until stopped (Ctrl-C).")
final class SimCommand implements Callable<Integer> {
    @Mixin
    DatasetOptions dataset;

    @Option(
            names = "--faults",
            defaultValue = "none",
            description = "fault families to inject: none, or a comma "
                    + "list of cloudkit, assets, live (default ${DEFAULT-VALUE})")
    String faults;

    @Option(
            names = "--fault-rate",
            defaultValue = "0.05",
            description = "share of changes/zone requests that get a "
                    + "fault when --faults cloudkit (default ${DEFAULT-VALUE})")
    double faultRate;

    @Option(
            names = "--live-rate",
            defaultValue = "0",
            description = "live push events per second once the first "
                    + "stream connection is accepted, 0 for none (default ${DEFAULT-VALUE})")
    double liveRate;

    @Option(
            names = "--live-duration",
            defaultValue = "20",
            description = "seconds the live phase lasts " + "(default ${DEFAULT-VALUE})")
    long liveDurationSeconds;

    @Option(
            names = "--write-apple",
            description =
                    "also write the account as Apple's files and serve their truth: "
                            + "chatdb (a Mac home folder with Library/Messages/chat.db) or ios-backup (an iPhone backup folder)")
    String writeApple;

    @Option(
            names = "--apple-dir",
            defaultValue = "imbridge-data/sim-apple",
            description = "where --write-apple " + "writes (default ${DEFAULT-VALUE})")
    java.nio.file.Path appleDir;

    @Option(
            names = "--port",
            defaultValue = "8081",
            description = "listen port, 0 for any free one (default ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--bind",
            defaultValue = SimConfig.LOOPBACK,
            description = "listen address (default ${DEFAULT-VALUE})")
    String bind;

    @Option(
            names = "--api-token",
            description = "require ?ckAPIToken=<token> on every CloudKit request " + "(config cloudkit.api_token)")
    String apiToken;

    @Option(
            names = "--log-dir",
            defaultValue = "imbridge-data/sim",
            description = "where imbridge.log goes " + "(default ${DEFAULT-VALUE})")
    Path logDir;

    @Override
    public Integer call() throws Exception {
        SimConfig config;
        try {
            Set<FaultFamily> families = FaultFamily.parseSet(faults);
            SimProfile simProfile = SimProfile.parse(dataset.profile);
            config = SimConfig.defaults(dataset.seed, dataset.chats, dataset.messages)
                    .withBind(bind)
                    .withPort(port)
                    .withApiToken(apiToken)
                    .withProfile(simProfile)
                    .withFaults(families)
                    .withFaultRate(faultRate)
                    .withLiveRate(liveRate)
                    .withLiveDuration(java.time.Duration.ofSeconds(liveDurationSeconds));
            if (writeApple != null) {
                if (!writeApple.equals("chatdb") && !writeApple.equals("ios-backup")) {
                    throw new IllegalArgumentException("--write-apple takes chatdb or ios-backup, not " + writeApple);
                }
                config = config.withAppleExport(writeApple, appleDir.toAbsolutePath());
            }
        } catch (IllegalArgumentException e) {
            System.err.println("imbridge sim: " + e.getMessage());
            return 2;
        }
        System.setProperty("imbridge.log.dir", logDir.toString());
        StopSignal stop = StopSignal.install();
        CloudKitSimulator started;
        try {
            started = CloudKitSimulator.start(config);
        } catch (RuntimeException e) {
            stop.done();
            System.err.println("imbridge sim: cannot serve on " + bind + ":" + port + ": " + e.getMessage());
            return 1;
        }
        try (CloudKitSimulator sim = started) {
            var summary = sim.dataset().summary();
            System.out.printf(
                    "CloudKit simulator: seed %d, profile %s, faults %s; %d chats, %d messages, %d attachments%n",
                    dataset.seed,
                    config.profile().id(),
                    FaultFamily.format(config.faults()),
                    summary.chats(),
                    summary.messages(),
                    summary.attachments());
            System.out.println("  base URL:      " + sim.baseUrl());
            System.out.println("  database URL:  " + sim.databaseUrl() + "   (config cloudkit.database_url)");
            System.out.println("  ground truth:  " + sim.baseUrl() + "/_sim/truth   (imbridge verify --truth "
                    + sim.baseUrl() + ")");
            System.out.println("  owner handles: "
                    + String.join(", ", sim.dataset().ownerHandles()) + "   (config bridge.own_handles)");
            sim.appleExport()
                    .ifPresent(export -> System.out.println(
                            "  Apple files:   " + export.result().root()
                                    + "   (config source.path: "
                                    + (writeApple.equals("chatdb")
                                            ? export.database()
                                            : export.result().root()) + ")"));
            System.out.println("serving until stopped (Ctrl-C)");
            System.out.flush();
            stop.await();
        } finally {
            stop.done();
        }
        return 0;
    }
}
