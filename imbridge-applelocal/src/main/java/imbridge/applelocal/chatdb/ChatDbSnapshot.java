package imbridge.applelocal.chatdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * A read-only connection to a Messages database, opened so that the source is never written:
 * <ul>
 *   <li>{@link #copyOf}: for a bulk import, SQLite's online backup copies the live database (including what is
 *       still only in its {@code -wal}) into a private work folder, and the copy is read. The copy is a consistent
 *       snapshot however busy Messages is, and it does not pin the live WAL while the import runs.</li>
 *   <li>{@link #live}: for watching, the live file itself with {@code mode=ro} and a busy timeout (never
 *       {@code immutable=1}: that would ignore the WAL and the locks).</li>
 *   <li>{@link #privateCopy}: a file that already is a private copy (an {@code sms.db} restored from a backup).</li>
 *   <li>{@link #immutable}: a static file in a folder that must not be written (a backup's {@code Manifest.db}).</li>
 * </ul>
 */
public final class ChatDbSnapshot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatDbSnapshot.class);
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> SIDE_FILES = List.of("-wal", "-shm", "-journal");
    /** A snapshot's own name, so that it can never be taken for (and delete) the database it copies. */
    static final String SNAPSHOT_PREFIX = "snapshot-";

    private final Connection connection;
    private final Path path;
    private final boolean frozen;
    private final boolean deleteOnClose;

    private ChatDbSnapshot(Connection connection, Path path, boolean frozen, boolean deleteOnClose) {
        this.connection = connection;
        this.path = path;
        this.frozen = frozen;
        this.deleteOnClose = deleteOnClose;
    }

    /** Copies {@code source} into {@code workDir} with SQLite's online backup and opens the copy read-only. */
    public static ChatDbSnapshot copyOf(Path source, Path workDir, Duration busyTimeout) throws ChatDbOpenException {
        checkFile(source);
        Path copy = workDir.resolve(SNAPSHOT_PREFIX + source.getFileName());
        if (copy.toAbsolutePath().normalize().equals(source.toAbsolutePath().normalize())) {
            throw new ChatDbOpenException(
                    ChatDbOpenException.Problem.UNREADABLE,
                    "the work folder " + workDir + " would overwrite " + source + "; choose another work folder",
                    null);
        }
        try {
            Files.createDirectories(workDir);
            deleteWithSideFiles(copy);
        } catch (IOException e) {
            throw new ChatDbOpenException(
                    ChatDbOpenException.Problem.UNREADABLE,
                    "cannot prepare the work folder " + workDir + ": " + e.getMessage(),
                    e);
        }
        try (Connection live = open(source, busyTimeout)) {
            int rc = live.unwrap(SQLiteConnection.class).getDatabase().backup("main", copy.toString(), null);
            if (rc != 0) {
                throw new ChatDbOpenException(
                        ChatDbOpenException.Problem.UNREADABLE,
                        "copying " + source + " to " + copy + " failed (SQLite result " + rc + ")",
                        null);
            }
        } catch (SQLException e) {
            throw ChatDbOpenException.fromSql(source, e);
        }
        log.info("chat.db snapshot: copied {} to {} ({} bytes)", source, copy, sizeOf(copy));
        return new ChatDbSnapshot(openChecked(copy, busyTimeout), copy, true, true);
    }

    /** Opens the live database read-only, seeing what Messages has committed to its WAL. */
    public static ChatDbSnapshot live(Path source, Duration busyTimeout) throws ChatDbOpenException {
        checkFile(source);
        return new ChatDbSnapshot(openChecked(source, busyTimeout), source, false, false);
    }

    /** Opens a private copy read-only; with {@code deleteOnClose} the copy and its side files go on close. */
    public static ChatDbSnapshot privateCopy(Path copy, Duration busyTimeout, boolean deleteOnClose)
            throws ChatDbOpenException {
        checkFile(copy);
        return new ChatDbSnapshot(openChecked(copy, busyTimeout), copy, true, deleteOnClose);
    }

    /**
     * Opens a file that nothing writes (an iPhone backup's {@code Manifest.db}) with {@code immutable=1}: SQLite then
     * creates no {@code -shm}/{@code -journal} beside it, so the backup folder stays untouched. Only for files
     * without a {@code -wal} (immutable ignores it).
     */
    public static ChatDbSnapshot immutable(Path file) throws ChatDbOpenException {
        checkFile(file);
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            Connection c = config.createConnection(readOnlyUrl(file) + "&immutable=1");
            return new ChatDbSnapshot(c, file, true, false);
        } catch (SQLException e) {
            throw ChatDbOpenException.fromSql(file, e);
        }
    }

    public Connection connection() {
        return connection;
    }

    public Path path() {
        return path;
    }

    /** True when nothing else writes this database while it is open (a copy): a re-read gives the same rows. */
    public boolean frozen() {
        return frozen;
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IOException("closing " + path + ": " + e.getMessage(), e);
        } finally {
            if (deleteOnClose) {
                deleteWithSideFiles(path);
            }
        }
    }

    /** Missing, unreadable (EPERM: Full Disk Access) and non-SQLite files fail here, before SQLite guesses. */
    static void checkFile(Path file) throws ChatDbOpenException {
        if (Files.isDirectory(file)) {
            throw ChatDbOpenException.notSqlite(file, "it is a folder");
        }
        byte[] header = new byte[SQLITE_HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw ChatDbOpenException.fromIo(file, e);
        }
        if (read == 0) {
            throw ChatDbOpenException.notSqlite(file, "the file is empty");
        }
        if (read < header.length || !Arrays.equals(header, SQLITE_HEADER)) {
            throw ChatDbOpenException.notSqlite(file, "it does not start with the SQLite header");
        }
    }

    private static Connection openChecked(Path file, Duration busyTimeout) throws ChatDbOpenException {
        try {
            Connection c = open(file, busyTimeout);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
                rs.next();
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (SQLException e) {
            throw ChatDbOpenException.fromSql(file, e);
        }
    }

    private static Connection open(Path file, Duration busyTimeout) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout((int)
                Math.min(Integer.MAX_VALUE, Objects.requireNonNull(busyTimeout).toMillis()));
        return config.createConnection(readOnlyUrl(file));
    }

    /** {@code jdbc:sqlite:file:<path>?mode=ro}; '%', '?' and '#' in the path are escaped as URI filenames need. */
    static String readOnlyUrl(Path file) {
        String p = file.toAbsolutePath()
                .normalize()
                .toString()
                .replace("%", "%25")
                .replace("?", "%3F")
                .replace("#", "%23");
        return "jdbc:sqlite:file:" + p + "?mode=ro";
    }

    private static void deleteWithSideFiles(Path file) {
        try {
            Files.deleteIfExists(file);
            for (String suffix : SIDE_FILES) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException e) {
            log.warn("could not delete the private copy {}: {}", file, e.getMessage());
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
