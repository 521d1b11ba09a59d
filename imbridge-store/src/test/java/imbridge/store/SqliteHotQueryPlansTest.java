package imbridge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;

/** SQLite plans come from {@code EXPLAIN QUERY PLAN}: {@code SCAN t} reads t in full, {@code SEARCH t} a range. */
class SqliteHotQueryPlansTest extends HotQueryPlansAtScale {
    private Path dir;

    @Override
    DatabaseConfig freshDatabase() {
        try {
            dir = Files.createTempDirectory("imbridge-plans");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return DatabaseConfig.sqlite(dir.resolve("imbridge.db"));
    }

    @AfterAll
    void deleteFiles() throws IOException {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    boolean statisticsArriveUnasked() {
        return false;
    }

    @Override
    boolean passMayReadTablesLinearly() {
        return false;
    }

    @Override
    String series(int n) {
        return "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %d) SELECT i FROM s) n"
                .formatted(n);
    }

    @Override
    List<String> plan(Handle h, String sql, Map<String, Object> binds) {
        Expanded e = expand(sql, binds);
        var q = h.createQuery("EXPLAIN QUERY PLAN " + e.sql());
        e.binds().forEach(q::bind);
        return q.map((rs, ctx) -> rs.getString("detail")).list();
    }

    @Override
    boolean scansTable(String plan, String table) {
        return plan.lines().anyMatch(line -> line.startsWith("SCAN " + table + " ") || line.equals("SCAN " + table));
    }

    @Override
    boolean readsWholeLogin(String plan) {
        return SQLITE_WHOLE_LOGIN.matcher(plan).find();
    }

    @Override
    boolean sorts(String plan, boolean groupsOnly) {
        return plan.lines()
                .anyMatch(line -> line.contains("USE TEMP B-TREE") && !(groupsOnly && line.contains("FOR ORDER BY")));
    }

    @Override
    String key(String table, String constraint) {
        return table.equals("live_inbox") ? "INTEGER PRIMARY KEY" : "sqlite_autoindex_" + table + "_1";
    }

    @Override
    boolean hasStatistics(Handle h) {
        boolean exists = h.createQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
                        .mapTo(Integer.class)
                        .one()
                > 0;
        return exists
                && h.createQuery("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'cloud_message'")
                                .mapTo(Integer.class)
                                .one()
                        > 0;
    }
}
