package imbridge.applelocal.chatdb;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Builds the {@link SchemaReport} of a Messages database. The counts are whole-table aggregates run once, on
 * request; the set-membership tests use {@code NOT IN (sub-query)}, which SQLite evaluates with one temporary index
 * instead of a lookup per message.
 */
public final class ChatDbInspector {
    private ChatDbInspector() {}

    /** Opens {@code db} read-only (live, never written), reports, and closes it. */
    public static SchemaReport inspect(Path db, Duration busyTimeout) throws ChatDbOpenException {
        try (ChatDbSnapshot snapshot = ChatDbSnapshot.live(db, busyTimeout)) {
            return report(snapshot.connection(), AppleSchema.detect(snapshot.connection(), db));
        } catch (SQLException e) {
            throw ChatDbOpenException.fromSql(db, e);
        } catch (ChatDbOpenException e) {
            throw e;
        } catch (IOException e) {
            throw ChatDbOpenException.fromIo(db, e);
        }
    }

    static SchemaReport report(Connection c, AppleSchema schema) throws SQLException {
        boolean recoverable = schema.hasTable("chat_recoverable_message_join");
        String notJoined = "ROWID NOT IN (SELECT message_id FROM chat_message_join)";
        long recentlyDeleted = recoverable
                ? count(
                        c,
                        "SELECT count(*) FROM message WHERE " + notJoined
                                + " AND ROWID IN (SELECT message_id FROM chat_recoverable_message_join)")
                : 0;
        long orphans = count(
                c,
                "SELECT count(*) FROM message WHERE " + notJoined
                        + (recoverable
                                ? " AND ROWID NOT IN (SELECT message_id FROM chat_recoverable_message_join)"
                                : ""));
        SchemaReport.Counts counts = new SchemaReport.Counts(
                countTable(c, schema, "chat"),
                countTable(c, schema, "handle"),
                countTable(c, schema, "message"),
                countTable(c, schema, "attachment"),
                recentlyDeleted,
                countTable(c, schema, "sync_deleted_messages"),
                countTable(c, schema, "sync_deleted_attachments"),
                countTable(c, schema, "sync_deleted_chats"),
                orphans);
        return new SchemaReport(schema.tier().label(), schema.missingNotable(), schema.columns(), counts);
    }

    private static long countTable(Connection c, AppleSchema schema, String table) throws SQLException {
        return schema.hasTable(table) ? count(c, "SELECT count(*) FROM " + table) : 0;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
