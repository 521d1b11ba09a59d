package imbridge.applelocal.chatdb;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

/**
 * A Messages database that cannot be opened, with a message a user can act on: the file is missing, is not a
 * SQLite database, is not a Messages database, or the process may not read it (macOS privacy protection).
 */
public final class ChatDbOpenException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that react differently (exit codes, hints). */
    public enum Problem {
        MISSING,
        NOT_SQLITE,
        NOT_MESSAGES_DB,
        NO_PERMISSION,
        UNREADABLE
    }

    static final String FULL_DISK_ACCESS_HINT = "grant Full Disk Access to the program running imbridge "
            + "(System Settings > Privacy & Security > Full Disk Access: the terminal, or the app/launchd job that "
            + "starts java), then try again";

    private final Problem problem;

    public ChatDbOpenException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    static ChatDbOpenException missing(Path path) {
        return new ChatDbOpenException(
                Problem.MISSING,
                "no database at " + path + " (is Messages set up on this account, and is the path right?)",
                null);
    }

    static ChatDbOpenException notSqlite(Path path, String detail) {
        return new ChatDbOpenException(Problem.NOT_SQLITE, path + " is not a SQLite database (" + detail + ")", null);
    }

    static ChatDbOpenException notMessages(Path path, String detail) {
        return new ChatDbOpenException(
                Problem.NOT_MESSAGES_DB,
                path + " is a SQLite database but not Apple's Messages database: " + detail,
                null);
    }

    /** Classifies a failed file access; EPERM/EACCES become the Full Disk Access hint. */
    static ChatDbOpenException fromIo(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return missing(path);
        }
        if (e instanceof AccessDeniedException
                || looksLikePermission(e.getMessage())
                || (e instanceof FileSystemException fse && looksLikePermission(fse.getReason()))) {
            return noPermission(path, e);
        }
        return new ChatDbOpenException(Problem.UNREADABLE, "cannot read " + path + ": " + e.getMessage(), e);
    }

    /** Classifies a failed SQLite open or first read. */
    static ChatDbOpenException fromSql(Path path, SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("SQLITE_NOTADB") || message.contains("not a database")) {
            return notSqlite(path, "SQLite says: file is not a database");
        }
        if (message.contains("SQLITE_PERM") || message.contains("SQLITE_AUTH") || looksLikePermission(message)) {
            return noPermission(path, e);
        }
        return new ChatDbOpenException(Problem.UNREADABLE, "cannot open " + path + ": " + message, e);
    }

    private static ChatDbOpenException noPermission(Path path, Exception e) {
        return new ChatDbOpenException(
                Problem.NO_PERMISSION, "permission denied reading " + path + ": " + FULL_DISK_ACCESS_HINT, e);
    }

    private static boolean looksLikePermission(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("operation not permitted")
                || m.contains("permission denied")
                || m.contains("authorization denied")
                || m.contains("access denied");
    }
}
