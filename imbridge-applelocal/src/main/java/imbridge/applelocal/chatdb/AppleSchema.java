package imbridge.applelocal.chatdb;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What tables and columns this Messages database has, found with {@code sqlite_master} and
 * {@code PRAGMA table_info} (never from a version number: behaviour.md §AL1.7). Queries are built from it, so a column
 * an older macOS/iOS lacks reads as its neutral value (NULL or 0) instead of failing the query.
 */
public final class AppleSchema {
    /** Without these there is no message history to read. */
    private static final Map<String, List<String>> REQUIRED = required();

    /** Columns whose absence changes what the reader can tell (listed by {@code apple inspect}). */
    private static final Map<String, List<String>> NOTABLE = notable();

    private final Map<String, Set<String>> columns;

    private AppleSchema(Map<String, Set<String>> columns) {
        this.columns = columns;
    }

    /**
     * Reads the schema and checks that it is a Messages database.
     *
     * @throws ChatDbOpenException NOT_MESSAGES_DB when a required table or column is missing
     */
    public static AppleSchema detect(Connection connection, Path path) throws SQLException, ChatDbOpenException {
        Map<String, Set<String>> columns = new LinkedHashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            while (rs.next()) {
                columns.put(rs.getString(1).toLowerCase(Locale.ROOT), new LinkedHashSet<>());
            }
        }
        for (Map.Entry<String, Set<String>> table : columns.entrySet()) {
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery(
                            "PRAGMA table_info(\"" + table.getKey().replace("\"", "\"\"") + "\")")) {
                while (rs.next()) {
                    table.getValue().add(rs.getString("name").toLowerCase(Locale.ROOT));
                }
            }
        }
        AppleSchema schema = new AppleSchema(columns);
        for (Map.Entry<String, List<String>> required : REQUIRED.entrySet()) {
            if (!schema.hasTable(required.getKey())) {
                throw ChatDbOpenException.notMessages(path, "it has no '" + required.getKey() + "' table");
            }
            for (String column : required.getValue()) {
                if (!schema.hasColumn(required.getKey(), column)) {
                    throw ChatDbOpenException.notMessages(
                            path, "table '" + required.getKey() + "' has no '" + column + "' column");
                }
            }
        }
        return schema;
    }

    public boolean hasTable(String table) {
        return columns.containsKey(table.toLowerCase(Locale.ROOT));
    }

    public boolean hasColumn(String table, String column) {
        Set<String> cols = columns.get(table.toLowerCase(Locale.ROOT));
        return cols != null && cols.contains(column.toLowerCase(Locale.ROOT));
    }

    /** {@code alias.column} when the column exists, else {@code fallback} (a SQL literal), named {@code column}. */
    String column(String table, String alias, String column, String fallback) {
        return hasColumn(table, column) ? alias + "." + column : fallback + " AS " + column;
    }

    public SchemaTier tier() {
        if (hasTable("chat_recoverable_message_join") || hasColumn("message", "date_edited")) {
            return SchemaTier.MODERN;
        }
        if (hasColumn("message", "thread_originator_guid")) {
            return SchemaTier.REPLIES;
        }
        return SchemaTier.LEGACY;
    }

    /** {@code table.column} (or {@code table}) for every notable column or table this database lacks. */
    public List<String> missingNotable() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : NOTABLE.entrySet()) {
            if (!hasTable(e.getKey())) {
                missing.add(e.getKey());
                continue;
            }
            for (String column : e.getValue()) {
                if (!hasColumn(e.getKey(), column)) {
                    missing.add(e.getKey() + "." + column);
                }
            }
        }
        return missing;
    }

    /** Table → its columns, in the database's order. */
    public Map<String, List<String>> columns() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        columns.forEach((table, cols) -> copy.put(table, List.copyOf(cols)));
        return copy;
    }

    private static Map<String, List<String>> required() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("message", List.of("guid", "date"));
        m.put("chat", List.of("guid"));
        m.put("handle", List.of("id"));
        m.put("chat_message_join", List.of("chat_id", "message_id"));
        return m;
    }

    private static Map<String, List<String>> notable() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(
                "message",
                List.of(
                        "attributedBody",
                        "message_summary_info",
                        "date_edited",
                        "thread_originator_guid",
                        "thread_originator_part",
                        "associated_message_guid",
                        "associated_message_type",
                        "associated_message_emoji",
                        "destination_caller_id",
                        "item_type",
                        "is_system_message",
                        "is_service_message",
                        "date_read",
                        "subject",
                        "service",
                        "is_from_me",
                        "handle_id"));
        m.put("chat", List.of("style", "group_id", "display_name", "service_name", "is_filtered"));
        m.put("handle", List.of());
        m.put("attachment", List.of("filename", "transfer_name", "mime_type", "uti", "total_bytes"));
        m.put("chat_handle_join", List.of());
        m.put("message_attachment_join", List.of());
        m.put("chat_recoverable_message_join", List.of());
        m.put("sync_deleted_messages", List.of());
        m.put("sync_deleted_attachments", List.of());
        m.put("sync_deleted_chats", List.of());
        return m;
    }
}
