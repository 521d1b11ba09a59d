package imbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.demo.DemoRun;
import imbridge.app.runtime.BridgeRuntime;
import imbridge.app.verify.GroundTruth;
import imbridge.app.verify.TruthClient;
import imbridge.app.verify.VerificationReport;
import imbridge.app.verify.Verifier;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.model.BackwardTask;
import imbridge.core.util.CancellationToken;
import imbridge.store.Database;
import imbridge.store.DatabaseConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 8 end to end, over real sockets to the simulator and a homeserver double that advertises batch send: the big
 * chat's room gets its newest 1,000 messages forward, its older history is inserted above them page by page, and
 * the independent verifier finds every part once, in order. A restart sends nothing again.
 */
class BackwardBackfillPipelineTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void olderHistoryIsInsertedAboveTheNewestMessagesAndTheRoomReadsInOrder(@TempDir Path dir) throws Exception {
        DemoOptions options = new DemoOptions(
                8, 4, 3200, dir, dir.resolve("r.json"), "basic", Set.of("assets"), true, Duration.ZERO, 2600, 0.1);
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            VerificationReport report = new DemoRun(
                            options, new PrintStream(console, true, StandardCharsets.UTF_8), (w, e) -> fail(w, e))
                    .run(env, new CancellationToken());
            assertThat(report.ok()).as(report.toJson()).isTrue();

            JsonNode big =
                    new ObjectMapper().readTree(dir.resolve("r.json").toFile()).path("bigChat");
            String bigChat = big.path("portalId").asText();
            long bigMessages;
            try (Database db = Database.open(DatabaseConfig.sqlite(env.databaseFile()))) {
                BackwardTask task = db.backwardTasks(DemoEnvironment.LOGIN_ID)
                        .backwardTask(bigChat)
                        .orElseThrow();
                assertThat(task.done()).isTrue();
                assertThat(task.lastError()).isNull();
                bigMessages = task.messagesDone() + 1000; // the newest 1,000 went forward
                assertThat(task.messagesDone())
                        .as("older history went in backward")
                        .isGreaterThan(1000);
            }
            assertThat(bigMessages).isGreaterThanOrEqualTo(2600);
            assertThat(((Number) env.homeserverStats().get("batchSends")).longValue())
                    .isPositive();

            Object batchEventsBefore = env.homeserverStats().get("batchEvents");
            try (BridgeRuntime again = new BridgeRuntime(env.config(), BackfillProgress.NONE, (w, e) -> fail(w, e))) {
                again.start();
                again.initialSync(new CancellationToken());
            }
            assertThat(env.homeserverStats().get("batchEvents"))
                    .as("a restart re-sends nothing")
                    .isEqualTo(batchEventsBefore);
            GroundTruth truth = TruthClient.fetch(env.simulatorUrl(), HttpClient.newHttpClient());
            VerificationReport afterRestart = Verifier.forDouble(
                            env.homeserverUrl(), HttpClient.newHttpClient(), DemoEnvironment.OWNER)
                    .verify(truth, 0);
            assertThat(afterRestart.ok()).as(afterRestart.toJson()).isTrue();
        }
    }
}
