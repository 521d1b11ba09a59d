package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.MessageRow;
import imbridge.core.port.CloudStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * A database written by the walking skeleton (schema V1) keeps working after V2: the attachment references
 * housekeeping relies on are derived from the existing {@code attachments_json}.
 */
final class UpgradeFromV1 {

    private static final String LOGIN = "@alice:example.org";

    private UpgradeFromV1() {}

    static void check(DatabaseConfig cfg) throws SQLException {
        if (cfg.dialect() == Dialect.SQLITE) {
            ConnectionPools.prepareSqliteFile(cfg.url());
        }
        Flyway.configure()
                .dataSource(cfg.url(), cfg.user(), cfg.password())
                .locations(cfg.dialect().migrationLocation())
                .target("1")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(cfg.url(), cfg.user(), cfg.password());
                Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO cloud_message (login_id, guid, guid_norm, record_name, portal_id, timestamp_ms,
                                               text, attachments_json, created_ts, updated_ts)
                    VALUES ('@alice:example.org', 'with-att', 'WITH-ATT', 'with-att', 'tel:+1', 1, 'hi',
                            '[{"guid":"g1","file_size":1,"record_name":"att-1"},{"guid":"g2","file_size":2,"record_name":"att-2"}]',
                            1, 1),
                           ('@alice:example.org', 'plain', 'PLAIN', 'plain', 'tel:+1', 2, 'hello', '', 1, 1)""");
            s.execute("""
                    INSERT INTO cloud_attachment_cache (login_id, record_name, content_json, created_ts)
                    VALUES ('@alice:example.org', 'att-1', '{}', 1), ('@alice:example.org', 'att-2', '{}', 1),
                           ('@alice:example.org', 'att-stale', '{}', 1)""");
        }

        try (Database db = Database.open(cfg)) {
            CloudStore cloud = db.cloudStore(LOGIN);
            assertThat(cloud.pruneAttachmentCache())
                    .as("only the unreferenced upload goes")
                    .isEqualTo(1);
            List<MessageRow> rows = cloud.messagesAfter("tel:+1", BackfillCursor.START, 10);
            assertThat(rows).extracting(MessageRow::guid).containsExactly("with-att", "plain");
            assertThat(rows.getFirst().attachmentGuids())
                    .as("derived from the stored attachments")
                    .containsExactly("g1", "g2");
            assertThat(rows.getFirst().attachmentsIncomplete()).isFalse();
        }
        try (Connection c = DriverManager.getConnection(cfg.url(), cfg.user(), cfg.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT record_name FROM cloud_attachment_cache ORDER BY record_name")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("att-1");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("att-2");
            assertThat(rs.next()).isFalse();
        }
    }
}
