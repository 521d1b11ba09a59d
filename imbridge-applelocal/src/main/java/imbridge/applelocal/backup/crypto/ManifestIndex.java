package imbridge.applelocal.backup.crypto;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/** Read-only lookups in a decrypted {@code Manifest.db} ({@code Files} table, by {@code fileID}). */
final class ManifestIndex implements AutoCloseable {

    /** One {@code Files} row. {@code flags}: 1 = regular file, 2 = directory, 4 = symlink. */
    record Entry(String fileId, String domain, String relativePath, int flags, byte[] file) {
        static final int REGULAR_FILE = 1;
    }

    private final Connection connection;

    private ManifestIndex(Connection connection) {
        this.connection = connection;
    }

    static ManifestIndex open(Path manifestDb) throws EncryptedBackupException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try {
            Connection connection = config.createConnection("jdbc:sqlite:" + manifestDb);
            ManifestIndex index = new ManifestIndex(connection);
            index.checkSchema();
            return index;
        } catch (SQLException e) {
            throw new EncryptedBackupException("decrypted Manifest.db does not open: " + e.getMessage(), e);
        }
    }

    private void checkSchema() throws SQLException {
        try (PreparedStatement probe =
                connection.prepareStatement("SELECT fileID, domain, relativePath, flags, file FROM Files LIMIT 0")) {
            probe.executeQuery().close();
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    Optional<Entry> find(String fileId) throws EncryptedBackupException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT domain, relativePath, flags, file FROM Files WHERE fileID = ?")) {
            query.setString(1, fileId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new Entry(fileId, row.getString(1), row.getString(2), row.getInt(3), row.getBytes(4)));
            }
        } catch (SQLException e) {
            throw new EncryptedBackupException("Manifest.db lookup of " + fileId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws EncryptedBackupException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new EncryptedBackupException("closing the decrypted Manifest.db failed", e);
        }
    }
}
