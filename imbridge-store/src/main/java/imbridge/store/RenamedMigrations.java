package imbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Brings the schema history of a database migrated before a migration file was renamed up to the new name.
 * Flyway validates each applied migration's description (taken from the file name) before migrating, so
 * without this an existing database would refuse to open. Runs before validation and touches only rows that
 * still carry the old description; the files' contents never changed, so the checksums still match.
 */
final class RenamedMigrations implements Callback {

    /** One rename: the applied version, its description before and after, and the new script name. */
    record Rename(String version, String oldDescription, String newDescription, String newScript) {}

    static final List<Rename> RENAMES = List.of(new Rename(
            "2", "issue3", "message extras and attachment refs", "V2__message_extras_and_attachment_refs.sql"));

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_VALIDATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        String table = context.getConfiguration().getTable();
        Connection connection = context.getConnection();
        try {
            if (!historyExists(connection, table)) {
                return; // a new database: nothing applied yet
            }
            for (Rename rename : RENAMES) {
                apply(connection, table, rename);
            }
        } catch (SQLException e) {
            throw new FlywayException("cannot update renamed migrations in " + table, e);
        }
    }

    @Override
    public String getCallbackName() {
        return "renamed-migrations";
    }

    private static boolean historyExists(Connection connection, String table) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, table, null)) {
            return tables.next();
        }
    }

    private static void apply(Connection connection, String table, Rename rename) throws SQLException {
        // The table name comes from our own Flyway configuration, never from input.
        String sql = "UPDATE " + table + " SET description = ?, script = ? WHERE version = ? AND description = ?";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, rename.newDescription());
            update.setString(2, rename.newScript());
            update.setString(3, rename.version());
            update.setString(4, rename.oldDescription());
            update.executeUpdate();
        }
    }
}
