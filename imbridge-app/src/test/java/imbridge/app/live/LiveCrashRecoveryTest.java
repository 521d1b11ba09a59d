package imbridge.app.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.config.BridgeConfig;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.runtime.StoreConfigs;
import imbridge.app.verify.GhostResolver;
import imbridge.app.verify.GroundTruth;
import imbridge.app.verify.LiveVerification;
import imbridge.app.verify.TruthClient;
import imbridge.app.verify.VerificationReport;
import imbridge.app.verify.Verifier;
import imbridge.core.port.LiveInbox;
import imbridge.store.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge is a separate process ({@code imbridge run}) killed with SIGKILL in the middle of the live phase and
 * started again on the same database: no live event is lost and none is duplicated (the simulator keeps what was
 * not acknowledged and re-sends it; the durable inbox absorbs what was already stored).
 */
class LiveCrashRecoveryTest {
    private static final double LIVE_RATE = 20;
    private static final int LIVE_SECONDS = 12;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void killingTheBridgeDuringTheLivePhaseLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        try {
            killAndRestart(dir);
        } catch (Throwable t) {
            imbridge.app.testing.ChildBridge.printConsoles(dir, "first.log", "second.log"); // why
            throw t;
        }
    }

    private void killAndRestart(Path dir) throws Exception {
        // Late CloudKit records visible from the start: a small account's bootstrap ends before "late" ones would
        // appear, and history arriving after newer live messages can only be appended (OlderGapRepair), which
        // the verifier rightly counts as out of order.
        DemoOptions options = new DemoOptions(
                21,
                6,
                600,
                dir,
                null,
                "full",
                Set.of(),
                false,
                Duration.ZERO,
                0,
                0.05,
                LIVE_RATE,
                Duration.ofSeconds(LIVE_SECONDS));
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, yaml(env.config()));
            long planned = (long) (LIVE_RATE * LIVE_SECONDS);

            Process first = imbridge.app.testing.ChildBridge.start(config, dir.resolve("first.log"));
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> stats(env).path("liveAcked").asLong() >= planned / 3);
            long ackedAtKill = stats(env).path("liveAcked").asLong();
            first.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
            first.waitFor();
            assertThat(ackedAtKill).isLessThan(planned);

            Process second = imbridge.app.testing.ChildBridge.start(config, dir.resolve("second.log"));
            try {
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> stats(env).path("liveComplete").asBoolean()
                                && stats(env).path("liveAcked").asLong()
                                        >= stats(env).path("liveEventsEmitted").asLong());
                // the periodic sync brings CloudKit's copies of the live messages; the verdict must hold after it
                // (another process: nothing to wait on in this JVM, so the verifier is polled)
                await().atMost(Duration.ofSeconds(65))
                        .pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofSeconds(2))
                        .untilAsserted(() -> {
                            VerificationReport last = verify(env);
                            assertThat(last.ok()).as("%s", last.samples()).isTrue();
                        });
            } finally {
                second.destroy(); // SIGTERM: a clean stop
                second.waitFor();
            }
            VerificationReport report = verify(env);
            assertThat(report.missing()).isZero();
            assertThat(report.duplicates()).isZero();
            assertThat(report.outOfOrder()).isZero();
            assertThat(report.unexpected()).isZero();

            GroundTruth truth = TruthClient.fetch(env.simulatorUrl(), http);
            imbridge.app.verify.BridgedPartsWatcher parts =
                    new imbridge.app.verify.BridgedPartsWatcher(GhostResolver.imessage());
            Verifier.Verified verified = Verifier.forDouble(env.homeserverUrl(), http, DemoEnvironment.OWNER)
                    .verify(truth.asSource(), null, 0, List.of(parts));
            try (Database db = Database.open(StoreConfigs.of(env.config().database()))) {
                LiveInbox inbox = db.liveInbox(DemoEnvironment.LOGIN_ID);
                assertThat(inbox.count(LiveInbox.Status.PENDING)).isZero();
                assertThat(inbox.count(LiveInbox.Status.HELD)).isZero();
                List<LiveVerification.BridgeDrop> drops = new ArrayList<>();
                inbox.dropped(100_000)
                        .forEach(d -> drops.add(new LiveVerification.BridgeDrop(
                                d.event().guid(), d.event().kind().name(), d.reason())));
                LiveVerification.Result live =
                        LiveVerification.check(truth, parts.rooms(), GhostResolver.imessage(), drops, List.of());
                assertThat(live.samples()).isEmpty();
                assertThat(live.ok()).isTrue();
            }
        }
    }

    private VerificationReport verify(DemoEnvironment env) throws Exception {
        GroundTruth truth = TruthClient.fetch(env.simulatorUrl(), http);
        return Verifier.forDouble(env.homeserverUrl(), http, DemoEnvironment.OWNER)
                .verify(truth, 0);
    }

    private JsonNode stats(DemoEnvironment env) throws Exception {
        return json.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(env.simulatorUrl() + "/_sim/stats"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }

    private static String yaml(BridgeConfig c) {
        return imbridge.app.testing.ChildBridge.yaml(
                c, """
                cloudkit:
                  database_url: "%s"
                  bootstrap_retry_interval: 2s
                  resync_delays: [1s, 2s, 3s]
                backfill:
                  attachment_timeout: 3s
                  attachment_retry_delay: 200ms
                live:
                  enabled: true
                  sync_interval: 3s
                """.formatted(c.cloudkit().databaseUrl()));
    }
}
