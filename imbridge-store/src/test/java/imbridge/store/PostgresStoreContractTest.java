package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class PostgresStoreContractTest extends StoreContractTest {

    private static final int POOL_SIZE = 4;

    private String url;

    @Override
    protected DatabaseConfig freshDatabase() {
        url = SharedPostgres.newDatabaseUrl();
        return new DatabaseConfig("postgres", url, "postgres", null, POOL_SIZE);
    }

    @Override
    protected boolean statisticsOnlyWhenAsked() {
        return false;
    }

    @Override
    protected long statisticsRows(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_stats WHERE schemaname = current_schema() "
                + "AND tablename = '" + table + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    protected void failSyncStateWrites(Statement s) throws SQLException {
        s.execute("""
                CREATE FUNCTION fail_sync_state() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected sync state failure'; END $$""");
        s.execute("""
                CREATE TRIGGER fail_sync_state BEFORE INSERT OR UPDATE ON cloud_sync_state
                FOR EACH ROW EXECUTE FUNCTION fail_sync_state()""");
    }

    @Test
    void aWalkingSkeletonDatabaseUpgrades() throws SQLException {
        UpgradeFromV1.check(new DatabaseConfig("postgres", SharedPostgres.newDatabaseUrl(), "postgres", null, 2));
    }

    /** With sequential scans priced out, the keyset page must come straight off the index, unsorted. */
    @Test
    void keysetQueryCanBeServedInOrderByThePortalOrderIndex() {
        List<String> plan = Jdbi.create(url).withHandle(h -> {
            h.execute("SET enable_seqscan = off");
            return h.createQuery("EXPLAIN " + MessageTable.AFTER)
                    .bind("login", "l")
                    .bind("portal", "p")
                    .bind("ts", 0L)
                    .bind("guidNorm", "")
                    .bind("limit", 10)
                    .mapTo(String.class)
                    .list();
        });
        assertThat(String.join("\n", plan))
                .contains("cloud_message_portal_state_idx")
                .doesNotContain("Sort");
    }
}
