package imbridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pools of one database. SQLite allows one writer at a time, so all writes go through a
 * single dedicated connection (no lock contention, no SQLITE_BUSY between our own threads) while reads use
 * a small pool beside it (WAL lets them run concurrently with the writer). PostgreSQL uses one pool for both.
 */
final class ConnectionPools implements AutoCloseable {

    /** How long SQLite waits on a lock held by another process before failing. */
    private static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

    private static final String SQLITE_URL_PREFIX = "jdbc:sqlite:";

    private final HikariDataSource writer;
    private final HikariDataSource reader;

    private ConnectionPools(HikariDataSource writer, HikariDataSource reader) {
        this.writer = writer;
        this.reader = reader;
    }

    static ConnectionPools open(DatabaseConfig cfg) {
        return switch (cfg.dialect()) {
            case SQLITE -> openSqlite(cfg);
            case POSTGRES -> openPostgres(cfg);
        };
    }

    /**
     * One pool whose connections cannot write: SQLite opens the file read-only (never creating it), PostgreSQL
     * sessions are {@code READ ONLY}. Used by tools that inspect a bridge's database without changing it.
     */
    static ConnectionPools openReadOnly(DatabaseConfig cfg) {
        HikariDataSource pool = switch (cfg.dialect()) {
            case SQLITE -> {
                HikariConfig config = new HikariConfig();
                config.setPoolName("imbridge-sqlite-readonly");
                config.setDataSource(readOnlySqliteSource(cfg.url()));
                config.setMaximumPoolSize(cfg.maxConnections());
                // sqlite-jdbc fixes the flag when the file is opened; Hikari must ask for the same one.
                config.setReadOnly(true);
                yield new HikariDataSource(config);
            }
            case POSTGRES -> {
                HikariConfig config = new HikariConfig();
                config.setPoolName("imbridge-postgres-readonly");
                config.setJdbcUrl(cfg.url());
                config.setUsername(cfg.user());
                config.setPassword(cfg.password());
                config.setMaximumPoolSize(cfg.maxConnections());
                config.setReadOnly(true);
                // pgjdbc enforces setReadOnly only inside explicit transactions; this covers autocommit too.
                config.setConnectionInitSql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                yield new HikariDataSource(config);
            }
        };
        return new ConnectionPools(pool, pool);
    }

    DataSource writer() {
        return writer;
    }

    DataSource reader() {
        return reader;
    }

    /** Creates the directory of an SQLite file URL; refuses in-memory databases (each connection would get its own). */
    static void prepareSqliteFile(String url) {
        if (!url.startsWith(SQLITE_URL_PREFIX)) {
            throw new IllegalArgumentException("SQLite url must start with " + SQLITE_URL_PREFIX + ": " + url);
        }
        String location = url.substring(SQLITE_URL_PREFIX.length());
        int query = location.indexOf('?');
        if (query >= 0) {
            location = location.substring(0, query);
        }
        if (location.isEmpty() || location.contains(":memory:") || location.contains("mode=memory")) {
            throw new IllegalArgumentException("SQLite needs a database file, not an in-memory database: " + url);
        }
        if (location.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(location).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of SQLite database " + location, e);
        }
    }

    /** A read-only open must find the file: SQLite would otherwise report only "unable to open database file". */
    static void requireExistingSqliteFile(String url) {
        if (!url.startsWith(SQLITE_URL_PREFIX)) {
            throw new IllegalArgumentException("SQLite url must start with " + SQLITE_URL_PREFIX + ": " + url);
        }
        String location = url.substring(SQLITE_URL_PREFIX.length());
        int query = location.indexOf('?');
        if (query >= 0) {
            location = location.substring(0, query);
        }
        if (location.startsWith("file:") || location.contains(":memory:")) {
            return;
        }
        if (!Files.isRegularFile(Path.of(location))) {
            throw new IllegalArgumentException(
                    "no imbridge database at " + Path.of(location).toAbsolutePath());
        }
    }

