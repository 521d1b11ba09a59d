package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.port.EventQuarantine;
import imbridge.core.port.EventQuarantine.Entry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appservice quarantine on both dialects, across a reopen of the database. */
class SqlEventQuarantineTest {

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
        Entry noId = new Entry("t1", "events", 1, null, "no_event_id", "{\"type\":\"m.room.message\"}");
        Entry number = new Entry("t1", "events", 2, null, "not_an_object", "42");
        Entry badContent = new Entry("t1", "events", 3, "$c", "content_not_object", "{\"content\":\"x\"}");
        Entry section = new Entry("t1", "ephemeral", -1, null, "section_not_array", "\"typing\"");
        try (Database db = Database.open(cfg, clock())) {
            EventQuarantine quarantine = db.eventQuarantine();
            assertThat(quarantine.count()).isZero();
            assertThat(quarantine.newest(5)).isEmpty();

            assertThat(quarantine.add(List.of(noId, number, badContent))).containsExactly(noId, number, badContent);
            now.addAndGet(1_000);
            assertThat(quarantine.add(List.of(noId, number, badContent, section)))
                    .as("a retried transaction adds only what is new in it")
                    .containsExactly(section);
            Entry reusedTxnId = new Entry("t1", "events", 1, null, "no_event_id", "{\"type\":\"m.room.member\"}");
            assertThat(quarantine.add(List.of(reusedTxnId)))
                    .as("other content under a reused transaction ID is kept")
                    .containsExactly(reusedTxnId);
            assertThat(quarantine.add(List.of())).isEmpty();
            assertThat(quarantine.count()).isEqualTo(5);
        }
        try (Database db = Database.open(cfg, clock())) {
            EventQuarantine quarantine = db.eventQuarantine();
            assertThat(quarantine.count()).as("survives a restart").isEqualTo(5);
            assertThat(quarantine.add(List.of(noId)))
                    .as("still known after a restart")
                    .isEmpty();
            List<EventQuarantine.Stored> newest = quarantine.newest(3);
            assertThat(newest)
                    .extracting(s -> s.entry().reason())
                    .containsExactly("no_event_id", "section_not_array", "content_not_object");
            assertThat(newest.get(2).entry()).isEqualTo(badContent);
            assertThat(newest.get(2).receivedMs()).isEqualTo(1_700_000_000_000L);
            assertThat(newest.get(1).receivedMs()).isEqualTo(1_700_000_001_000L);
            assertThatThrownBy(() -> quarantine.newest(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
    }
}
