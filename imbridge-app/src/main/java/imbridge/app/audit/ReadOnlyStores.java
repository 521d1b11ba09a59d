package imbridge.app.audit;

import imbridge.app.config.BridgeConfig;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.store.Database;
import imbridge.store.DatabaseConfig;
import java.nio.file.Path;

/**
 * The bridge's database of the config's login, opened read-only ({@link Database#openReadOnly}): nothing is
 * migrated or created, and any write would fail. Safe to open while the bridge runs.
 */
public final class ReadOnlyStores implements AutoCloseable {
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final int SQLITE_READERS = 2;

    private final Database database;
    private final CloudStore cloud;
    private final BridgeStore bridge;

    private ReadOnlyStores(Database database, String loginId) {
        this.database = database;
        this.cloud = database.cloudStore(loginId);
        this.bridge = database.bridgeStore(loginId);
    }

    public static ReadOnlyStores open(BridgeConfig config) {
        return new ReadOnlyStores(
                Database.openReadOnly(databaseConfig(config.database())),
                config.bridge().loginId());
    }

    static DatabaseConfig databaseConfig(BridgeConfig.Database db) {
        if (db.type().equals("sqlite")) {
            String file = db.uri().startsWith(SQLITE_PREFIX) ? db.uri().substring(SQLITE_PREFIX.length()) : db.uri();
            return new DatabaseConfig(
                    "sqlite", SQLITE_PREFIX + Path.of(file).toAbsolutePath(), null, null, SQLITE_READERS);
        }
        return new DatabaseConfig("postgres", db.uri(), db.user(), db.password(), Math.min(db.maxConnections(), 2));
    }

    public CloudStore cloud() {
        return cloud;
    }

    public BridgeStore bridge() {
        return bridge;
    }

    /** How many unusable pieces of appservice transactions the bridge quarantined. */
    public long quarantinedEvents() {
        return database.eventQuarantine().count();
    }

    @Override
    public void close() {
        database.close();
    }
}
