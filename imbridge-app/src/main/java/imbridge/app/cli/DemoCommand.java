package imbridge.app.cli;

import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.demo.DemoProcesses;
import imbridge.app.demo.DemoRun;
import imbridge.app.demo.WhileServing;
import imbridge.app.demo.WorldHandshake;
import imbridge.app.verify.VerificationReport;
import imbridge.core.util.CancellationToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Runs the bridge end to end against the bundled CloudKit simulator and "
                + "homeserver double, then verifies the result against the simulator's ground truth.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    DatasetOptions dataset;

    @Option(
            names = "--data-dir",
            description = "where the bridge keeps its database and log (default: a new temporary directory)")
    Path dataDir;

    @Option(names = "--report-json", description = "also write the verifier's report as JSON to this file")
    Path reportJson;

    @Option(
            names = "--faults",
            defaultValue = "none",
            description = "fault families to inject, comma-separated: "
                    + "none, cloudkit, matrix, assets (default ${DEFAULT-VALUE})")
    String faults;

    @Option(
            names = "--late-after",
            defaultValue = "3",
            description = "seconds after start at which the full "
                    + "profile's late records appear (default ${DEFAULT-VALUE})")
    int lateAfterSeconds;

    @Option(
            names = "--big-chat",
            defaultValue = "0",
            description =
                    "make the largest conversation exactly this "
                            + "many messages (one of --chats; 0 = the generator's own split) and report its forward backfill as bigChat")
    int bigChat;

    @Option(
            names = "--big-chats",
            defaultValue = "1",
            description =
                    "with --big-chat: how many conversations get "
                            + "exactly that many messages (several large histories backfilled at once; default ${DEFAULT-VALUE})")
    int bigChats;

    @Option(
            names = "--attachment-ratio",
            defaultValue = "0.1",
            description = "share of messages with attachments " + "(default ${DEFAULT-VALUE})")
    double attachmentRatio;

    @Option(
            names = "--live-rate",
            defaultValue = "0",
            description = "live events per second the simulator pushes "
                    + "(its APNs stand-in) once the bridge connects (with --big-chat: once the backfills start, so live "
                    + "messages meet them and their latency is reported); 0 = no live phase (default ${DEFAULT-VALUE})")
    double liveRate;

    @Option(
            names = "--live-duration",
            defaultValue = "20",
            description = "seconds the live phase lasts " + "(default ${DEFAULT-VALUE})")
    int liveDurationSeconds;

    @Option(names = "--hs-batch-send", description = "the homeserver double advertises and serves Beeper batch send")
    boolean hsBatchSend;

    @Option(
            names = "--hs-compat",
            defaultValue = "current",
            description = "the homeserver double behaves as this release: current, or synapse-1.67 (spec v1.2, no "
                    + "authenticated media, legacy appservice transactions, edits applied in /messages; the verifier "
                    + "then reads through the Client-Server API) (default ${DEFAULT-VALUE})")
    String hsCompat;

    @Option(
            names = "--ignore-unsupported-server",
            description = "the bridge starts even when the homeserver advertises less than Matrix v1.4")
    boolean ignoreUnsupportedServer;

    @Option(
            names = "--source",
            defaultValue = "cloudkit",
            description =
                    "history source: cloudkit (the simulator's "
                            + "zones), chatdb (the same account written as a Mac's chat.db) or ios-backup (as an iPhone backup)")
    String source;

    @Option(
            names = "--snapshots",
            defaultValue = "1",
            description = "local sources: 2 imports a first snapshot, "
                    + "then a later one of the same account (new messages, edits, deletions)")
    int snapshots;

    @Option(
            names = "--watch",
            description =
                    "chatdb: the bridge watches the live database while the simulator " + "appends rows at --live-rate")
    boolean watch;

    @Option(
            names = "--sync-latency",
            defaultValue = "0ms",
            description = "the simulator adds this to every "
                    + "change-feed page answer, like a real round trip, e.g. 150ms (default ${DEFAULT-VALUE})")
    String syncLatency;

    @Option(
            names = "--metrics-listen",
            defaultValue = imbridge.app.config.OperatorConfig.DEFAULT_LISTEN,
            description = "where the bridge serves its dashboard, admin API and /metrics while it runs "
                    + "(host:port, port 0 = any free one; 'off' = none; default ${DEFAULT-VALUE})")
    String metricsListen;

    @Option(names = "--exit", description = "exit after the report instead of serving until Ctrl-C")
    boolean exit;

    @Option(
            names = "--bridge-heap",
            defaultValue = "256m",
            description = "CloudKit demos run the bridge (and then "
                    + "the verifier) in a JVM of its own with this -Xmx, and the simulator and the double in another "
                    + "(default ${DEFAULT-VALUE})")
    String bridgeHeap;

    @Option(
            names = "--verifier-heap",
            defaultValue = "768m",
            description = "-Xmx of the verifier's JVM, which " + "runs after the bridge's (default ${DEFAULT-VALUE})")
    String verifierHeap;

    @Option(
            names = "--world-heap",
            description = "-Xmx of the simulator and homeserver double's JVM (default: " + "sized to --messages)")
    String worldHeap;

    @Option(names = "--in-process", description = "run the simulator, the double and the bridge in this JVM")
    boolean inProcess;

    @Option(
            names = "--role",
            hidden = true,
            description = "world | bridge | verify: one part of a demo split over processes")
    String role;

    @Option(names = "--world-handshake", hidden = true, description = "bridge role: the world's handshake file")
    Path worldHandshake;

    @Spec
    CommandSpec spec;

    private imbridge.app.config.OperatorConfig operator;

    @Override
    public Integer call() throws Exception {
        if (dataset.chats < 1 || dataset.messages < dataset.chats) {
            System.err.println("imbridge demo: need --chats >= 1 and --messages >= --chats");
            return 2;
        }
        if (bigChat < 0
                || bigChat > dataset.messages - (dataset.chats - 1)
                || !(attachmentRatio >= 0 && attachmentRatio <= 1)) {
            System.err.println("imbridge demo: need 0 <= --big-chat <= --messages - (--chats - 1) and "
                    + "0 <= --attachment-ratio <= 1");
            return 2;
        }
        if (bigChats < 1
                || bigChats > dataset.chats
                || (long) bigChat * bigChats > dataset.messages - (dataset.chats - bigChats)) {
            System.err.println("imbridge demo: need 1 <= --big-chats <= --chats and --big-chat × --big-chats <= "
                    + "--messages - (--chats - --big-chats)");
            return 2;
        }
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("imbridge-demo-");
        Files.createDirectories(dir);
        if (role == null
                && Files.exists(dir.resolve("imbridge.db"))
                && !DemoResume.canResume(dir.resolve("imbridge.db"))) {
            System.err.println(
                    "imbridge demo: " + dir + " holds a bridge that already created Matrix rooms; the "
                            + "homeserver double keeps its rooms in memory only, so such a run cannot be resumed. An "
                            + "interrupted sync (no rooms yet) can be: rerun with the same --seed. Otherwise use a new --data-dir.");
            return 2;
        }
        System.setProperty(
                "imbridge.log.dir", "world".equals(role) ? dir.resolve("world").toString() : dir.toString());
        System.setProperty("imbridge.console.level", "WARN");
        DemoOptions options;
        try {
            options = new DemoOptions(
                            dataset.seed,
                            dataset.chats,
                            dataset.messages,
                            dir,
                            reportJson,
                            dataset.profile,
                            DemoOptions.parseFaults(faults),
                            hsBatchSend,
                            java.time.Duration.ofSeconds(lateAfterSeconds),
                            bigChat,
                            attachmentRatio,
                            liveRate,
                            java.time.Duration.ofSeconds(liveDurationSeconds),
                            new DemoOptions.LocalSource(source, snapshots, watch),
                            DemoOptions.parseLatency(syncLatency),
                            bigChats)
                    .withHomeserverMode(new DemoOptions.HomeserverMode(
                            imbridge.sim.hs.HsCompat.parse(hsCompat), ignoreUnsupportedServer));
        } catch (IllegalArgumentException e) {
            System.err.println("imbridge demo: " + e.getMessage());
            return 2;
        }
        try {
            operator = metricsListen.equals("off")
                    ? imbridge.app.config.OperatorConfig.DISABLED
                    : imbridge.app.config.OperatorConfig.of(true, metricsListen, null);
        } catch (imbridge.app.config.ConfigException e) {
            System.err.println("imbridge demo: --metrics-listen: " + e.getMessage());
            return 2;
        }
        if (role != null) {
            return runRole(options);
        }
        Path jar = runningJar();
        // Live demos measure latency with the simulator's push times and the double's accept times, read in-process.
        if (!inProcess && !options.local().isLocal() && !options.live() && jar != null) {
            return new DemoProcesses(
                            jar,
                            argsWithoutDataDir(),
                            dir,
                            reportJson,
                            bridgeHeap,
                            verifierHeap,
                            worldHeap != null ? worldHeap : DemoProcesses.defaultWorldHeap(dataset.messages),
                            System.out)
                    .run(!exit);
        }
        CancellationToken cancel = new CancellationToken();
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            DemoRun run = new DemoRun(options, System.out, Fatal.HALT).withOperator(operator);
            VerificationReport[] report = new VerificationReport[1];
            StopSignal stop = exit ? null : StopSignal.install();
            try { // a failure: one line, by FailureLine
                if (stop == null) {
                    report[0] = run.run(env, cancel);
                } else { // the bridge stays up beside the simulator and the double once verified, until Ctrl-C
                    run.bridge(env, cancel, () -> {
                        report[0] = run.verify(env);
                        System.out.println("serving: CloudKit simulator " + env.simulatorUrl() + " , homeserver "
                                + "double " + env.homeserverUrl() + " (inspection API under /_double/); "
                                + SERVING_BRIDGE);
                        stop.await();
                    });
                }
            } finally {
                if (stop != null) {
                    stop.done();
                }
            }
            return report[0].ok() && run.liveOk() && run.profilesOk() ? 0 : 1;
        }
    }

    private static final String SERVING_BRIDGE =
            "the bridge keeps serving (sync, live path, dashboard, admin API, /metrics). Ctrl-C to stop.";

    /** One side of the demo split over processes ({@link DemoProcesses}). */
    private int runRole(DemoOptions options) throws Exception {
        switch (role) {
            case "world" -> {
                try (DemoEnvironment env = DemoEnvironment.start(options)) {
                    DemoProcesses.serveWorld(env, System.out);
                }
                return 0;
            }
            case "bridge", "verify" -> {
                if (worldHandshake == null) {
                    System.err.println("imbridge demo: --role " + role + " needs --world-handshake");
                    return 2;
                }
                DemoEnvironment env =
                        DemoEnvironment.remote(options, WorldHandshake.parse(Files.readString(worldHandshake)));
                DemoRun run = new DemoRun(options, System.out, Fatal.HALT);
                if (role.equals("bridge")) {
                    run.withOperator(operator);
                    StopSignal stop = exit ? null : StopSignal.install();
                    try { // a failure: one line, by FailureLine
                        run.bridge(
                                env,
                                new CancellationToken(),
                                exit
                                        ? WhileServing.NOTHING
                                        : () -> {
                                            System.out.println(DemoProcesses.BRIDGE_SERVING + " " + SERVING_BRIDGE);
                                            System.out.flush();
                                            stop.await();
                                        });
                    } finally {
                        if (stop != null) {
                            stop.done();
                        }
                    }
                    return 0;
                }
                VerificationReport report = run.verify(env);
                return report.ok() && run.liveOk() && run.profilesOk() ? 0 : 1;
            }
            default -> {
                System.err.println("imbridge demo: unknown --role " + role);
                return 2;
            }
        }
    }

    /** The application jar this JVM runs from, or null when it runs from class folders (tests, IDE). */
    private static Path runningJar() {
        try {
            Path p = Path.of(DemoCommand.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return p.toString().endsWith(".jar") && Files.isRegularFile(p) ? p : null;
        } catch (java.net.URISyntaxException | SecurityException e) {
            return null;
        }
    }

    /** The user's arguments for the child JVMs, minus {@code --data-dir} (they get the resolved folder). */
    private List<String> argsWithoutDataDir() {
        List<String> out = new ArrayList<>();
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        for (int i = 0; i < original.size(); i++) {
            String a = original.get(i);
            if (a.equals("--data-dir")) {
                i++;
            } else if (!a.startsWith("--data-dir=") && !(i == 0 && a.equals("demo"))) {
                out.add(a);
            }
        }
        return out;
    }
}
