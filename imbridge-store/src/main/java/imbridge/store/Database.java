package imbridge.store;

import imbridge.core.port.BackwardTasks;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.LiveInbox;
import imbridge.core.port.MatrixInbox;
import imbridge.core.port.TransactionLog;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open imbridge database: migrated schema, connection pools and the per-login stores on top of them.
 * Thread-safe; one instance per process and database.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** SQLite's largest page count; {@link #limitPages} with it lifts the cap. */
    private static final long MAX_PAGES = 4_294_967_294L;

    private final ConnectionPools pools;
    private final SqlAccess sql;
    private final TableStatistics statistics;
    private final boolean readOnly;
    private final Dialect dialect;
    /** Turns "disk full" and "locked" into the core's exception at the store ports ({@link StoreBoundary}). */
    private final StoreErrors errors;

    private Database(ConnectionPools pools, Clock clock, Dialect dialect, boolean readOnly, String where) {
        this.pools = pools;
        this.errors = new StoreErrors(dialect, where);
        // SQLite has one writer connection: its turns go to the live path first (WriterGate). PostgreSQL writes
        // on a pool of connections and needs no turns.
        Jdbi writer = dialect == Dialect.SQLITE && !readOnly
                ? Jdbi.create(new GatedConnectionFactory(pools.writer(), new WriterGate()))
                : Jdbi.create(pools.writer());
        this.sql = new SqlAccess(writer, Jdbi.create(pools.reader()), clock);
        this.statistics = new TableStatistics(sql.writer(), dialect, pools::renewReaders);
        this.readOnly = readOnly;
        this.dialect = dialect;
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
        return new Database(ConnectionPools.open(cfg), clock, dialect, false, location(cfg.url()));
    }

    /**
     * Opens an existing database for reading only: no migration, no file or directory created, and every
     * connection refuses writes (so the stores' write methods fail). For tools that inspect a bridge, which
     * may be running at the same time. Fails with a clear message when the database does not exist, holds no
     * imbridge schema, or has a schema older than this build's (start the bridge once to upgrade it).
     */
    public static Database openReadOnly(DatabaseConfig cfg) {
        Objects.requireNonNull(cfg, "cfg");
        Dialect dialect = cfg.dialect();
        if (dialect == Dialect.SQLITE) {
            ConnectionPools.requireExistingSqliteFile(cfg.url());
        }
        ConnectionPools pools = ConnectionPools.openReadOnly(cfg);
        try {
            requireCurrentSchema(pools, dialect, withoutQuery(cfg.url()));
        } catch (RuntimeException e) {
            pools.close();
            throw e;
        }
        log.info("Opened {} database {} read-only", dialect.name().toLowerCase(Locale.ROOT), withoutQuery(cfg.url()));
        return new Database(pools, Clock.systemUTC(), dialect, true, location(cfg.url()));
    }

    private static void requireCurrentSchema(ConnectionPools pools, Dialect dialect, String where) {
        MigrationInfoService info = Flyway.configure()
                .dataSource(pools.reader())
                .locations(dialect.migrationLocation())
                .load()
                .info();
        MigrationInfo current = info.current();
        if (current == null) {
            throw new IllegalStateException(where + " holds no imbridge schema (has the bridge ever run on it?)");
        }
        MigrationInfo[] pending = info.pending();
        if (pending.length > 0) {
            throw new IllegalStateException(where + " has schema version " + current.getVersion()
                    + " but this imbridge needs " + pending[pending.length - 1].getVersion()
                    + "; start the bridge once to upgrade it");
        }
    }

    public CloudStore cloudStore(String loginId) {
        return StoreBoundary.guard(
                CloudStore.class,
                new SqlCloudStore(sql, requireLogin(loginId), statistics, dialect == Dialect.SQLITE),
                errors);
    }

    public BridgeStore bridgeStore(String loginId) {
        return StoreBoundary.guard(BridgeStore.class, new SqlBridgeStore(sql, requireLogin(loginId)), errors);
    }

    /** The login's persisted attachment upload cache and failure counts (behaviour.md §2.4, §2.6). */
    public imbridge.core.attachment.AttachmentLedger attachmentLedger(String loginId) {
        return StoreBoundary.guard(
                imbridge.core.attachment.AttachmentLedger.class,
                new SqlAttachmentLedger(sql, requireLogin(loginId)),
                errors);
    }

    /** The login's durable inbox of live (APNs) events. */
    public LiveInbox liveInbox(String loginId) {
        return StoreBoundary.guard(LiveInbox.class, new SqlLiveInbox(sql, requireLogin(loginId)), errors);
    }

    /** The login's persisted backward-backfill tasks (one per portal) and the oldest bridged part of a portal. */
    public BackwardTasks backwardTasks(String loginId) {
        return StoreBoundary.guard(BackwardTasks.class, new SqlBackwardTasks(sql, requireLogin(loginId)), errors);
    }

    /** Restore-chat of Matrix-side deleted chats (behaviour.md §8.7). */
    public SqlChatRestore chatRestore(String loginId) {
        return new SqlChatRestore(sql, requireLogin(loginId));
    }

    /** Every portal's progress and counts in one statement each (dashboard, status, metrics). */
    public SqlPortalProgress portalProgress(String loginId) {
        return new SqlPortalProgress(sql, requireLogin(loginId));
    }

    /** The appservice transaction log (dedup across restarts of either side); shared by every login. */
    public TransactionLog transactionLog() {
        return StoreBoundary.guard(TransactionLog.class, new SqlTransactionLog(sql), errors);
    }

    /** The durable queue of Matrix-side events; shared by every login. */
    public MatrixInbox matrixInbox() {
        return StoreBoundary.guard(MatrixInbox.class, new SqlMatrixInbox(sql), errors);
    }

    /** What appservice transactions carried that the bridge could not use; shared by every login. */
    public SqlEventQuarantine eventQuarantine() {
        return new SqlEventQuarantine(sql);
    }

    /** The owners' management rooms. */
    public SqlManagementRooms managementRooms() {
        return new SqlManagementRooms(sql);
    }

    /** SQLite's {@code PRAGMA optimize} first, as SQLite recommends before closing (not on a read-only database). */
    @Override
    public void close() {
        if (!readOnly) {
            statistics.optimizeBeforeClose();
        }
        pools.close();
    }

    /**
     * Flyway gets its own short-lived connections so it never competes with the single SQLite writer. Databases
     * migrated before a migration file was renamed get the new name first, so validation accepts them.
     */
    private static void migrate(DatabaseConfig cfg, Dialect dialect) {
        Flyway.configure()
                .dataSource(cfg.url(), cfg.user(), cfg.password())
                .locations(dialect.migrationLocation())
                .callbacks(new RenamedMigrations())
                .load()
                .migrate();
    }

    /** Where the database is, for an operator's message: the SQLite file's path, or the URL without parameters. */
    private static String location(String url) {
        String bare = withoutQuery(url);
        return bare.startsWith("jdbc:sqlite:") ? bare.substring("jdbc:sqlite:".length()) : bare;
    }

    /**
     * Caps the SQLite file at {@code pages} pages for the writer connection, which then fails a write that needs more
     * with "database or disk is full", as a full disk would: a drill of the disk-full path for tests and operators.
     * SQLite never sets the cap below the file's current size; a large value lifts it. Returns the cap in effect.
     */
    public long limitPages(long pages) {
        // SQLite keeps page numbers in 32 bits: a larger value would wrap around instead of lifting the cap.
        if (dialect != Dialect.SQLITE || readOnly) {
            throw new IllegalStateException("the page limit exists only for a writable SQLite database");
        }
        return sql.writer()
                .withHandle(h -> h.createQuery("PRAGMA max_page_count = " + Math.clamp(pages, 1, MAX_PAGES))
                        .mapTo(Long.class)
                        .one());
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

    /** Connection pool gauges (Hikari) in {@code registry}. */
    public void recordTo(io.micrometer.core.instrument.MeterRegistry registry) {
        pools.bindTo(registry);
    }
}
