package imbridge.app.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.runtime.BridgeRuntime;
import imbridge.app.verify.TruthClient;
import imbridge.app.verify.VerificationReport;
import imbridge.app.verify.Verifier;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.lifecycle.StoreOutage;
import imbridge.core.sync.SyncController;
import imbridge.core.sync.SyncPassResult;
import imbridge.core.util.CancellationToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The database refusing writes (disk full, simulated with SQLite's page limit on the writer connection; a lock held
 * by another connection past the busy timeout) pauses the bridge instead of crashing it, and the run finishes with
 * nothing lost and nothing doubled once the condition clears. Real simulator, homeserver double and SQLite file.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StoreFaultsTest {
    private static final Duration FAULT_SEEN = Duration.ofSeconds(90);
    /** Each carries ~64 KiB: far more than the free pages of a fresh database can hold. */
    private static final int MAX_FILLING_TRANSACTIONS = 200;

    private final ListAppender<ILoggingEvent> outageLog = new ListAppender<>();
    private final List<String> fatal = new CopyOnWriteArrayList<>();

    @BeforeEach
    void captureOutageLog() {
        outageLog.start();
        ((Logger) LoggerFactory.getLogger(StoreOutage.class)).addAppender(outageLog);
    }

    @AfterEach
    void releaseOutageLog() {
        ((Logger) LoggerFactory.getLogger(StoreOutage.class)).detachAppender(outageLog);
    }

    @Test
    void diskFullDuringTheSyncPausesItAndTheRunFinishesCompleteOnceSpaceIsFreed(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(new DemoOptions(3, 6, 400, dir, null))) {
            try (BridgeRuntime bridge = bridge(env)) {
                bridge.start();
                bridge.database().limitPages(1); // SQLite keeps the current size: every new page is refused
                CompletableFuture<Void> run = runAsync(bridge, SyncController.Listener.NONE);

                await().atMost(FAULT_SEEN).until(() -> gauge(bridge, "disk_full") == 1.0);
                assertThat(run).isNotDone();
                bridge.database().limitPages(Long.MAX_VALUE);

                run.get(3, TimeUnit.MINUTES);
                assertThat(gauge(bridge, "disk_full")).isZero();
            }
            assertComplete(env);
        }
        assertThat(fatal).isEmpty();
        assertToldOnce("database disk full (", "paused: sync");
    }

    @Test
    void diskFullDuringTheBackfillPausesItAndNothingIsLostOrDoubled(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(new DemoOptions(4, 6, 400, dir, null))) {
            try (BridgeRuntime bridge = bridge(env)) {
                bridge.start();
                SyncController.Listener capAfterBootstrap = new SyncController.Listener() {
                    @Override
                    public void bootstrapComplete(SyncPassResult result) {
                        bridge.database().limitPages(1); // portals are discovered: their backfills hit the cap
                    }
                };
                CompletableFuture<Void> run = runAsync(bridge, capAfterBootstrap);

                await().atMost(FAULT_SEEN).until(() -> gauge(bridge, "disk_full") == 1.0);
                bridge.database().limitPages(Long.MAX_VALUE);

                run.get(3, TimeUnit.MINUTES);
            }
            assertComplete(env);
        }
        assertThat(fatal).isEmpty();
        assertToldOnce("database disk full (", "paused: ");
    }

    @Test
    void aLockHeldByAnotherConnectionPausesTheSyncUntilItIsReleased(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(new DemoOptions(5, 6, 400, dir, null))) {
            try (BridgeRuntime bridge = bridge(env);
                    Connection other = DriverManager.getConnection("jdbc:sqlite:" + env.databaseFile())) {
                bridge.start();
                try (Statement s = other.createStatement()) {
                    s.execute("PRAGMA busy_timeout = 60000");
                    s.execute("BEGIN EXCLUSIVE");
                }
                CompletableFuture<Void> run = runAsync(bridge, SyncController.Listener.NONE);

                await().atMost(FAULT_SEEN).until(() -> gauge(bridge, "locked") == 1.0);
                assertThat(run).isNotDone();
                try (Statement s = other.createStatement()) {
                    s.execute("ROLLBACK");
                }

                run.get(3, TimeUnit.MINUTES);
                assertThat(gauge(bridge, "locked")).isZero();
            }
            assertComplete(env);
        }
        assertThat(fatal).isEmpty();
        assertToldOnce("database locked by another process (", "paused: sync");
    }

    @Test
    void aTransactionThatCannotBeStoredIsAnswered503AndItsRetryIsStoredOnce(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(new DemoOptions(6, 2, 20, dir, null))) {
            try (BridgeRuntime bridge = bridge(env)) {
                bridge.start();
                HttpClient http = HttpClient.newHttpClient();
                bridge.database().limitPages(1);

                // The file's free pages take the first transactions; one of the next ones needs a page it cannot get.
                String txnId = null;
                String eventId = null;
                HttpResponse<String> answer = null;
                for (int i = 0; i < MAX_FILLING_TRANSACTIONS && (answer == null || answer.statusCode() == 200); i++) {
                    txnId = "t" + i;
                    eventId = "$leave-" + i;
                    answer = pushTransaction(http, env, bridge, txnId, eventId);
                }
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.body()).contains("M_UNKNOWN");
                assertThat(inboxCopies(env, eventId)).isZero();

                bridge.database().limitPages(Long.MAX_VALUE);
                assertThat(pushTransaction(http, env, bridge, txnId, eventId).statusCode())
                        .isEqualTo(200);
                assertThat(pushTransaction(http, env, bridge, txnId, eventId).statusCode())
                        .isEqualTo(200);
                assertThat(inboxCopies(env, eventId)).isEqualTo(1);
            }
        }
    }

    private BridgeRuntime bridge(DemoEnvironment env) {
        return new BridgeRuntime(env.config(), BackfillProgress.NONE, (where, e) -> fatal.add(where + ": " + e));
    }

    private static CompletableFuture<Void> runAsync(BridgeRuntime bridge, SyncController.Listener listener) {
        return CompletableFuture.runAsync(() -> {
            try {
                bridge.initialSync(new CancellationToken(), listener);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The verifier's report against the simulator's ground truth: all zeros (nothing lost, nothing doubled). */
    private static void assertComplete(DemoEnvironment env) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        VerificationReport report = Verifier.forDouble(env.homeserverUrl(), http, DemoEnvironment.OWNER)
                .verify(TruthClient.fetch(env.simulatorUrl(), http), 0);
        assertThat(report.ok()).as(report.toJson()).isTrue();
    }

    /** One WARN for the outage (not one per retry), naming what paused, and one INFO when it cleared. */
    private void assertToldOnce(String warning, String paused) {
        List<String> warns = outageLog.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertThat(warns).hasSize(1);
        assertThat(warns.get(0)).contains(warning).contains(paused).contains("the bridge resumes by itself");
        assertThat(outageLog.list)
                .filteredOn(e ->
                        e.getLevel() == Level.INFO && e.getFormattedMessage().startsWith("database writable again"))
                .hasSize(1);
    }

    private static double gauge(BridgeRuntime bridge, String kind) {
        String sample = "imbridge_store_unavailable{kind=\"" + kind + "\"}";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$")
                .matcher(bridge.metrics().scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /**
     * A membership change in some room: an event the bridge wants, so the transaction must be stored. Its long reason
     * needs new pages (SQLite would fit a small row into the free space of a page the file already has).
     */
    private static HttpResponse<String> pushTransaction(
            HttpClient http, DemoEnvironment env, BridgeRuntime bridge, String txnId, String eventId) throws Exception {
        String body = """
                {"events":[{"event_id":"%s","type":"m.room.member","room_id":"!elsewhere:double",
                "sender":"@someone:double","state_key":"@someone:double","origin_server_ts":1,
                "content":{"membership":"leave"}}]}""".formatted(eventId);
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + bridge.appservicePort() + "/_matrix/app/v1/transactions/" + txnId))
                .header("Authorization", "Bearer " + env.config().appservice().hsToken())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int inboxCopies(DemoEnvironment env, String eventId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + env.databaseFile());
                var q = c.prepareStatement("SELECT count(*) FROM matrix_inbox WHERE event_id = ?")) {
            q.setString(1, eventId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
