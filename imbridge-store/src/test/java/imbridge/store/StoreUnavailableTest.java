package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import imbridge.core.port.MatrixInbox;
import imbridge.core.port.MatrixInbox.NewEvent;
import imbridge.core.port.StoreUnavailableException;
import imbridge.core.port.StoreUnavailableException.Kind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database refusing writes for a passing reason leaves the store ports as the core's {@link
 * StoreUnavailableException}, with the kind and the operator's sentence; the refused write stored nothing, and the
 * store works again once the condition clears. Real SQLite files and a real PostgreSQL.
 */
class StoreUnavailableTest {
    /** Each event carries ~64 KiB, so a few of them need pages a capped file cannot get. */
    private static final String BIG = "x".repeat(64 * 1024);

    private static final int MAX_EVENTS = 500;

    @TempDir
    Path dir;

    @Test
    void aFullSqliteFileIsDiskFullAndTheStoreTakesWritesAgainWhenTheCapIsLifted() {
        Path file = dir.resolve("imbridge.db");
        try (Database db = Database.open(DatabaseConfig.sqlite(file))) {
            MatrixInbox inbox = db.matrixInbox();
            db.limitPages(1);
            StoreUnavailableException full = fillUntilRefused(inbox);

            assertThat(full.kind()).isEqualTo(Kind.DISK_FULL);
            assertThat(full.getMessage())
                    .isEqualTo("database disk full (" + file.toAbsolutePath()
                            + "): free space; the bridge resumes by itself");
            long stored = inbox.pendingCount();

            db.limitPages(Long.MAX_VALUE);
            assertThat(inbox.append(List.of(new NewEvent("$after", "!r", json("$after")))))
                    .isEqualTo(1);
            assertThat(inbox.pendingCount())
                    .as("the refused batch left nothing behind")
                    .isEqualTo(stored + 1);
        }
    }

    @Test
    void aLockHeldByAnotherConnectionIsLockedAndReleasingItEndsIt() throws SQLException {
        Path file = dir.resolve("imbridge.db");
        try (Database db = Database.open(DatabaseConfig.sqlite(file));
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            MatrixInbox inbox = db.matrixInbox();
            try (Statement s = other.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
            }
            assertThatThrownBy(() -> inbox.append(List.of(new NewEvent("$a", "!r", json("$a")))))
                    .isInstanceOfSatisfying(
                            StoreUnavailableException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.LOCKED))
                    .hasMessageContaining("database locked by another process (" + file.toAbsolutePath() + ")");
            assertThat(inbox.pendingCount())
                    .as("reads go on beside the lock (WAL)")
                    .isZero();
            try (Statement s = other.createStatement()) {
                s.execute("ROLLBACK");
            }
            assertThat(inbox.append(List.of(new NewEvent("$a", "!r", json("$a")))))
                    .isEqualTo(1);
        }
    }

    @Test
    void aPostgresLockTimeoutIsLocked() throws SQLException {
        // lock_timeout makes PostgreSQL give up on a lock with SQL state 55P03 instead of waiting for ever.
        String url = SharedPostgres.newDatabaseUrl();
        String withTimeout = url + (url.contains("?") ? "&" : "?") + "options=-c%20lock_timeout%3D300";
        try (Database db = Database.open(new DatabaseConfig("postgres", withTimeout, "postgres", null, 2));
                Connection other = DriverManager.getConnection(url, "postgres", null)) {
            MatrixInbox inbox = db.matrixInbox();
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.execute("LOCK TABLE matrix_inbox IN ACCESS EXCLUSIVE MODE");
            }
            assertThatThrownBy(() -> inbox.append(List.of(new NewEvent("$a", "!r", json("$a")))))
                    .isInstanceOfSatisfying(
                            StoreUnavailableException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.LOCKED))
                    .hasMessageStartingWith("database locked by another process (jdbc:postgresql://");
            other.rollback();
            assertThat(inbox.append(List.of(new NewEvent("$a", "!r", json("$a")))))
                    .isEqualTo(1);
        }
    }

    @Test
    void otherFailuresKeepTheirOwnException() {
        StoreErrors errors = new StoreErrors(Dialect.POSTGRES, "db");
        RuntimeException unique = new IllegalStateException(new SQLException("duplicate key", "23505"));
        assertThat(errors.translate(unique)).isSameAs(unique);
        assertThat(errors.translate(new IllegalStateException(new SQLException("no space", "53100"))))
                .isInstanceOfSatisfying(
                        StoreUnavailableException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.DISK_FULL));
    }

    private static StoreUnavailableException fillUntilRefused(MatrixInbox inbox) {
        for (int i = 0; i < MAX_EVENTS; i++) {
            String id = "$big" + i;
            StoreUnavailableException refused = catchThrowableOfType(
                    StoreUnavailableException.class,
                    () -> inbox.append(
                            List.of(new NewEvent(id, "!r", "{\"event_id\":\"" + id + "\",\"pad\":\"" + BIG + "\"}"))));
            if (refused != null) {
                return refused;
            }
        }
        throw new AssertionError("the capped file took " + MAX_EVENTS + " events of 64 KiB");
    }

    private static String json(String eventId) {
        return "{\"event_id\":\"" + eventId + "\"}";
    }
}
