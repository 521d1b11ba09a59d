package imbridge.app.runtime;

import imbridge.app.config.BridgeConfig;
import imbridge.store.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Maps the {@code database} config section to the store's configuration. */
public final class StoreConfigs {
    private StoreConfigs() {}

    public static DatabaseConfig of(BridgeConfig.Database db) {
        if (db.type().equals("sqlite")) {
            Path file = Path.of(db.uri().startsWith("jdbc:sqlite:") ? db.uri().substring(12) : db.uri());
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the database directory for " + file, e);
            }
            return DatabaseConfig.sqlite(file);
        }
        return new DatabaseConfig("postgres", db.uri(), db.user(), db.password(), db.maxConnections());
    }
}
