package imbridge.store;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/** PostgreSQL plans come from {@code EXPLAIN}: {@code Seq Scan on t} reads t in full. */
class PostgresHotQueryPlansTest extends HotQueryPlansAtScale {
    private static final Pattern SORT_NODE = Pattern.compile("^\\s*(->\\s*)?(Incremental )?Sort\\b");

    @Override
    DatabaseConfig freshDatabase() {
        return new DatabaseConfig("postgres", SharedPostgres.newDatabaseUrl(), "postgres", null, 2);
    }

    /** Autovacuum would analyse the filled tables at a moment of its choosing; the test decides when instead. */
    @Override
    void beforeFill(Handle h) {
        for (String table : List.of(
                "cloud_message",
                "cloud_message_attachment",
                "cloud_attachment",
                "cloud_attachment_cache",
                "cloud_chat",
                "message_map",
                "live_inbox",
                "portal",
                "backfill_state",
                "backward_task")) {
            h.execute("ALTER TABLE " + table + " SET (autovacuum_enabled = false)");
        }
    }

    @Override
    boolean statisticsArriveUnasked() {
        return true;
    }

    @Override
    boolean passMayReadTablesLinearly() {
        return true;
    }

    @Override
    String series(int n) {
        return "generate_series(1, %d) AS n(i)".formatted(n);
    }

    @Override
    List<String> plan(Handle h, String sql, Map<String, Object> binds) {
        Expanded e = expand(sql, binds);
        var q = h.createQuery("EXPLAIN " + e.sql());
        e.binds().forEach(q::bind);
        return q.mapTo(String.class).list();
    }

    @Override
    boolean scansTable(String plan, String table) {
        return plan.contains("Seq Scan on " + table + " ")
                || plan.contains("Seq Scan on " + table + "\n")
                || plan.endsWith("Seq Scan on " + table);
    }

    @Override
    boolean readsWholeLogin(String plan) {
        return POSTGRES_WHOLE_LOGIN.matcher(plan).find();
    }

    /**
     * With {@code groupsOnly}, a Sort whose input is an aggregate (or the subquery over one) orders groups, a few
     * thousand portals; only a Sort fed by a scan or join orders messages.
     */
    @Override
    boolean sorts(String plan, boolean groupsOnly) {
        List<String> lines = plan.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (SORT_NODE.matcher(lines.get(i)).find() && !(groupsOnly && sortsGroups(lines, i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean sortsGroups(List<String> lines, int sort) {
        for (int i = sort + 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("->")) {
                return line.contains("Aggregate") || line.contains("Subquery Scan");
            }
        }
        return false;
    }

    @Override
    String key(String table, String constraint) {
        return constraint;
    }

    @Override
    boolean hasStatistics(Handle h) {
        return h.createQuery("""
                        SELECT COUNT(*) FROM pg_stats
                        WHERE schemaname = current_schema() AND tablename = 'cloud_message'""").mapTo(Integer.class).one() > 0;
    }
}
