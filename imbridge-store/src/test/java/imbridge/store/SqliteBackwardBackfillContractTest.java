package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteBackwardBackfillContractTest extends BackwardBackfillContractTest {

    @TempDir
    Path dir;

    @Override
    protected DatabaseConfig freshDatabase() {
        return DatabaseConfig.sqlite(dir.resolve("imbridge.db"));
    }

    @Override
    protected void failBackwardTaskWrites(Statement s) throws SQLException {
        s.execute("CREATE TRIGGER fail_backward_insert BEFORE INSERT ON backward_task "
                + "BEGIN SELECT RAISE(ABORT, 'injected backward task failure'); END");
        s.execute("CREATE TRIGGER fail_backward_update BEFORE UPDATE ON backward_task "
                + "BEGIN SELECT RAISE(ABORT, 'injected backward task failure'); END");
    }

    /** The AFTER query's index, read backwards: no sort of the portal's history per page. */
    @Test
    void backwardPagesUseThePortalOrderIndexUnsorted() {
        String plan = plan(
                MessageTable.BEFORE,
                q -> q.bind("login", "l")
                        .bind("portal", "p")
                        .bind("ts", Long.MAX_VALUE)
                        .bind("guidNorm", "")
                        .bind("limit", 10));
        assertThat(plan).contains("cloud_message_portal_state_idx").doesNotContain("TEMP B-TREE");
    }

    @Test
    void oldestBridgedUsesTheMessageMapOrderIndex() {
        String plan =
                plan(MessageMapTable.OLDEST_OF_PORTAL, q -> q.bind("login", "l").bind("portal", "p"));
        assertThat(plan).contains("message_map_portal_order_idx").doesNotContain("TEMP B-TREE");
    }

    @Test
    void openTasksUseThePartialIndex() {
        String plan = plan(BackwardTaskTable.OPEN, q -> q.bind("login", "l"));
        assertThat(plan).contains("backward_task_open_idx").doesNotContain("TEMP B-TREE");
    }

    private String plan(String sql, Function<Query, Query> bind) {
        List<String> rows = Jdbi.create(config.url())
                .withHandle(h -> bind.apply(h.createQuery("EXPLAIN QUERY PLAN " + sql))
                        .map((rs, ctx) -> rs.getString("detail"))
                        .list());
        return String.join("\n", rows);
    }
}
