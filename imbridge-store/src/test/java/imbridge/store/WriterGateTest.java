package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import imbridge.core.util.UrgentWrites;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterGateTest {

    @TempDir
    Path dir;

    @Test
    void aWaitingUrgentWriterGoesBeforeBackgroundWritersThatCameFirst() throws Exception {
        WriterGate gate = new WriterGate();
        // The bridge's file in WAL mode; the writer below is gated by this test's own gate.
        Database.open(DatabaseConfig.sqlite(dir.resolve("gate.db"))).close();
        Jdbi writer = Jdbi.create(new GatedConnectionFactory(plainSqlite(), gate));
        writer.useHandle(h -> h.execute("CREATE TABLE turn (seq INTEGER PRIMARY KEY AUTOINCREMENT, who TEXT)"));

        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform()
                .start(() -> writer.useTransaction(h -> {
                    h.execute("INSERT INTO turn (who) VALUES ('holder')");
                    holding.countDown();
                    awaitQuietly(finish);
                }));
        holding.await(10, TimeUnit.SECONDS);

        Thread sync = Thread.ofPlatform()
                .start(() -> writer.useHandle(h -> h.execute("INSERT INTO turn (who) VALUES ('sync page')")));
        Thread backfill = Thread.ofPlatform()
                .start(() -> writer.useHandle(h -> h.execute("INSERT INTO turn (who) VALUES ('backfill batch')")));
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.waiting(false) == 2);
        Thread live = Thread.ofPlatform()
                .start(UrgentWrites.of(
                        () -> writer.useHandle(h -> h.execute("INSERT INTO turn (who) VALUES ('live message')"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.waiting(true) == 1);

        finish.countDown();
        for (Thread t : List.of(holder, sync, backfill, live)) {
            t.join(10_000);
        }
        List<String> order = writer.withHandle(h -> h.createQuery("SELECT who FROM turn ORDER BY seq")
                .mapTo(String.class)
                .list());
        assertThat(order).hasSize(4);
        assertThat(order.subList(0, 2)).containsExactly("holder", "live message");
        assertThat(order.subList(2, 4)).containsExactlyInAnyOrder("sync page", "backfill batch");
    }

    @Test
    void aBackgroundWriterGetsTheTurnWhenNoUrgentOneWaits() throws Exception {
        WriterGate gate = new WriterGate();
        assertThat(gate.acquire(false, Duration.ofSeconds(1))).isTrue();
        assertThat(gate.acquire(true, Duration.ZERO))
                .as("held: no turn without waiting")
                .isFalse();
        gate.release();
        assertThat(gate.acquire(false, Duration.ZERO)).isTrue();
        gate.release();
    }

    @Test
    void aWriterThatCannotGetATurnInTimeFailsWithARetryableError() throws Exception {
        WriterGate gate = new WriterGate();
        assertThat(gate.acquire(false, Duration.ofSeconds(1))).isTrue();
        assertThat(gate.acquire(false, Duration.ofMillis(20))).isFalse();
        assertThat(gate.waiting(false)).isZero();
        gate.release();
    }

    @Test
    void aLongTurnIsLoggedWithItsHolderAndAShortOneIsNot() throws Exception {
        java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();
        WriterGate gate = new WriterGate(ticks::get);
        var logged = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        logged.start();
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(WriterGate.class);
        logger.addAppender(logged);
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO); // the tests' root logs WARN and above
        try {
            assertThat(gate.acquire(false, Duration.ofSeconds(1))).isTrue();
            ticks.addAndGet(WriterGate.LONG_TURN.toNanos() - 1);
            gate.release();
            assertThat(logged.list).isEmpty();

            assertThat(gate.acquire(false, Duration.ofSeconds(1))).isTrue();
            ticks.addAndGet(Duration.ofMillis(1_813).toNanos());
            gate.release();
            assertThat(logged.list)
                    .singleElement()
                    .extracting(e -> e.getFormattedMessage())
                    .isEqualTo("database writer held for 1813 ms by thread "
                            + Thread.currentThread().getName() + " (0 live-path writer(s) waited)");
        } finally {
            logger.setLevel(level);
            logger.detachAppender(logged);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private javax.sql.DataSource plainSqlite() {
        org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + dir.resolve("gate.db"));
        return source;
    }
}
