package imbridge.applelocal.chatdb;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Test-only builder of a real Messages database: Apple's DDL from {@code apple/chatdb-*.sql}, WAL mode like Messages,
 * rows written with plain SQL. Values for columns an older schema lacks are left out, as that macOS would.
 * Deletions are written the way Apple's triggers leave them (row gone, tombstone rows added).
 */
public final class ChatDbFixture implements AutoCloseable {
    public static final String OWNER = "+15550000001";
    /** 2023-11-14T22:13:20Z, a Messages-era instant the tests count from. */
    public static final Instant BASE = Instant.ofEpochSecond(1_700_000_000L);

    private final Connection c;
    private final Path file;
    private final Map<String, Set<String>> columns = new HashMap<>();

    private ChatDbFixture(Path file, String ddlResource) throws SQLException {
        this.file = file;
        this.c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            for (String statement : AppleBlobs.text(ddlResource).split(";")) {
                String sql = stripComments(statement);
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                columns.put(rs.getString(1).toLowerCase(Locale.ROOT), new LinkedHashSet<>());
            }
        }
        for (Map.Entry<String, Set<String>> t : columns.entrySet()) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA table_info(" + t.getKey() + ")")) {
                while (rs.next()) {
                    t.getValue().add(rs.getString("name").toLowerCase(Locale.ROOT));
                }
            }
        }
    }

    /** A macOS 13+/iOS 16+ database. */
    public static ChatDbFixture modern(Path file) throws SQLException {
        return new ChatDbFixture(file, "chatdb-modern.sql");
    }

    /** An El Capitan-era database (no newer columns or tables). */
    public static ChatDbFixture legacy(Path file) throws SQLException {
        return new ChatDbFixture(file, "chatdb-legacy.sql");
    }

    public Path file() {
        return file;
    }

    public Connection connection() {
        return c;
    }

    /** A message GUID in Apple's form (upper-case UUID) numbered {@code n}. */
    public static String guid(int n) {
        return String.format("%08X-0000-4000-8000-%012d", n, n);
    }

    /** The nanosecond {@code date} Apple writes today for {@code BASE + seconds}. */
    public static long nanos(long secondsAfterBase) {
        return (BASE.getEpochSecond() + secondsAfterBase - 978_307_200L) * 1_000_000_000L;
    }

    /** The seconds {@code date} old databases hold for {@code BASE + seconds}. */
    public static long seconds(long secondsAfterBase) {
        return BASE.getEpochSecond() + secondsAfterBase - 978_307_200L;
    }

    public static long unixMs(long secondsAfterBase) {
        return (BASE.getEpochSecond() + secondsAfterBase) * 1000L;
    }

    public long handle(String id) throws SQLException {
        return handle(id, "iMessage");
    }

    public long handle(String id, String service) throws SQLException {
        return insert("handle", row("id", id, "service", service, "country", "us"));
    }

    /** A DM ({@code <service>;-;<id>}, style 45) with one participant. */
    public long dm(String service, String handleId, long handleRow) throws SQLException {
        return chat(
                service + ";-;" + handleId, 45, service, "", "DM-GROUP-" + handleId, handleId, null, false, handleRow);
    }

    /** A group ({@code iMessage;+;<cid>}, style 43). */
    public long group(String cid, String groupId, String name, long... handleRows) throws SQLException {
        return chat("iMessage;+;" + cid, 43, "iMessage", name, groupId, cid, cid, false, handleRows);
    }

    public long chat(
            String guid,
            int style,
            String service,
            String displayName,
            String groupId,
            String identifier,
            String roomName,
            boolean filtered,
            long... handleRows)
            throws SQLException {
        long id = insert(
                "chat",
                row(
                        "guid",
                        guid,
                        "style",
                        style,
                        "service_name",
                        service,
                        "display_name",
                        displayName,
                        "group_id",
                        groupId,
                        "chat_identifier",
                        identifier,
                        "room_name",
                        roomName,
                        "is_filtered",
                        filtered ? 1 : 0,
                        "cloudkit_record_id",
                        "ck-" + guid));
        for (long h : handleRows) {
            insert("chat_handle_join", row("chat_id", id, "handle_id", h));
        }
        return id;
    }

    public long attachment(String guid, String filename, String transferName, String mime, String uti, long totalBytes)
            throws SQLException {
        return insert(
                "attachment",
                row(
                        "guid",
                        guid,
                        "original_guid",
                        guid,
                        "filename",
                        filename,
                        "transfer_name",
                        transferName,
                        "mime_type",
                        mime,
                        "uti",
                        uti,
                        "total_bytes",
                        totalBytes,
                        "ck_record_id",
                        "ck-" + guid));
    }

    public MessageBuilder message(String guid) {
        return new MessageBuilder(guid);
    }

    /** What Apple's triggers leave after a permanent deletion: no row, no joins, both tombstone tables filled. */
    public void deleteMessagePermanently(String guid) throws SQLException {
        long id = scalar("SELECT ROWID FROM message WHERE guid = ?", guid);
        execute("DELETE FROM chat_message_join WHERE message_id = ?", id);
        execute("DELETE FROM message_attachment_join WHERE message_id = ?", id);
        if (columns.containsKey("chat_recoverable_message_join")) {
            execute("DELETE FROM chat_recoverable_message_join WHERE message_id = ?", id);
        }
        execute("DELETE FROM message WHERE ROWID = ?", id);
        tombstoneMessage(guid);
    }

    public void tombstoneMessage(String guid) throws SQLException {
        insert("sync_deleted_messages", row("guid", guid, "recordID", "ck-" + guid));
        insert("deleted_messages", row("guid", guid));
    }

    public void tombstoneChat(String guid) throws SQLException {
        insert("sync_deleted_chats", row("guid", guid, "recordID", "ck-" + guid, "timestamp", 1));
    }

    public void tombstoneAttachment(String guid) throws SQLException {
        insert("sync_deleted_attachments", row("guid", guid, "recordID", "ck-" + guid));
    }

    public void execute(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, List.of(args));
            ps.executeUpdate();
        }
    }

    public long scalar(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, List.of(args));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no row for " + sql);
                }
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }

    /** Inserts the values whose columns this schema has; returns the new ROWID. */
    long insert(String table, Map<String, Object> values) throws SQLException {
        Set<String> known = columns.get(table);
        if (known == null) {
            throw new SQLException("this schema has no table " + table);
        }
        List<String> names = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        values.forEach((k, v) -> {
            if (known.contains(k.toLowerCase(Locale.ROOT))) {
                names.add(k);
                args.add(v);
            }
        });
        String sql = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(names.size(), "?")) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        }
        return scalar("SELECT last_insert_rowid()");
    }

    boolean hasColumn(String table, String column) {
        return columns.getOrDefault(table, Set.of()).contains(column.toLowerCase(Locale.ROOT));
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static String stripComments(String statement) {
        StringBuilder sql = new StringBuilder();
        for (String line : statement.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        return sql.toString();
    }

    /** One message row with its joins, as Messages writes it. */
    public final class MessageBuilder {
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final List<Long> chats = new ArrayList<>();
        private final List<Long> recoverableChats = new ArrayList<>();
        private final List<Long> attachments = new ArrayList<>();

        private MessageBuilder(String guid) {
            values.put("guid", guid);
            values.put("date", nanos(0));
            values.put("service", "iMessage");
            values.put("account", "E:owner@icloud.com");
            values.put("destination_caller_id", OWNER);
            values.put("ck_record_id", "ck-" + guid);
            values.put("is_finished", 1);
        }

        public MessageBuilder set(String column, Object value) {
            values.put(column, value);
            return this;
        }

        public MessageBuilder text(String text) {
            return set("text", text);
        }

        public MessageBuilder body(byte[] attributedBody) {
            return set("attributedBody", attributedBody);
        }

        public MessageBuilder date(long appleValue) {
            return set("date", appleValue);
        }

        public MessageBuilder from(long handleRow) {
            return set("handle_id", handleRow).set("is_from_me", 0);
        }

        public MessageBuilder fromMe(long handleRow) {
            return set("handle_id", handleRow).set("is_from_me", 1);
        }

        public MessageBuilder in(long chatRow) {
            chats.add(chatRow);
            return this;
        }

        public MessageBuilder recentlyDeletedFrom(long chatRow) {
            recoverableChats.add(chatRow);
            return this;
        }

        public MessageBuilder attachments(long... attachmentRows) {
            for (long a : attachmentRows) {
                attachments.add(a);
            }
            return this;
        }

        public long insert() throws SQLException {
            if (!attachments.isEmpty()) {
                values.put("cache_has_attachments", 1);
            }
            long id = ChatDbFixture.this.insert("message", values);
            for (long chat : chats) {
                ChatDbFixture.this.insert(
                        "chat_message_join",
                        row("chat_id", chat, "message_id", id, "message_date", values.get("date")));
            }
            for (long chat : recoverableChats) {
                ChatDbFixture.this.insert(
                        "chat_recoverable_message_join",
                        row("chat_id", chat, "message_id", id, "delete_date", nanos(3600)));
            }
            for (long a : attachments) {
                ChatDbFixture.this.insert("message_attachment_join", row("message_id", id, "attachment_id", a));
            }
            return id;
        }
    }
}
