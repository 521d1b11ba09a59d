package imbridge.app.doctor;

import imbridge.app.config.BridgeConfig;
import imbridge.app.runtime.StoreConfigs;
import imbridge.store.Database;
import imbridge.store.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database as the bridge will use it: it opens, its schema migrates to this build's, and this user can write to
 * it. The write is a table created and filled inside a transaction that is rolled back, so nothing is left behind.
 */
final class DatabaseCheck {
    static final String NAME = "database";

    private DatabaseCheck() {}

    static CheckResult run(BridgeConfig.Database db) {
        String where = db.type() + " " + db.uri();
        DatabaseConfig cfg;
        try {
            cfg = StoreConfigs.of(db);
            Database.open(cfg).close();
        } catch (RuntimeException e) {
            return CheckResult.fail(NAME, where + ": cannot open or migrate: " + Problems.message(e), fixFor(db));
        }
        try {
            probeWrite(cfg);
        } catch (SQLException e) {
            return CheckResult.fail(NAME, where + ": opens but is not writable: " + e.getMessage(), fixFor(db));
        }
        return CheckResult.pass(NAME, where + ": opened, schema migrated, writable");
    }

    private static void probeWrite(DatabaseConfig cfg) throws SQLException {
        try (Connection c = DriverManager.getConnection(cfg.url(), cfg.user(), cfg.password())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE imbridge_doctor_probe (x INTEGER)");
                s.execute("INSERT INTO imbridge_doctor_probe (x) VALUES (1)");
            } finally {
                c.rollback();
            }
        }
    }

    private static String fixFor(BridgeConfig.Database db) {
        return db.type().equals("sqlite")
                ? "check database.uri: its folder must exist or be creatable, and the file and folder writable by the"
                        + " user the bridge runs as"
                : "check database.uri, database.user and database.password, that PostgreSQL runs and accepts this"
                        + " user, and that the user may create tables in the database";
    }
}
