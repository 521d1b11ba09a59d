package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.port.MatrixInbox;
import imbridge.core.port.MatrixInbox.NewEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Matrix-side inbox and the management rooms on both dialects, across a reopen of the database. */
class SqlMatrixInboxTest {

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
        try (Database db = Database.open(cfg, clock())) {
            MatrixInbox inbox = db.matrixInbox();
            assertThat(inbox.pending(10)).isEmpty();
            assertThat(inbox.append(List.of(event("$a", "!r1"), event("$b", "!r2"), event("$a", "!r1"))))
                    .as("a repeated event ID in one batch counts once")
                    .isEqualTo(2);
            assertThat(inbox.append(List.of(event("$b", "!r2"), event("$c", "!r1"))))
                    .as("an event already queued is left out")
                    .isEqualTo(1);
            assertThat(inbox.pending(10)).extracting(MatrixInbox.Entry::eventId).containsExactly("$a", "$b", "$c");
            assertThat(inbox.pending(2)).extracting(MatrixInbox.Entry::eventId).containsExactly("$a", "$b");
            MatrixInbox.Entry first = inbox.pending(1).getFirst();
            assertThat(first.roomId()).isEqualTo("!r1");
            assertThat(first.json()).isEqualTo("{\"event_id\":\"$a\"}");

            inbox.markFailed(first.seq(), "x".repeat(SqlMatrixInbox.MAX_ERROR_CHARS + 10));
            inbox.markFailed(first.seq(), "again");
            assertThat(inbox.pending(1).getFirst().attempts()).isEqualTo(2);
            inbox.markDone(first.seq(), "HANDLED");
            assertThat(inbox.pendingCount()).isEqualTo(2);
            assertThat(inbox.append(List.of(event("$a", "!r1"))))
                    .as("a consumed event is not queued again")
                    .isZero();

            db.managementRooms().save("@user:s", "!m1");
            db.managementRooms().save("@user:s", "!m2");
            assertThat(db.managementRooms().forget("@user:s", "!m1"))
                    .as("not the current one")
                    .isFalse();
        }
        try (Database db = Database.open(cfg, clock())) {
            MatrixInbox inbox = db.matrixInbox();
            assertThat(inbox.pending(10))
                    .as("survives a restart")
                    .extracting(MatrixInbox.Entry::eventId)
                    .containsExactly("$b", "$c");
            assertThat(db.managementRooms().find("@user:s")).contains("!m2");
            assertThat(db.managementRooms().find("@other:s")).isEmpty();

            now.addAndGet(60_000);
            inbox.pending(10).forEach(e -> inbox.markDone(e.seq(), "HANDLED"));
            assertThat(inbox.pendingCount()).isZero();
            assertThat(inbox.forgetDoneBefore(now.get()))
                    .as("only $a was done before the cutoff")
                    .isEqualTo(1);
            assertThat(inbox.append(List.of(event("$a", "!r1"))))
                    .as("forgotten, so new again")
                    .isEqualTo(1);
            assertThat(inbox.append(List.of(event("$c", "!r1")))).isZero();

            assertThat(db.managementRooms().forget("@user:s", "!m2")).isTrue();
            assertThat(db.managementRooms().find("@user:s")).isEmpty();
        }
    }

    private static NewEvent event(String eventId, String roomId) {
        return new NewEvent(eventId, roomId, "{\"event_id\":\"" + eventId + "\"}");
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
