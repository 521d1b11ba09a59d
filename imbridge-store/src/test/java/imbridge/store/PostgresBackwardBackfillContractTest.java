package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.junit.jupiter.api.Test;

class PostgresBackwardBackfillContractTest extends BackwardBackfillContractTest {

    @Override
    protected DatabaseConfig freshDatabase() {
        return new DatabaseConfig("postgres", SharedPostgres.newDatabaseUrl(), "postgres", null, 4);
    }

    @Override
    protected void failBackwardTaskWrites(Statement s) throws SQLException {
        s.execute("""
                CREATE FUNCTION fail_backward_task() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected backward task failure'; END $$""");
        s.execute("""
                CREATE TRIGGER fail_backward_task BEFORE INSERT OR UPDATE ON backward_task
                FOR EACH ROW EXECUTE FUNCTION fail_backward_task()""");
    }

    /** With sequential scans priced out, a backward page must come straight off the index, unsorted. */
    @Test
    void backwardPagesCanBeServedInOrderByThePortalOrderIndex() {
        String plan = plan(
                MessageTable.BEFORE,
                q -> q.bind("login", "l")
                        .bind("portal", "p")
                        .bind("ts", Long.MAX_VALUE)
                        .bind("guidNorm", "")
                        .bind("limit", 10));
        assertThat(plan).contains("cloud_message_portal_state_idx").doesNotContain("Sort");
    }

    @Test
    void oldestBridgedCanBeServedInOrderByTheMessageMapOrderIndex() {
        String plan =
                plan(MessageMapTable.OLDEST_OF_PORTAL, q -> q.bind("login", "l").bind("portal", "p"));
        assertThat(plan).contains("message_map_portal_order_idx").doesNotContain("Sort");
    }

    private String plan(String sql, Function<Query, Query> bind) {
        List<String> rows = Jdbi.create(config.url()).withHandle(h -> {
            h.execute("SET enable_seqscan = off");
            return bind.apply(h.createQuery("EXPLAIN " + sql))
                    .mapTo(String.class)
                    .list();
        });
        return String.join("\n", rows);
    }
}
