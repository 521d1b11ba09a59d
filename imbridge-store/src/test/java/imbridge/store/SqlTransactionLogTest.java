package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appservice transaction log on both dialects, across a reopen of the database. */
class SqlTransactionLogTest {

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

    @Test
    void sqlite() {
        exercise(DatabaseConfig.sqlite(dir.resolve("imbridge.db")));
    }

    @Test
    void postgres() {
        exercise(new DatabaseConfig("postgres", SharedPostgres.newDatabaseUrl(), "postgres", null, 2));
    }

    private void exercise(DatabaseConfig cfg) {
        Database.open(cfg).close();
        try (ConnectionPools pools = ConnectionPools.open(cfg)) {
            SqlTransactionLog log = log(pools);
            assertThat(log.isProcessed("1", "d1")).isFalse();
            assertThat(log.processedEvents(List.of("$a"))).isEmpty();

            log.markProcessed("1", "d1", List.of("$a", "$b"));
            log.markProcessed("1", "d1", List.of("$a", "$b"));

            assertThat(log.isProcessed("1", "d1")).isTrue();
            assertThat(log.isProcessed("1", "d2"))
                    .as("same txnId, other events: a restarted counter")
                    .isFalse();
            assertThat(log.processedEvents(List.of("$a", "$c", "$b"))).containsExactlyInAnyOrder("$a", "$b");

            now.addAndGet(10_000);
            log.markProcessed("1", "d2", List.of("$c", "$a"));
            assertThat(log.isProcessed("1", "d2")).isTrue();
        }
        try (ConnectionPools pools = ConnectionPools.open(cfg)) {
            SqlTransactionLog log = log(pools);
            assertThat(log.isProcessed("1", "d1")).as("survives a restart").isTrue();
            assertThat(log.processedEvents(List.of("$a", "$b", "$c"))).containsExactlyInAnyOrder("$a", "$b", "$c");

            List<String> many = new ArrayList<>();
            for (int i = 0; i < 1_234; i++) {
                many.add("$many" + i);
            }
            log.markProcessed("2", "d3", many);
            assertThat(log.processedEvents(many)).hasSize(many.size());

            // d1 with $a and $b was recorded 10 s before everything else; $a was recorded again later (kept first
            // time).
            int forgotten = log.forgetBefore(now.get());
            assertThat(forgotten).isEqualTo(3);
            assertThat(log.isProcessed("1", "d1")).isFalse();
            assertThat(log.isProcessed("1", "d2")).isTrue();
            assertThat(log.processedEvents(List.of("$a", "$b", "$c"))).containsExactly("$c");
        }
    }

    private SqlTransactionLog log(ConnectionPools pools) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        return new SqlTransactionLog(new SqlAccess(Jdbi.create(pools.writer()), Jdbi.create(pools.reader()), clock));
    }
}
