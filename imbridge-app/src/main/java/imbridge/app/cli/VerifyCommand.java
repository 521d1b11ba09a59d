package imbridge.app.cli;

import imbridge.app.audit.ConfiguredHomeserver;
import imbridge.app.config.BridgeConfig;
import imbridge.app.verify.ClientServerHttp;
import imbridge.app.verify.ClientServerMediaFetcher;
import imbridge.app.verify.ClientServerReader;
import imbridge.app.verify.ReportJson;
import imbridge.app.verify.ReportPrinter;
import imbridge.app.verify.SimStatsClient;
import imbridge.app.verify.SimulatorStats;
import imbridge.app.verify.VerificationReport;
import imbridge.app.verify.Verifier;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Checks a bridge run against the CloudKit simulator's ground truth, reading "
                + "every portal room through the homeserver's standard Client-Server API as the bridge bot. Exits 0 only "
                + "if no message part is missing, duplicated, out of order, unexpected or wrong.")
final class VerifyCommand implements Callable<Integer> {
    @Option(
            names = "--truth",
            required = true,
            description = "the simulator's URL, as 'imbridge sim' prints it " + "(base URL or database URL)")
    String truthUrl;

    @Option(
            names = {"-c", "--config"},
            required = true,
            description = "the bridge's config.yaml (homeserver, " + "appservice token and names, owner)")
    Path config;

    @Option(names = "--report-json", description = "also write the report as JSON to this file")
    Path reportJson;

    @Option(names = "--no-media", description = "skip downloading delivered files to compare their bytes")
    boolean noMedia;

    @Override
    public Integer call() throws Exception {
        BridgeConfig cfg = ConfigLoading.load(config);
        System.setProperty("imbridge.console.level", "WARN");
        ConfiguredHomeserver homeserver = ConfiguredHomeserver.of(cfg);
        try (HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
            imbridge.app.verify.TruthSource truth; // portal by portal: a million-message account in bounded memory
            SimulatorStats stats;
            try {
                truth = new imbridge.app.verify.HttpTruthSource(truthUrl, http);
                stats = SimStatsClient.fetch(truthUrl, http);
            } catch (UncheckedIOException | IllegalArgumentException e) {
                throw new CommandFailure(
                        "cannot read the ground truth: " + e.getMessage(),
                        "is 'imbridge sim' running, and is --truth the URL it printed?",
                        e);
            }
            ClientServerHttp bot = homeserver.asBot(http);
            Verifier verifier = new Verifier(
                    new ClientServerReader(bot, homeserver.ownerMxid()),
                    noMedia ? null : new ClientServerMediaFetcher(bot),
                    homeserver.ghosts());
            VerificationReport report;
            imbridge.app.verify.ProfileVerification.Result profiles = null;
            try {
                Verifier.Verified verified = verifier.verify(truth, stats, 0, java.util.List.of());
                report = verified.report();
                if (!truth.summary().ghosts().isEmpty()) { // a local source's address book: names and photos to check
                    profiles = imbridge.app.verify.ProfileVerification.checkListed(
                            truth.summary(),
                            verified.rooms(),
                            new imbridge.app.verify.ClientServerProfiles(bot),
                            new ClientServerMediaFetcher(bot),
                            homeserver.ghosts());
                }
            } catch (UncheckedIOException e) {
                throw new CommandFailure(
                        "cannot read the homeserver at " + homeserver.address() + ": " + e.getMessage(),
                        CommandFailure.HOMESERVER_READ_FIX,
                        e);
            }
            ReportPrinter.print(report, System.out);
            if (profiles != null) {
                System.out.printf(
                        "profiles: %d ghosts (%d with a photo), %d DM room names; profileMismatches=%d%n",
                        profiles.ghostsChecked(),
                        profiles.avatarsChecked(),
                        profiles.dmNamesChecked(),
                        profiles.profileMismatches());
                profiles.samples().forEach(sample -> System.out.println("  " + sample));
            }
            if (reportJson != null) {
                ReportJson.write(report, reportJson);
                System.out.println("report written to " + reportJson.toAbsolutePath());
            }
            return report.ok() && (profiles == null || profiles.ok()) ? 0 : 1;
        }
    }
}
