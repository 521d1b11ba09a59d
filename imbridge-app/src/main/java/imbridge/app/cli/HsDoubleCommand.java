package imbridge.app.cli;

import imbridge.sim.hs.FaultKind;
import imbridge.sim.hs.HomeserverDouble;
import imbridge.sim.hs.HsCompat;
import imbridge.sim.hs.HsConfig;
import imbridge.sim.hs.HsFaults;
import imbridge.sim.hs.Registration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "hs-double",
        mixinStandardHelpOptions = true,
        description =
                "Runs the Matrix homeserver double on its own: a strict in-memory "
                        + "homeserver for one appservice registration, with an inspection API under /_double/, until stopped (Ctrl-C).")
final class HsDoubleCommand implements Callable<Integer> {
    @Option(
            names = "--registration",
            required = true,
            description = "the appservice registration YAML " + "('imbridge generate-registration' writes one)")
    Path registration;

    @Option(
            names = "--port",
            defaultValue = "8008",
            description = "listen port, 0 for any free one (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "listen address (default ${DEFAULT-VALUE})")
    String bind;

    @Option(
            names = "--server-name",
            defaultValue = "localhost",
            description = "the server name, config " + "homeserver.domain (default ${DEFAULT-VALUE})")
    String serverName;

    @Option(
            names = "--user",
            description = "a real (non-appservice) user that exists from the start and gets an "
                    + "access token; repeatable (default @user:<server name>, the bridge.owner of a test config)")
    List<String> users;

    @Option(names = "--batch-send", description = "advertise and serve Beeper batch send (com.beeper.batch_sending)")
    boolean batchSend;

    @Option(
            names = "--faults",
            defaultValue = "none",
            description =
                    "none, or matrix: answer a share of "
                            + "Client-Server requests with 429, 502, 503, dropped connections or slowly (default ${DEFAULT-VALUE})")
    String faults;

    @Option(
            names = "--fault-rate",
            defaultValue = "0.05",
            description = "share of requests hit when --faults matrix " + "(default ${DEFAULT-VALUE})")
    double faultRate;

    @Option(
            names = "--fault-seed",
            defaultValue = "7",
            description = "makes the injected faults reproducible " + "(default ${DEFAULT-VALUE})")
    long faultSeed;

    @Option(
            names = "--compat",
            defaultValue = "current",
            description = "behave as this homeserver release: current, or synapse-1.67 (spec v1.2, no authenticated "
                    + "media, legacy appservice transactions, edits applied in /messages; default ${DEFAULT-VALUE})")
    String compat;

    @Option(
            names = "--log-dir",
            defaultValue = "imbridge-data/hs-double",
            description = "where imbridge.log goes " + "(default ${DEFAULT-VALUE})")
    Path logDir;

    @Override
    public Integer call() throws Exception {
        HsConfig config;
        try {
            Registration reg = Registration.load(registration);
            List<String> realUsers = users == null || users.isEmpty() ? List.of("@user:" + serverName) : users;
            config = new HsConfig(serverName, bind, port, reg, Map.of(), HsConfig.DEFAULT_MAX_UPLOAD_BYTES, realUsers)
                    .withBatchSending(batchSend)
                    .withFaults(faults(faults, faultRate, faultSeed))
                    .withCompat(HsCompat.parse(compat));
        } catch (RuntimeException e) {
            System.err.println("imbridge hs-double: " + e.getMessage());
            return 2;
        }
        System.setProperty("imbridge.log.dir", logDir.toString());
        StopSignal stop = StopSignal.install();
        HomeserverDouble started;
        try {
            started = HomeserverDouble.start(config);
        } catch (RuntimeException e) {
            stop.done();
            System.err.println("imbridge hs-double: cannot serve on " + bind + ":" + port + ": " + e.getMessage());
            return 1;
        }
        try (HomeserverDouble hs = started) {
            Registration reg = config.registration();
            System.out.printf("homeserver double for %s: %s%n", serverName, hs.baseUrl());
            System.out.println("  appservice:     '" + reg.id() + "', bot " + reg.senderUserId(serverName)
                    + (reg.url() == null ? ", no url: transactions are not pushed" : ", pushes to " + reg.url()));
            for (String user : config.realUsers()) {
                System.out.println("  user " + user + " access token: " + hs.accessTokenOf(user));
            }
            System.out.println("  batch send:     " + (config.batchSending() ? "on" : "off") + "; faults: "
                    + (config.faults().enabled() ? "matrix at rate " + faultRate : "none"));
            if (config.compat().legacy()) {
                System.out.println("  behaves as:     " + config.compat().label());
            }
            System.out.println("  inspection API: " + hs.baseUrl() + "/_double/rooms , /_double/stats");
            System.out.println("serving until stopped (Ctrl-C); rooms live in memory only");
            System.out.flush();
            stop.await();
        } finally {
            stop.done();
        }
        return 0;
    }

    /** The demo's Matrix fault mix: frequent and brief, so a bridge with default retries gets through. */
    static HsFaults faults(String family, double rate, long seed) {
        return switch (family.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> HsFaults.none();
            case "matrix" ->
                HsFaults.of(rate, seed)
                        .withKinds(EnumSet.of(
                                FaultKind.RATE_LIMIT,
                                FaultKind.BAD_GATEWAY,
                                FaultKind.UNAVAILABLE,
                                FaultKind.DROP,
                                FaultKind.SLOW))
                        .withTimings(Duration.ofMillis(20), Duration.ofMillis(50));
            default ->
                throw new IllegalArgumentException(
                        "--faults: unknown fault family '" + family + "'; known: none, matrix");
        };
    }
}
