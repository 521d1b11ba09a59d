package imbridge.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

class PostgresHotQueryPlansTest extends HotQueryPlansAtScale {

    @Override
    Jdbi migratedDatabase() {
        DatabaseConfig config = new DatabaseConfig("postgres", SharedPostgres.newDatabaseUrl(), "postgres", null, 2);
        Database.open(config).close();
        return Jdbi.create(config.url());
    }

    @Override
    void fill(Handle h) {
        h.execute("""
                INSERT INTO cloud_attachment (login_id, record_name, guid, guid_norm, size, created_ts, updated_ts)
                SELECT 'login', 'rec' || i, 'g' || i, 'G' || i, 10, 0, 0 FROM generate_series(1, %d) i"""
                .formatted(ROWS));
        h.execute("""
                INSERT INTO cloud_message (login_id, guid, guid_norm, portal_id, timestamp_ms, created_ts, updated_ts)
                SELECT 'login', 'm' || i, 'M' || i, 'tel:+1555' || lpad((i %% 1000)::text, 6, '0'), i, 0, 0
                FROM generate_series(1, %d) i""".formatted(ROWS));
    }

    @Override
    void analyze(Handle h) {
        h.execute("ANALYZE");
    }

    @Override
    List<String> plan(Handle h, String sql, Object... binds) {
        var q = h.createQuery("EXPLAIN " + sql);
        for (int i = 0; i < binds.length; i += 2) {
            q.bind((String) binds[i], binds[i + 1]);
        }
        return q.mapTo(String.class).list();
    }

    @Override
    boolean scansTable(String plan, String table) {
        return plan.contains("Seq Scan on " + table);
    }
}
