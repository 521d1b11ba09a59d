package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLiveInboxContractTest extends LiveInboxContractTest {

    @TempDir
    Path dir;

    @Override
    protected DatabaseConfig freshDatabase() {
        return DatabaseConfig.sqlite(dir.resolve("imbridge.db"));
    }

    @Test
    void heldOfAPortalAndDropCountsComeOffTheirPartialIndexes() {
        assertThat(plan(SqlLiveInbox.HELD_OF_PORTAL))
                .contains("live_inbox_held_idx")
                .doesNotContain("TEMP B-TREE");
        assertThat(plan(SqlLiveInbox.DROP_COUNTS)).contains("live_inbox_dropped_idx");
    }

    private String plan(String sql) {
        List<String> plan = Jdbi.create(config.url())
                .withHandle(h -> h.createQuery("EXPLAIN QUERY PLAN " + sql)
                        .bind("login", "l")
                        .bind("portal", "p")
                        .map((rs, ctx) -> rs.getString("detail"))
                        .list());
        return String.join("\n", plan);
    }
}
