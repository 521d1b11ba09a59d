package imbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.demo.DemoRun;
import imbridge.app.runtime.BridgeRuntime;
import imbridge.app.verify.TruthClient;
import imbridge.app.verify.VerificationReport;
import imbridge.app.verify.Verifier;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo pipeline end to end over real loopback HTTP: simulator → bridge (SQLite) → homeserver double. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DemoPipelineTest {

    @Test
    void bridgesAWholeAccountAndTheVerifierFindsNothingWrong(@TempDir Path dir) throws Exception {
        DemoOptions options = new DemoOptions(11, 8, 1500, dir, dir.resolve("r.json"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            VerificationReport report = new DemoRun(
                            options,
                            new PrintStream(console, true, StandardCharsets.UTF_8),
                            (where, e) -> fail("fatal in " + where, e))
                    .run(env, new CancellationToken());

            assertThat(report.ok()).as(console.toString(StandardCharsets.UTF_8)).isTrue();
            assertThat(report.expected().parts()).isGreaterThan(1500);
            assertThat(report.delivered().parts()).isEqualTo(report.expected().parts());
            assertThat(report.delivered().portals()).isEqualTo(report.expected().portals());
        }
        String json = Files.readString(dir.resolve("r.json"));
        assertThat(json)
                .contains("\"missing\" : 0")
                .contains("\"duplicates\" : 0")
                .contains("\"outOfOrder\" : 0")
                .contains("\"unexpected\" : 0");
    }

    @Test
    void theFullProfileWithCloudKitFaultsBridgesExactlyWhatTheTruthSays(@TempDir Path dir) throws Exception {
        DemoOptions options = new DemoOptions(
                11,
                14,
                2500,
                dir,
                dir.resolve("r.json"),
                "full",
                java.util.Set.of("cloudkit"),
                false,
                DemoOptions.DEFAULT_LATE_AFTER);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            VerificationReport report = new DemoRun(
                            options,
                            new PrintStream(console, true, StandardCharsets.UTF_8),
                            (where, e) -> fail("fatal in " + where, e))
                    .run(env, new CancellationToken());
            String out = console.toString(StandardCharsets.UTF_8);
            assertThat(report.ok()).as(out).isTrue();
            assertThat(report.rejectedCount())
                    .as("malformed records planted by the simulator")
                    .isGreaterThan(5);
            assertThat(report.recoverableZoneAccesses()).isZero();
            assertThat(out).contains("re-sync 3");
        }
    }

    @Test
    void aChatDeletedOnTheIPhoneAfterItWasBridgedLosesItsRoomAndStaysDeleted(@TempDir Path dir) throws Exception {
        DemoOptions options = new DemoOptions(9, 5, 600, dir, null);
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            try (BridgeRuntime bridge = new BridgeRuntime(env.config(), BackfillProgress.NONE, (w, e) -> fail(w, e))) {
                bridge.start();
                bridge.initialSync(new CancellationToken());
            }
            imbridge.sim.cloudkit.ChatRecord chat = env.simulator().dataset().chats().stream()
                    .filter(imbridge.sim.cloudkit.ChatRecord::isGroup)
                    .findFirst()
                    .orElseThrow();
            env.simulator().dataset().delete("chatManateeZone", chat.recordName()); // deleted on the iPhone

            try (BridgeRuntime bridge = new BridgeRuntime(env.config(), BackfillProgress.NONE, (w, e) -> fail(w, e))) {
                bridge.start();
                bridge.initialSync(new CancellationToken()); // incremental pass sees the tombstone
            }
            HttpClient http = HttpClient.newHttpClient();
            imbridge.app.verify.GroundTruth truth = TruthClient.fetch(env.simulatorUrl(), http);
            assertThat(truth.deletedPortals()).contains("gid:" + chat.gid().toLowerCase(java.util.Locale.ROOT));
            VerificationReport report = Verifier.forDouble(env.homeserverUrl(), http, DemoEnvironment.OWNER)
                    .verify(truth, 0);
            assertThat(report.ok()).as(report.toJson()).isTrue();
            assertThat(report.deletedRooms()).isEqualTo(1);
        }
    }

    @Test
    void aWarmRestartDownloadsNothingAndSendsNothingAgain(@TempDir Path dir) throws Exception {
        DemoOptions options = new DemoOptions(4, 6, 900, dir, null);
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            try (BridgeRuntime bridge = new BridgeRuntime(env.config(), BackfillProgress.NONE, (w, e) -> fail(w, e))) {
                bridge.start();
                bridge.initialSync(new CancellationToken());
            }
            Object sendsBefore = env.homeserverStats().get("sends");
            long downloadsBefore = env.simulator().stats().snapshot().assetDownloads();

            try (BridgeRuntime bridge = new BridgeRuntime(env.config(), BackfillProgress.NONE, (w, e) -> fail(w, e))) {
                bridge.start();
                bridge.initialSync(new CancellationToken());
            }
            assertThat(env.homeserverStats().get("sends")).isEqualTo(sendsBefore);
            assertThat(env.simulator().stats().snapshot().assetDownloads()).isEqualTo(downloadsBefore);
            HttpClient http = HttpClient.newHttpClient();
            VerificationReport report = Verifier.forDouble(env.homeserverUrl(), http, DemoEnvironment.OWNER)
                    .verify(TruthClient.fetch(env.simulatorUrl(), http), 0);
            assertThat(report.ok()).as(report.toJson()).isTrue();
        }
    }

    @Test
    void aBridgeStoppedMidBackfillResumesWithoutLosingOrRepeatingAnything(@TempDir Path dir) throws Exception {
        DemoOptions options = new DemoOptions(5, 6, 2500, dir, null);
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            CancellationToken first = new CancellationToken();
            AtomicLong sent = new AtomicLong();
            BackfillProgress stopAfter700 = new BackfillProgress() {
                @Override
                public void partsSent(String portalId, int parts) {
                    if (sent.addAndGet(parts) >= 700) {
                        first.cancel();
                    }
                }
            };
            try (BridgeRuntime bridge = new BridgeRuntime(env.config(), stopAfter700, (w, e) -> fail(w, e))) {
                bridge.start();
                assertThatThrownBy(() -> bridge.initialSync(first)).isInstanceOf(CancelledException.class);
            }
            assertThat(sent.get()).isBetween(700L, 2000L);

            try (BridgeRuntime bridge = new BridgeRuntime(env.config(), BackfillProgress.NONE, (w, e) -> fail(w, e))) {
                bridge.start();
                bridge.initialSync(new CancellationToken());
            }
            HttpClient http = HttpClient.newHttpClient();
            VerificationReport report = Verifier.forDouble(env.homeserverUrl(), http)
                    .verify(TruthClient.fetch(env.simulatorUrl(), http), 0);
            assertThat(report.ok()).as(report.toJson()).isTrue();
        }
    }
}
