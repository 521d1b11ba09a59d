package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database migrated while V2 was still called {@code V2__issue3.sql} opens with the renamed file: its schema
 * history is brought up to the new name before Flyway validates. Read-only tools, which never migrate, open it
 * as it is.
 */
class RenamedMigrationsTest {

    private static final String LOGIN = "@alice:example.org";

    @TempDir
    Path dir;

    @Test
    void aSqliteDatabaseMigratedUnderTheOldNameOpens() throws SQLException {
        DatabaseConfig cfg = DatabaseConfig.sqlite(dir.resolve("old/imbridge.db"));
        ConnectionPools.prepareSqliteFile(cfg.url());
        opensAfterTheRename(cfg);
    }

    @Test
    void aPostgresDatabaseMigratedUnderTheOldNameOpens() throws SQLException {
        opensAfterTheRename(new DatabaseConfig("postgres", SharedPostgres.newDatabaseUrl(), "postgres", null, 2));
    }

    private static void opensAfterTheRename(DatabaseConfig cfg) throws SQLException {
        migratedUnderTheOldName(cfg);
        assertThatThrownBy(() -> flyway(cfg).load().validate())
                .as("without the callback Flyway refuses the old description")
                .isInstanceOf(FlywayValidateException.class)
                .hasMessageContaining("description mismatch");

        try (Database read = Database.openReadOnly(cfg)) {
            assertThat(read.cloudStore(LOGIN)).isNotNull();
        }
        try (Database db = Database.open(cfg)) {
            assertThat(db.cloudStore(LOGIN).pruneAttachmentCache())
                    .as("the V2 reference table is usable")
                    .isZero();
        }
        assertThat(historyOfVersion2(cfg))
                .isEqualTo("message extras and attachment refs | " + "V2__message_extras_and_attachment_refs.sql");
        try (Database again = Database.open(cfg)) {
            assertThat(again.cloudStore(LOGIN))
                    .as("a second open finds nothing to rename")
                    .isNotNull();
        }
    }

    /** What a database created by the old code holds: every migration applied, V2 recorded under its old name. */
    private static void migratedUnderTheOldName(DatabaseConfig cfg) throws SQLException {
        flyway(cfg).load().migrate();
        try (Connection c = DriverManager.getConnection(cfg.url(), cfg.user(), cfg.password());
                Statement s = c.createStatement()) {
            int updated = s.executeUpdate("UPDATE flyway_schema_history SET description = 'issue3', "
                    + "script = 'V2__issue3.sql' WHERE version = '2'");
            assertThat(updated).isOne();
        }
    }

    private static String historyOfVersion2(DatabaseConfig cfg) throws SQLException {
        try (Connection c = DriverManager.getConnection(cfg.url(), cfg.user(), cfg.password());
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT description, script FROM flyway_schema_history WHERE version = '2'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1) + " | " + rs.getString(2);
        }
    }

    /** Flyway as the old code configured it: no rename callback. */
    private static FluentConfiguration flyway(DatabaseConfig cfg) {
        return Flyway.configure()
                .dataSource(cfg.url(), cfg.user(), cfg.password())
                .locations(cfg.dialect().migrationLocation());
    }
}
