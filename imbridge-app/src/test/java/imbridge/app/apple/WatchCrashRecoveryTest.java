package imbridge.app.apple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import imbridge.app.config.BridgeConfig;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.verify.GroundTruth;
import imbridge.app.verify.TruthClient;
import imbridge.app.verify.VerificationReport;
import imbridge.app.verify.Verifier;
import imbridge.core.testing.ManualClock;
import imbridge.sim.apple.LiveChatDbAppender;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bridge watching a Mac's live chat.db ({@code imbridge run}, its own process) is killed with SIGKILL while
 * Messages keeps writing rows, then started again on the same database: every row reaches its room once, in
 * order, because each poll commits its pages together with their position.
 */
class WatchCrashRecoveryTest {
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void killingAWatchingBridgeLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        DemoOptions options = new DemoOptions(
                23,
                6,
                600,
                dir,
                null,
                "basic",
                Set.of(),
                false,
                Duration.ZERO,
                0,
                0.05,
                0,
                Duration.ofSeconds(10),
                new DemoOptions.LocalSource("chatdb", 1, true));
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, yaml(env.config()));
            // Messages' writing follows a clock the test moves, so the kill lands mid-way however slow the machine is
            ManualClock messagesClock = new ManualClock(Instant.now());
            try (LiveChatDbAppender appender =
                    LiveChatDbAppender.start(env.appleExport(), messagesClock, 15, Duration.ofSeconds(10))) {
                messagesClock.advance(Duration.ofMillis(3_400)); // a third of the rows
                Process first = imbridge.app.testing.ChildBridge.start(config, dir.resolve("first.log"));
                long historySends = 500; // the account's history alone is far more than this
                await().atMost(Duration.ofSeconds(180))
                        .until(() -> sends(env) > historySends && appender.written() >= appender.total() / 3);
                first.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
                first.waitFor();
                assertThat(appender.done())
                        .as("killed while rows were still being written")
                        .isFalse();
                messagesClock.advance(Duration.ofSeconds(3)); // rows written while no bridge runs

                Process second = imbridge.app.testing.ChildBridge.start(config, dir.resolve("second.log"));
                messagesClock.advance(Duration.ofSeconds(4)); // and the rest while the new one starts
                try {
                    // Liveness bounds only, generous: a restarted JVM on a loaded 2-core machine took ~70 s here
                    await().atMost(Duration.ofSeconds(180)).until(appender::done);
                    await().atMost(Duration.ofSeconds(180))
                            .pollInterval(Duration.ofSeconds(1))
                            .until(() -> verify(env).ok());
                } finally {
                    second.destroy(); // SIGTERM: a clean stop
                    second.waitFor();
                }
            }
            VerificationReport report = verify(env);
            assertThat(report.missing()).isZero();
            assertThat(report.duplicates()).isZero();
            assertThat(report.outOfOrder()).isZero();
            assertThat(report.unexpected()).isZero();
        } catch (Throwable t) {
            imbridge.app.testing.ChildBridge.printConsoles(dir, "first.log", "second.log"); // why
            throw t;
        }
    }

    private VerificationReport verify(DemoEnvironment env) throws Exception {
        GroundTruth truth = TruthClient.fetch(env.simulatorUrl(), http);
        return Verifier.forDouble(env.homeserverUrl(), http, DemoEnvironment.OWNER)
                .verify(truth, 0);
    }

    private static long sends(DemoEnvironment env) {
        return ((Number) env.homeserverStats().getOrDefault("sends", 0L)).longValue();
    }

    private static String yaml(BridgeConfig c) {
        return imbridge.app.testing.ChildBridge.yaml(
                c, """
                source:
                  type: chatdb
                  path: "%s"
                  mode: watch
                  poll_interval: 500ms
                  work_dir: "%s"
                cloudkit:
                  resync_delays: [1s]
                backfill:
                  attachment_timeout: 3s
                  attachment_retry_delay: 200ms
                """.formatted(c.source().path(), c.source().workDir()));
    }

    /** A clock that stands still until the test moves it. */
}
