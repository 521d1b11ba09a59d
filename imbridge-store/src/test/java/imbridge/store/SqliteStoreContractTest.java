package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreContractTest extends StoreContractTest {

    @TempDir
    Path dir;

    @Override
    protected DatabaseConfig freshDatabase() {
        return DatabaseConfig.sqlite(dir.resolve("nested/imbridge.db"));
    }

    @Override
    protected boolean statisticsOnlyWhenAsked() {
        return true;
    }

    @Override
    protected long statisticsRows(Statement s, String table) throws SQLException {
        try (ResultSet exists = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")) {
            exists.next();
            if (exists.getLong(1) == 0) {
                return 0;
            }
        }
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = '" + table + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    protected void failSyncStateWrites(Statement s) throws SQLException {
        s.execute("CREATE TRIGGER fail_sync_insert BEFORE INSERT ON cloud_sync_state "
                + "BEGIN SELECT RAISE(ABORT, 'injected sync state failure'); END");
        s.execute("CREATE TRIGGER fail_sync_update BEFORE UPDATE ON cloud_sync_state "
                + "BEGIN SELECT RAISE(ABORT, 'injected sync state failure'); END");
    }

    @Test
    void keysetQueryUsesThePortalOrderIndex() {
        Jdbi jdbi = Jdbi.create(freshDatabase().url());
        List<String> plan = jdbi.withHandle(h -> h.createQuery("EXPLAIN QUERY PLAN " + MessageTable.AFTER)
                .bind("login", "l")
                .bind("portal", "p")
                .bind("ts", 0L)
                .bind("guidNorm", "")
                .bind("limit", 10)
                .map((rs, ctx) -> rs.getString("detail"))
                .list());
        assertThat(String.join("\n", plan))
                .contains("cloud_message_portal_state_idx")
                .doesNotContain("TEMP B-TREE");
    }

    /** Housekeeping must find unreferenced uploads through the reference index, not by scanning messages. */
    @Test
    void attachmentCachePruneUsesTheReferenceIndex() {
        Jdbi jdbi = Jdbi.create(freshDatabase().url());
        String sql = "EXPLAIN QUERY PLAN " + AttachmentCacheTable.PRUNE_UNREFERENCED;
        List<String> plan = jdbi.withHandle(h -> h.createQuery(sql)
                .bind("login", "l")
                .map((rs, ctx) -> rs.getString("detail"))
                .list());
        assertThat(String.join("\n", plan))
                .contains("cloud_message_attachment_record_idx")
                .doesNotContain("SCAN m")
                .doesNotContain("SCAN cloud_message ");
    }

    @Test
    void aWalkingSkeletonDatabaseUpgrades() throws SQLException {
        UpgradeFromV1.check(DatabaseConfig.sqlite(dir.resolve("v1/imbridge.db")));
    }

    @Test
    void databaseFileIsInWalMode() {
        Jdbi jdbi = Jdbi.create(freshDatabase().url());
        String mode = jdbi.withHandle(
                h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
        assertThat(mode).isEqualToIgnoringCase("wal");
    }
}
