package imbridge.store;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the planner's statistics current. Without them SQLite guesses (sqlite_stat1 does not exist until ANALYZE
 * runs) and PostgreSQL's autovacuum analyses a bulk-loaded table late; either may then pick a plan that reads the
 * whole account for one page. {@code HotQueryPlansAtScale} checks the hot queries' plans with and without them.
 */
final class TableStatistics {

    private static final Logger log = LoggerFactory.getLogger(TableStatistics.class);

    /**
     * Rows SQLite samples per index. Measured on a 1M-row, 300 MB message table (SQLite 3.54): a full ANALYZE took
     * about 3 s, this limit about 0.3–0.6 s, and the estimates are close enough for every plan the store relies on.
     */
    static final int SQLITE_ANALYSIS_LIMIT = 1000;

    /**
     * {@code 0x10002}: ANALYZE (0x2) every table whose size changed a lot or that was never analysed, checking all
     * tables rather than only those this connection used (0x10000). Needs SQLite 3.46 or later.
     */
    private static final String SQLITE_REFRESH = "PRAGMA optimize=0x10002";

    /** The default mask: re-analyses only tables whose queries on this connection wanted fresher statistics. */
    private static final String SQLITE_ON_CLOSE = "PRAGMA optimize";

    /** The bridge's tables that grow with the account; the small ones plan the same either way. */
    static final String POSTGRES_REFRESH = """
            ANALYZE cloud_message, cloud_message_attachment, cloud_attachment, cloud_attachment_cache, cloud_chat,
                    message_map, live_inbox""";

    private final Jdbi writer;
    private final Dialect dialect;
    private final Runnable renewReaders;

    /** @param renewReaders makes the readers open new connections, which load the new statistics */
    TableStatistics(Jdbi writer, Dialect dialect, Runnable renewReaders) {
        this.writer = writer;
        this.dialect = dialect;
        this.renewReaders = renewReaders;
    }

    /** Gathers statistics for tables that have none or whose size moved since they were gathered. */
    void refresh() {
        writer.useHandle(h -> {
            switch (dialect) {
                case SQLITE -> {
                    h.execute("PRAGMA analysis_limit=" + SQLITE_ANALYSIS_LIMIT);
                    h.execute(SQLITE_REFRESH);
                }
                case POSTGRES -> h.execute(POSTGRES_REFRESH);
            }
        });
        renewReaders.run();
    }

    /**
     * What SQLite recommends before a connection closes: cheap, usually a no-op. PostgreSQL keeps its own statistics
     * (autovacuum) and needs nothing here. Best effort: a failure must not stop the database from closing.
     */
    void optimizeBeforeClose() {
        if (dialect != Dialect.SQLITE) {
            return;
        }
        try {
            writer.useHandle(h -> {
                h.execute("PRAGMA analysis_limit=" + SQLITE_ANALYSIS_LIMIT);
                h.execute(SQLITE_ON_CLOSE);
            });
        } catch (RuntimeException e) {
            log.warn(
                    "PRAGMA optimize before closing the database failed (statistics stay as they were): {}",
                    e.toString());
        }
    }
}
