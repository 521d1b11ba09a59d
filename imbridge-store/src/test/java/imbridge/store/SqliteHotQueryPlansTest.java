package imbridge.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

class SqliteHotQueryPlansTest extends HotQueryPlansAtScale {
    @TempDir
    Path dir;

    @Override
    Jdbi migratedDatabase() {
        DatabaseConfig config = DatabaseConfig.sqlite(dir.resolve("imbridge.db"));
        Database.open(config).close();
        return Jdbi.create(config.url());
    }

    @Override
    void fill(Handle h) {
        h.execute("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
                INSERT INTO cloud_attachment (login_id, record_name, guid, guid_norm, size, created_ts, updated_ts)
                SELECT 'login', 'rec' || i, 'g' || i, 'G' || i, 10, 0, 0 FROM n""".formatted(ROWS));
        h.execute("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
                INSERT INTO cloud_message (login_id, guid, guid_norm, portal_id, timestamp_ms, created_ts, updated_ts)
                SELECT 'login', 'm' || i, 'M' || i, printf('tel:+1555%%06d', i %% 1000), i, 0, 0 FROM n"""
                .formatted(ROWS));
    }

    @Override
    void analyze(Handle h) {
        h.execute("ANALYZE");
    }

    @Override
    List<String> plan(Handle h, String sql, Object... binds) {
        var q = h.createQuery("EXPLAIN QUERY PLAN " + sql);
        for (int i = 0; i < binds.length; i += 2) {
            q.bind((String) binds[i], binds[i + 1]);
        }
        return q.map((rs, ctx) -> rs.getString("detail")).list();
    }

    @Override
    boolean scansTable(String plan, String table) {
        return plan.contains("SCAN " + table) || plan.contains("USING INDEX sqlite_autoindex_" + table);
    }
}
