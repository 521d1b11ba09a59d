package imbridge.store;

import imbridge.core.util.UrgentWrites;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;

/** The SQLite writer's connections, handed out in {@link WriterGate} order (urgent threads first). */
final class GatedConnectionFactory implements ConnectionFactory {
    private final DataSource writer;
    private final WriterGate gate;

    GatedConnectionFactory(DataSource writer, WriterGate gate) {
        this.writer = writer;
        this.gate = gate;
    }

    /** The writer's turn did not come in time: in practice, the writer is waiting on a lock another process holds. */
    static final class WriterBusyException extends SQLTransientConnectionException {
        private static final long serialVersionUID = 1L;

        WriterBusyException(String message) {
            super(message);
        }
    }

    @Override
    public Connection openConnection() throws SQLException {
        try {
            if (!gate.acquire(UrgentWrites.currentThreadIsUrgent(), WriterGate.MAX_WAIT)) {
                throw new WriterBusyException(
                        "the SQLite writer stayed busy for " + WriterGate.MAX_WAIT.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for the SQLite writer", e);
        }
        try {
            return writer.getConnection();
        } catch (SQLException | RuntimeException e) {
            gate.release();
            throw e;
        }
    }

    @Override
    public void closeConnection(Connection connection) throws SQLException {
        try {
            connection.close();
        } finally {
            gate.release();
        }
    }
}
