package imbridge.store;

import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * How the stores reach the database: every write and transaction through {@code writer}, plain reads
 * through {@code reader} (the same pool on PostgreSQL), row timestamps from {@code clock}.
 */
record SqlAccess(Jdbi writer, Jdbi reader, Clock clock) {

    long now() {
        return clock.millis();
    }
}
