package imbridge.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import imbridge.app.config.BridgeConfig;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.backfill.BackfillSettings;
import imbridge.core.sync.SyncSettings;
import imbridge.core.util.Backoff;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import imbridge.sim.hs.HomeserverDouble;
import imbridge.sim.hs.HsConfig;
import imbridge.sim.hs.Registration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop (SIGTERM: the run command cancels its token) while the start-up retries an unreachable homeserver or
 * CloudKit endpoint ends the start at once, not after the retries: every retry wait here lasts an hour, so only the
 * cancellation can end it within the test's time.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StopDuringStartupTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final WatchedWaiter waiter = new WatchedWaiter();
    private final CancellationToken stop = new CancellationToken();

    @Test
    void aStopDuringTheHandshakesRetriesEndsTheStart() throws Exception {
        BridgeConfig config = config("http://127.0.0.1:" + closedPort(), closedPort());

        try (BridgeRuntime runtime = new BridgeRuntime(config, BackfillProgress.NONE, (w, e) -> fail(w, e), waiter)) {
            CompletableFuture<Throwable> start = outcome(() -> runtime.start(stop));
            await().atMost(PROMPTLY).until(() -> !waiter.waits().isEmpty());
            assertThat(waiter.waits()).as("retrying /versions, an hour away").containsOnly(HOUR);
            assertThat(start).isNotDone();

            stop.cancel();

            assertThat(start.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(CancelledException.class);
        }
    }

    @Test
    void aStopBeforeTheStartStartsNothing() throws Exception {
        stop.cancel();
        BridgeConfig config = config("http://127.0.0.1:" + closedPort(), closedPort());

        try (BridgeRuntime runtime = new BridgeRuntime(config, BackfillProgress.NONE, (w, e) -> fail(w, e), waiter)) {
            assertThat(outcome(() -> runtime.start(stop)).get(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(CancelledException.class);
        }
        assertThat(waiter.waits()).isEmpty();
    }

    @Test
    void aStopWhileTheFirstCloudKitContactIsRetriedEndsTheSync() throws Exception {
        int asPort = closedPort();
        try (HomeserverDouble hs = HomeserverDouble.start(HsConfig.defaults(new Registration(
                "imessage",
                "http://127.0.0.1:" + asPort,
                "as-token-stop",
                "hs-token-stop",
                "imessagebot",
                List.of("^@imessagebot:localhost$", "^@imessage_.*:localhost$"),
                false)))) {
            BridgeConfig config = config(hs.baseUrl(), asPort);
            try (BridgeRuntime runtime =
                    new BridgeRuntime(config, BackfillProgress.NONE, (w, e) -> fail(w, e), waiter)) {
                runtime.start(stop);
                CompletableFuture<Throwable> sync = outcome(() -> runtime.initialSync(stop));
                await().atMost(PROMPTLY).until(() -> waiter.waits().contains(HOUR));
                assertThat(sync).isNotDone();

                stop.cancel();

                assertThat(sync.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(CancelledException.class);
            }
        }
    }

    /** A homeserver and a CloudKit endpoint retried an hour apart; CloudKit at a port nobody listens on. */
    private BridgeConfig config(String homeserver, int asPort) throws IOException {
        return new BridgeConfig(
                new BridgeConfig.Homeserver(homeserver, "localhost", 1000, HOUR, HOUR),
                new BridgeConfig.Appservice(
                        "imessage",
                        "127.0.0.1",
                        asPort,
                        null,
                        "as-token-stop",
                        "hs-token-stop",
                        "imessagebot",
                        "imessage_"),
                new BridgeConfig.Bridge("stop", "@user:localhost", List.of("tel:+15550000001")),
                new BridgeConfig.Database("sqlite", dir.resolve("imbridge.db").toString(), null, null, 1),
                new BridgeConfig.CloudKit(
                        "http://127.0.0.1:" + closedPort() + "/database/1/com.apple.messages.cloud/production/private",
                        null,
                        200,
                        Duration.ofSeconds(5),
                        new SyncSettings(10_000, 1000, new Backoff(HOUR, HOUR), HOUR)),
                BackfillSettings.defaults(),
                "INFO");
    }

    /** A loopback port that was free a moment ago: nothing answers there. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** What {@code step} ended with, on another thread: null when it returned, else what it threw. */
    private static CompletableFuture<Throwable> outcome(Step step) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                step.run();
                return null;
            } catch (Exception e) {
                return e;
            }
        });
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** Real waits (ended by their token), each one recorded as it begins. */
    private static final class WatchedWaiter implements Waiter {
        private final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public void await(Duration duration, CancellationToken token) throws CancelledException {
            waits.add(duration);
            Waiter.real().await(duration, token);
        }

        List<Duration> waits() {
            return List.copyOf(waits);
        }
    }
}
