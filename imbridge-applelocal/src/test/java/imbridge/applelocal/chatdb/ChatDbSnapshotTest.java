package imbridge.applelocal.chatdb;

import static imbridge.applelocal.chatdb.ChatDbFixture.guid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening Messages databases safely: snapshots, live read-only access and clear errors. */
class ChatDbSnapshotTest {
    private static final Duration BUSY = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void aSnapshotHoldsRowsStillOnlyInTheWalAndNeverTouchesTheSource() throws Exception {
        try (ChatDbFixture db = ChatDbFixture.modern(dir.resolve("chat.db"))) {
            try (Statement s = db.connection().createStatement()) {
                s.execute("PRAGMA wal_autocheckpoint=0");
            }
            long h = db.handle("+15551234567");
            long chat = db.dm("iMessage", "+15551234567", h);
            for (int i = 1; i <= 3; i++) {
                db.message(guid(i)).text("m" + i).from(h).in(chat).insert();
            }
            Path wal = dir.resolve("chat.db-wal");
            assertThat(Files.size(wal)).as("the rows are in the WAL").isPositive();
            String dbHash = sha256(db.file());
            String walHash = sha256(wal);
            Path work = dir.resolve("work");

            try (ChatDbSnapshot snapshot = ChatDbSnapshot.copyOf(db.file(), work, BUSY)) {
                assertThat(count(snapshot.connection(), "message")).isEqualTo(3);
                assertThat(snapshot.frozen()).isTrue();
                assertThat(snapshot.path()).startsWith(work);
                assertThatThrownBy(() -> snapshot.connection().createStatement().executeUpdate("DELETE FROM message"))
                        .isInstanceOf(SQLException.class);
            }

            assertThat(sha256(db.file())).isEqualTo(dbHash);
            assertThat(sha256(wal)).isEqualTo(walHash);
            try (var left = Files.list(work)) {
                assertThat(left).as("the private copy is deleted on close").isEmpty();
            }
        }
    }

    @Test
    void aSnapshotIntoTheDatabasesOwnFolderNeverReplacesTheDatabase() throws Exception {
        try (ChatDbFixture db = ChatDbFixture.modern(dir.resolve("chat.db"))) {
            db.handle("+15551234567");
            String before = sha256(db.file());

            try (ChatDbSnapshot snapshot = ChatDbSnapshot.copyOf(db.file(), dir, BUSY)) {
                assertThat(snapshot.path()).isNotEqualTo(db.file());
                assertThat(count(snapshot.connection(), "handle")).isEqualTo(1);
            }

            assertThat(db.file()).isRegularFile();
            assertThat(sha256(db.file())).isEqualTo(before);
            assertThat(count(db.connection(), "handle")).isEqualTo(1);
        }
    }

    @Test
    void theLiveDatabaseIsReadOnlyAndSeesNewCommits() throws Exception {
        try (ChatDbFixture db = ChatDbFixture.modern(dir.resolve("chat.db"));
                ChatDbSnapshot live = ChatDbSnapshot.live(db.file(), BUSY)) {
            long h = db.handle("+15551234567");
            assertThat(count(live.connection(), "handle")).isEqualTo(1);
            db.handle("+15557654321");

            assertThat(count(live.connection(), "handle")).isEqualTo(2);
            assertThat(live.frozen()).isFalse();
            assertThatThrownBy(() ->
                            live.connection().createStatement().executeUpdate("DELETE FROM handle WHERE ROWID = " + h))
                    .isInstanceOf(SQLException.class);
            assertThat(count(db.connection(), "handle")).isEqualTo(2);
        }
    }

    @Test
    void pathsWithUriCharactersOpen() throws Exception {
        Path odd = Files.createDirectories(dir.resolve("we?ird#50%dir"));
        try (ChatDbFixture db = ChatDbFixture.modern(odd.resolve("chat.db"));
                ChatDbSnapshot live = ChatDbSnapshot.live(db.file(), BUSY)) {
            db.handle("+15551234567");
            assertThat(count(live.connection(), "handle")).isEqualTo(1);
        }
    }

    @Test
    void missingFilesFoldersAndNonSqliteFilesFailClearly() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.db"), "these are my notes, not a database at all");
        Path empty = Files.createFile(dir.resolve("empty.db"));

        assertThatThrownBy(() -> ChatDbSnapshot.live(dir.resolve("absent.db"), BUSY))
                .isInstanceOfSatisfying(
                        ChatDbOpenException.class,
                        e -> assertThat(e.problem()).isEqualTo(ChatDbOpenException.Problem.MISSING));
        assertThatThrownBy(() -> ChatDbSnapshot.copyOf(dir.resolve("absent.db"), dir.resolve("w"), BUSY))
                .isInstanceOfSatisfying(
                        ChatDbOpenException.class,
                        e -> assertThat(e.problem()).isEqualTo(ChatDbOpenException.Problem.MISSING));
        for (Path bad : new Path[] {text, empty, dir}) {
            assertThatThrownBy(() -> ChatDbSnapshot.live(bad, BUSY))
                    .isInstanceOfSatisfying(ChatDbOpenException.class, e -> {
                        assertThat(e.problem()).isEqualTo(ChatDbOpenException.Problem.NOT_SQLITE);
                        assertThat(e.getMessage()).contains("not a SQLite database");
                    });
        }
    }

    @Test
    void aSqliteFileThatIsNoMessagesDatabaseIsRefusedAndClosed() throws Exception {
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
        }
        ChatDbSnapshot snapshot = ChatDbSnapshot.live(other, BUSY);

        assertThatThrownBy(() -> ChatDbSources.create(
                        snapshot, new MacAttachmentLocator(dir), ChatDbSourceConfig.defaults(null)))
                .isInstanceOfSatisfying(ChatDbOpenException.class, e -> {
                    assertThat(e.problem()).isEqualTo(ChatDbOpenException.Problem.NOT_MESSAGES_DB);
                    assertThat(e.getMessage()).contains("no 'message' table").doesNotContain("null");
                });
        assertThat(snapshot.connection().isClosed()).isTrue();
    }

    @Test
    void permissionFailuresAskForFullDiskAccess() {
        Path db = Path.of("/Users/someone/Library/Messages/chat.db");
        ChatDbOpenException[] failures = {
            ChatDbOpenException.fromIo(db, new AccessDeniedException(db.toString())),
            ChatDbOpenException.fromIo(db, new FileSystemException(db.toString(), null, "Operation not permitted")),
            ChatDbOpenException.fromSql(
                    db, new SQLException("[SQLITE_AUTH] Authorization denied (authorization denied)")),
        };

        for (ChatDbOpenException e : failures) {
            assertThat(e.problem()).isEqualTo(ChatDbOpenException.Problem.NO_PERMISSION);
            assertThat(e.getMessage())
                    .contains("grant Full Disk Access to the program running imbridge")
                    .contains(db.toString());
        }
        assertThat(ChatDbOpenException.fromSql(db, new SQLException("[SQLITE_NOTADB] file is not a database"))
                        .problem())
                .isEqualTo(ChatDbOpenException.Problem.NOT_SQLITE);
    }
}
