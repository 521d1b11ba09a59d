package imbridge.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the bridge keeps its state.
 *
 * @param type           {@code "sqlite"} (embedded default) or {@code "postgres"}
 * @param url            JDBC URL, e.g. {@code jdbc:sqlite:/data/imbridge.db} or {@code jdbc:postgresql://host/db}
 * @param user           database user (PostgreSQL; ignored by SQLite), may be null
 * @param password       database password, may be null
 * @param maxConnections PostgreSQL pool size; for SQLite the number of pooled read connections
 *                       (writes always go through one dedicated writer connection)
 */
public record DatabaseConfig(String type, String url, String user, String password, int maxConnections) {

    /** Read connections for an embedded SQLite file: reads are cheap and run beside the single writer. */
    public static final int DEFAULT_SQLITE_READERS = 4;

    public DatabaseConfig {
        Dialect.of(type);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("database url is required");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("database maxConnections must be at least 1, was " + maxConnections);
        }
    }

    public static DatabaseConfig sqlite(Path file) {
        Objects.requireNonNull(file, "file");
        return new DatabaseConfig("sqlite", "jdbc:sqlite:" + file.toAbsolutePath(), null, null, DEFAULT_SQLITE_READERS);
    }

    Dialect dialect() {
        return Dialect.of(type);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DatabaseConfig[type=" + type + ", url=" + url + ", user=" + user + ", password="
                + (password == null ? "null" : "***") + ", maxConnections=" + maxConnections + "]";
    }
}
