package imbridge.store;

import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Locale;
import java.util.Objects;

/**
 * An open imbridge database: migrated schema, connection pools and the per-login stores on top of them.
 * Thread-safe; one instance per process and database.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final ConnectionPools pools;
    private final SqlAccess sql;

    private Database(ConnectionPools pools, Clock clock) {
        this.pools = pools;
        this.sql = new SqlAccess(Jdbi.create(pools.writer()), Jdbi.create(pools.reader()), clock);
    }

    /** Migrates the schema (Flyway, per dialect) and opens the pools. */
    public static Database open(DatabaseConfig cfg) {
        return open(cfg, Clock.systemUTC());
    }

    /** As {@link #open(DatabaseConfig)}, stamping rows with {@code clock}. */
    public static Database open(DatabaseConfig cfg, Clock clock) {
        Objects.requireNonNull(cfg, "cfg");
        Objects.requireNonNull(clock, "clock");
        Dialect dialect = cfg.dialect();
        if (dialect == Dialect.SQLITE) {
            ConnectionPools.prepareSqliteFile(cfg.url());
        }
        migrate(cfg, dialect);
        log.info("Opened {} database {}", dialect.name().toLowerCase(Locale.ROOT), withoutQuery(cfg.url()));
        return new Database(ConnectionPools.open(cfg), clock);
    }

    public CloudStore cloudStore(String loginId) {
        return new SqlCloudStore(sql, requireLogin(loginId));
    }

    public BridgeStore bridgeStore(String loginId) {
        return new SqlBridgeStore(sql, requireLogin(loginId));
    }

    @Override
    public void close() {
        pools.close();
    }

    /** Flyway gets its own short-lived connections so it never competes with the single SQLite writer. */
    private static void migrate(DatabaseConfig cfg, Dialect dialect) {
        Flyway.configure()
                .dataSource(cfg.url(), cfg.user(), cfg.password())
                .locations(dialect.migrationLocation())
                .load()
                .migrate();
    }

    /** JDBC URL parameters may carry credentials; logs get the location only. */
    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static String requireLogin(String loginId) {
        if (loginId == null || loginId.isBlank()) {
            throw new IllegalArgumentException("loginId is required");
        }
        return loginId;
    }
}