    private static ConnectionPools openSqlite(DatabaseConfig cfg) {
        HikariDataSource writer = pool("imbridge-sqlite-writer", sqliteSource(cfg.url(), true), 1);
        try {
            HikariDataSource reader =
                    pool("imbridge-sqlite-reader", sqliteSource(cfg.url(), false), cfg.maxConnections());
            return new ConnectionPools(writer, reader);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /** Negative cache_size = KiB (SQLite's convention). */
    static final int WRITER_CACHE_KIB = -64 * 1024;

    static final int READER_CACHE_KIB = -8 * 1024;
    static final int WAL_CHECKPOINT_PAGES = 10_000;
    /** Reads through a memory map share the OS page cache instead of copying pages into each connection. */
    static final long MMAP_BYTES = 256L * 1024 * 1024;

    private static DataSource sqliteSource(String url, boolean writer) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        // A page of 200 messages touches ~6 B-trees at random keys (GUIDs, record names): with SQLite's default
        // 2 MiB page cache a million-message account re-reads most of those pages from the OS on every page.
        // The cache is native memory (not the Java heap); the writer's is the one that matters.
        config.setCacheSize(writer ? WRITER_CACHE_KIB : READER_CACHE_KIB);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, String.valueOf(MMAP_BYTES));
        if (writer) {
            // SQLite checkpoints the WAL into the database (random writes + fsync) whenever the WAL passes this many
            // pages, at a commit. A 200-message page dirties ~1,000 pages at a million messages, so the default
            // (1,000) checkpoints at almost every commit; 10,000 (~40 MiB of WAL) writes each hot page once per
            // ten commits. Measured on this machine, 300k random-key rows in 200-row commits: 204 s -> 68 s, and
            // 44 s with the 64 MiB cache above.
            config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, String.valueOf(WAL_CHECKPOINT_PAGES));
        }
        config.enforceForeignKeys(false);
        // The writer takes the write lock when a transaction begins, so a second process can never
        // deadlock it by upgrading a read lock half-way through.
        config.setTransactionMode(
                writer ? SQLiteConfig.TransactionMode.IMMEDIATE : SQLiteConfig.TransactionMode.DEFERRED);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url);
        return source;
    }

    /** No journal-mode pragma: changing it would write, and the bridge already put the file in WAL mode. */
    private static DataSource readOnlySqliteSource(String url) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(false);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url);
        return source;
    }

    private static ConnectionPools openPostgres(DatabaseConfig cfg) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("imbridge-postgres");
        config.setJdbcUrl(cfg.url());
        config.setUsername(cfg.user());
        config.setPassword(cfg.password());
        config.setMaximumPoolSize(cfg.maxConnections());
        HikariDataSource pool = new HikariDataSource(config);
        return new ConnectionPools(pool, pool);
    }

    private static HikariDataSource pool(String name, DataSource source, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(source);
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    /**
     * Gauges of each pool (active, idle, pending, total and max connections) read from Hikari's pool bean at each
     * scrape: the pools here are started before a registry exists, and a bean needs no tracker set at build time.
     */
    void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        poolGauges(registry, writer);
        if (reader != writer) {
            poolGauges(registry, reader);
        }
    }

    private static void poolGauges(io.micrometer.core.instrument.MeterRegistry registry, HikariDataSource pool) {
        var tags = io.micrometer.core.instrument.Tags.of("pool", pool.getPoolName());
        registry.gauge(
                "hikaricp.connections.active",
                tags,
                pool,
                p -> p.getHikariPoolMXBean().getActiveConnections());
        registry.gauge(
                "hikaricp.connections.idle",
                tags,
                pool,
                p -> p.getHikariPoolMXBean().getIdleConnections());
        registry.gauge(
                "hikaricp.connections.pending",
                tags,
                pool,
                p -> p.getHikariPoolMXBean().getThreadsAwaitingConnection());
        registry.gauge(
                "hikaricp.connections", tags, pool, p -> p.getHikariPoolMXBean().getTotalConnections());
        registry.gauge("hikaricp.connections.max", tags, pool, HikariDataSource::getMaximumPoolSize);
    }

    /**
     * Replaces the idle reader connections and retires busy ones when they are returned. An SQLite connection
     * loads the planner's statistics when it reads the schema and keeps them: readers opened before an ANALYZE
     * would plan without the new statistics until they were closed. PostgreSQL keeps statistics server-side.
     */
    void renewReaders() {
        if (reader != writer) {
            reader.getHikariPoolMXBean().softEvictConnections();
        }
    }

    @Override
    public void close() {
        if (reader != writer) {
            reader.close();
        }
        writer.close();
    }
}
