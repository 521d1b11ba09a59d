package imbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.config.BridgeConfig;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.demo.DemoRun;
import imbridge.app.runtime.BridgeRuntime;
import imbridge.app.verify.ExpectedPart;
import imbridge.app.verify.GroundTruth;
import imbridge.app.verify.TruthClient;
import imbridge.app.verify.VerificationReport;
import imbridge.app.verify.Verifier;
import imbridge.core.attachment.AttachmentFailure;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.util.CancellationToken;
import imbridge.store.Database;
import imbridge.store.DatabaseConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with the simulator's asset faults (behaviour.md W1, F8, §11.4 scenario 3): transient failures and stalled
 * downloads are retried until they succeed, permanently broken assets become notices in their place, the run
 * verifies clean, the failures are persisted, and a warm restart downloads nothing and sends nothing.
 */
class AttachmentFaultsPipelineTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void brokenAssetsBecomeNoticesTransientOnesSucceedAndAWarmRestartDownloadsNothing(@TempDir Path dir)
            throws Exception {
        DemoOptions options = new DemoOptions(
                3,
                4,
                700,
                dir,
                dir.resolve("r.json"),
                "basic",
                Set.of("assets"),
                false,
                Duration.ofSeconds(3),
                400,
                0.5);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            VerificationReport report = new DemoRun(
                            options, new PrintStream(console, true, StandardCharsets.UTF_8), (w, e) -> fail(w, e))
                    .run(env, new CancellationToken());
            assertThat(report.ok()).as(report.toJson()).isTrue();

            HttpClient http = HttpClient.newHttpClient();
            GroundTruth truth = TruthClient.fetch(env.simulatorUrl(), http);
            long notices = truth.portals().stream()
                    .flatMap(p -> p.parts().stream())
                    .filter(ExpectedPart::isNotice)
                    .count();
            assertThat(notices).as("the seed plants broken assets").isPositive();
            JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
            assertThat(json.path("abandonedAttachments")).hasSize((int) notices);
            JsonNode big = json.path("bigChat");
            assertThat(big.path("parts").asLong()).isPositive();
            assertThat(big.path("peakConcurrentDownloads").asInt()).isBetween(1, 32);
            assertThat(big.path("downloadsAttempted").asLong())
                    .isGreaterThan(big.path("downloadsSucceeded").asLong());
            assertThat(big.path("lowerBoundMs").asLong()).isPositive();

            Map<String, AttachmentFailure> failures;
            try (Database db = Database.open(DatabaseConfig.sqlite(env.databaseFile()))) {
                failures = db.attachmentLedger(DemoEnvironment.LOGIN_ID).failures();
            }
            assertThat(failures).hasSize((int) notices); // transient failures were cleared by their success
            assertThat(failures.values())
                    .allSatisfy(f -> assertThat(f.retries()).isEqualTo(3));

            Object sendsBefore = env.homeserverStats().get("sends");
            long downloadsBefore = env.simulator().stats().snapshot().assetDownloads();
            BridgeConfig c = env.config(); // the restart needs no delayed re-syncs: nothing changes on the Apple side
            BridgeConfig.CloudKit ck = c.cloudkit();
            BridgeConfig restart = new BridgeConfig(
                    c.homeserver(),
                    c.appservice(),
                    c.bridge(),
                    c.database(),
                    new BridgeConfig.CloudKit(
                            ck.databaseUrl(),
                            ck.apiToken(),
                            ck.resultsLimit(),
                            ck.requestTimeout(),
                            ck.sync().withResyncDelays(java.util.List.of())),
                    c.backfill(),
                    c.logLevel());
            try (BridgeRuntime bridge = new BridgeRuntime(restart, BackfillProgress.NONE, (w, e) -> fail(w, e))) {
                bridge.start();
                bridge.initialSync(new CancellationToken());
            }
            assertThat(env.simulator().stats().snapshot().assetDownloads()).isEqualTo(downloadsBefore);
            assertThat(env.homeserverStats().get("sends")).isEqualTo(sendsBefore);
            VerificationReport again = Verifier.forDouble(env.homeserverUrl(), http, DemoEnvironment.OWNER)
                    .verify(truth, 0);
            assertThat(again.ok()).as(again.toJson()).isTrue();
        }
    }
}
