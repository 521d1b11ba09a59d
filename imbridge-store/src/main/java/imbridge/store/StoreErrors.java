package imbridge.store;

import imbridge.core.port.StoreUnavailableException;
import imbridge.core.port.StoreUnavailableException.Kind;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Recognises, in a store failure, the database refusing writes for a reason that passes (disk full, lock held by
 * another process) and turns it into the core's {@link StoreUnavailableException}; every other failure is left as
 * it is. SQLite says it with result codes, PostgreSQL with SQL states.
 */
final class StoreErrors {
    /** SQLite primary result codes (the low byte of an extended code). */
    private static final int SQLITE_BUSY = 5;

    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_FULL = 13;
    /** PostgreSQL: {@code disk_full}, {@code lock_not_available}. */
    private static final String PG_DISK_FULL = "53100";

    private static final String PG_LOCK_NOT_AVAILABLE = "55P03";
    /** Causes looked at before giving up: driver exceptions are wrapped a few times at most. */
    private static final int MAX_DEPTH = 16;

    private final Dialect dialect;
    private final String where;

    /** @param where the database's location for the operator, without credentials */
    StoreErrors(Dialect dialect, String where) {
        this.dialect = dialect;
        this.where = where;
    }

    /** {@code failure} as a {@link StoreUnavailableException} when it is one of the passing refusals, else itself. */
    RuntimeException translate(RuntimeException failure) {
        if (failure instanceof StoreUnavailableException) {
            return failure;
        }
        return kindOf(failure)
                .<RuntimeException>map(kind -> new StoreUnavailableException(kind, where, failure))
                .orElse(failure);
    }

    Optional<Kind> kindOf(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof SQLException sql) {
                Optional<Kind> kind = kindOf(sql);
                if (kind.isPresent()) {
                    return kind;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Kind> kindOf(SQLException e) {
        return switch (dialect) {
            case SQLITE -> sqliteKind(e);
            case POSTGRES -> postgresKind(e.getSQLState());
        };
    }

    private static Optional<Kind> sqliteKind(SQLException e) {
        if (e instanceof GatedConnectionFactory.WriterBusyException) {
            // The single writer's turn did not come: the writer is stuck waiting on a lock.
            return Optional.of(Kind.LOCKED);
        }
        return switch (e.getErrorCode() & 0xff) {
            case SQLITE_FULL -> Optional.of(Kind.DISK_FULL);
            case SQLITE_BUSY, SQLITE_LOCKED -> Optional.of(Kind.LOCKED);
            default -> Optional.empty();
        };
    }

    private static Optional<Kind> postgresKind(String state) {
        if (PG_DISK_FULL.equals(state)) {
            return Optional.of(Kind.DISK_FULL);
        }
        if (PG_LOCK_NOT_AVAILABLE.equals(state)) {
            return Optional.of(Kind.LOCKED);
        }
        return Optional.empty();
    }
}
