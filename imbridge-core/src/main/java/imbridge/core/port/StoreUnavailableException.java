package imbridge.core.port;

import java.util.Locale;

/**
 * The database cannot take a write for now: its disk (or its configured size limit) is full, or another process
 * holds its lock longer than the store waits. Thrown by every store port at the store boundary in place of the
 * driver's own error; the transaction that hit it was rolled back, so nothing of it was stored. Not a bug and not
 * the end of the bridge: the work that needs the store pauses and tries again ({@link
 * imbridge.core.lifecycle.StoreOutage}). The message is the sentence an operator needs.
 */
public final class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the store refused. */
    public enum Kind {
        DISK_FULL,
        LOCKED;

        /** The metric tag and log form: {@code disk_full}, {@code locked}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;

    /** @param where the database's location for the operator (a file path, a URL without credentials) */
    public StoreUnavailableException(Kind kind, String where, Throwable cause) {
        super(sentence(kind, where), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    private static String sentence(Kind kind, String where) {
        return switch (kind) {
            case DISK_FULL -> "database disk full (" + where + "): free space; the bridge resumes by itself";
            case LOCKED ->
                "database locked by another process (" + where
                        + "): end that process's transaction; the bridge resumes by itself";
        };
    }
}
