package imbridge.app.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.demo.DemoRun;
import imbridge.app.verify.GroundTruth;
import imbridge.app.verify.TruthClient;
import imbridge.app.verify.VerificationReport;
import imbridge.core.util.CancellationToken;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with a live phase on the full profile, over real sockets: live messages arriving during the bootstrap
 * and after it, stale echoes and a genuinely new message for conversations deleted on the iPhone (behaviour.md §11.4
 * scenario 4), messages from another device, edits, unsends, tapbacks, receipts, and messages written in
 * Matrix by the user. Nothing missing, duplicated, out of order or unexpected;
 * no live message ahead of its room's history; nothing resurrected; every drop one the truth expects.
 */
class LiveDemoTest {

    @Test
    void fullProfileWithLiveTrafficMatchesTheTruth(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("r.json");
        // Late CloudKit records visible from the start: a small account's bootstrap ends before "late" ones would
        // appear, and history arriving after newer live messages can only be appended (OlderGapRepair), which
        // the verifier rightly counts as out of order.
        DemoOptions options = new DemoOptions(
                13, 8, 1500, dir, report, "full", Set.of(), false, Duration.ZERO, 0, 0.05, 20, Duration.ofSeconds(8));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (DemoEnvironment env = DemoEnvironment.start(options);
                PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            DemoRun run = new DemoRun(options, out, (what, e) -> fail(what, e));
            VerificationReport verdict = run.run(env, new CancellationToken());
            String printed = console.toString(StandardCharsets.UTF_8);
            assertThat(verdict.ok()).as(printed).isTrue();
            assertThat(run.liveOk()).as(printed).isTrue();

            GroundTruth truth = TruthClient.fetch(
                    env.simulatorUrl(),
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
            assertThat(truth.revivedPortals())
                    .as("a deleted DM came back with new traffic")
                    .isNotEmpty();
            assertThat(truth.live().expectedDrops())
                    .as("stale echoes were pushed")
                    .isNotEmpty();
            String json = Files.readString(report);
            assertThat(json)
                    .contains("\"live\"")
                    .contains("\"dropsByReason\"")
                    .contains("STALE_ECHO_DELETED_PORTAL")
                    .contains("\"resurrected\" : 0")
                    .contains("\"unexpectedDrops\" : 0");
        }
    }
}
