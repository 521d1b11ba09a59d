package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import imbridge.sim.apple.AppleExportPlan.ChatRow;
import imbridge.sim.apple.AppleExportPlan.ChatTombstone;
import imbridge.sim.apple.AppleExportPlan.HandleRow;
import imbridge.sim.apple.AppleExportPlan.MessageRow;
import imbridge.sim.apple.AppleExportPlan.Placement;
import imbridge.sim.apple.AppleExportPlan.Tombstone;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;

/**
 * Writes an {@link AppleExportPlan} as a Messages database: Apple's schema (resource {@code apple/chat-db-schema.sql})
 * and every row of the plan, in one transaction with batched inserts. A later snapshot replaces all rows of an
 * existing database in one transaction, so a reader sees the old state or the new one, never a mix.
 */
public final class ChatDbWriter {

    private static final String SCHEMA = "/apple/chat-db-schema.sql";
    private static final int BATCH = 2_000;
    private static final int DATE_COLUMN = MessageColumns.COLUMNS.indexOf("date");

    /** How the database file is journaled: WAL like a live Mac, or a plain file like a backup's copy. */
    public enum Journal {
        WAL,
        DELETE
    }

    private ChatDbWriter() {}

    /** Creates {@code db} (which must not exist yet) with the plan's rows. */
    public static void create(Path db, AppleExportPlan plan, Journal journal) {
        if (Files.exists(db)) {
            throw new IllegalStateException("will not overwrite " + db + " (a later snapshot uses rewrite)");
        }
        try {
            Files.createDirectories(db.toAbsolutePath().getParent());
            try (Connection connection = open(db)) {
                List<String> schema = schemaStatements();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA journal_mode=" + journal.name());
                    statement.execute("PRAGMA synchronous=NORMAL");
                    connection.setAutoCommit(false);
                    for (String ddl : schema) {
                        if (!isIndex(ddl)) {
                            statement.execute(ddl);
                        }
                    }
                    statement.execute("INSERT INTO _SqliteDatabaseProperties (key, value) VALUES "
                            + "('_ClientVersion', '17001'), ('_UniqueIdentifier', '"
                            + Choices.guid(plan.choiceSeed(), "database-id", "chat.db") + "')");
                }
                insertAll(connection, plan);
                try (Statement statement = connection.createStatement()) {
                    for (String ddl : schema) {
                        if (isIndex(ddl)) {
                            statement.execute(ddl); // built once over all rows: faster than per insert
                        }
                    }
                }
                connection.commit();
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot write " + db, e);
        }
    }

    /** Replaces every row of the existing {@code db} with the (later) plan's rows, in one transaction. */
    public static void rewrite(Path db, AppleExportPlan plan) {
        try (Connection connection = open(db)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String table : List.of(
                        "chat_handle_join",
                        "chat_message_join",
                        "chat_recoverable_message_join",
                        "message_attachment_join",
                        "message",
                        "chat",
                        "handle",
                        "attachment",
                        "deleted_messages",
                        "sync_deleted_messages",
                        "sync_deleted_attachments",
                        "sync_deleted_chats")) {
                    statement.execute("DELETE FROM " + table);
                }
            }
            insertAll(connection, plan);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot rewrite " + db, e);
        }
    }

    static Connection open(Path db) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout=10000");
        }
        return connection;
    }

    private static void insertAll(Connection connection, AppleExportPlan plan) throws SQLException {
        insertHandles(connection, plan.handles());
        insertChats(connection, plan.chats());
        insertAttachments(connection, plan.attachments());
        insertMessages(connection, plan, plan.messages());
        insertTombstones(connection, plan);
    }

    private static void insertHandles(Connection connection, List<HandleRow> handles) throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO handle (ROWID, id, country, service) VALUES (?, ?, ?, ?)")) {
            Batch batch = new Batch(insert);
            for (HandleRow handle : handles) {
                batch.add(handle.rowid(), handle.id(), handle.id().startsWith("+1") ? "us" : null, handle.service());
            }
            batch.finish();
        }
    }

    private static void insertChats(Connection connection, List<ChatRow> chats) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO chat (ROWID, guid, style, state, "
                        + "account_id, chat_identifier, service_name, room_name, account_login, last_addressed_handle, "
                        + "display_name, group_id, is_filtered, ck_sync_state, cloudkit_record_id, successful_query) "
                        + "VALUES (?, ?, ?, 3, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
                PreparedStatement join = connection.prepareStatement(
                        "INSERT INTO chat_handle_join (chat_id, handle_id) VALUES (?, ?)")) {
            Batch chatBatch = new Batch(insert);
            Batch joinBatch = new Batch(join);
            for (ChatRow chat : chats) {
                AppleExportPlan.ChatShape shape = chat.shape();
                chatBatch.add(
                        chat.rowid(),
                        shape.guid(),
                        shape.style(),
                        HandleIds.OWNER_ACCOUNT,
                        shape.chatIdentifier(),
                        shape.serviceName(),
                        shape.roomName(),
                        HandleIds.OWNER_ACCOUNT,
                        HandleIds.OWNER_ID,
                        shape.displayName(),
                        shape.groupId(),
                        shape.filtered() ? 1 : 0,
                        shape.recordName() == null ? 0 : 1,
                        shape.recordName());
                for (long handle : chat.handleRowids()) {
                    joinBatch.add(chat.rowid(), handle);
                }
            }
            chatBatch.finish();
            joinBatch.finish();
        }
    }

    static void insertAttachments(Connection connection, List<AttachmentRow> attachments) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO attachment (ROWID, guid, "
                + "created_date, filename, uti, mime_type, transfer_state, is_outgoing, transfer_name, total_bytes, "
                + "ck_sync_state, ck_record_id, original_guid) VALUES (?, ?, ?, ?, ?, ?, 5, ?, ?, ?, 1, ?, ?)")) {
            Batch batch = new Batch(insert);
            for (AttachmentRow row : attachments) {
                batch.add(
                        row.rowid(),
                        row.record().guid(),
                        row.createdNs(),
                        row.path(),
                        row.record().uti(),
                        row.mimeColumn(),
                        row.outgoing() ? 1 : 0,
                        row.record().filename(),
                        row.record().size(),
                        row.record().recordName(),
                        row.record().guid());
            }
            batch.finish();
        }
    }

    /** Message rows with their join rows; also used by the live appender for single new rows. */
    static void insertMessages(Connection connection, AppleExportPlan plan, List<MessageRow> rows) throws SQLException {
        String columns = String.join(", ", MessageColumns.COLUMNS);
        String marks = String.join(", ", Collections.nCopies(MessageColumns.COLUMNS.size(), "?"));
        try (PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO message (" + columns + ") VALUES (" + marks + ")");
                PreparedStatement chatJoin = connection.prepareStatement(
                        "INSERT INTO chat_message_join (chat_id, message_id, message_date) VALUES (?, ?, ?)");
                PreparedStatement recoverable = connection.prepareStatement("INSERT INTO chat_recoverable_message_join "
                        + "(chat_id, message_id, delete_date) VALUES (?, ?, ?)");
                PreparedStatement attachmentJoin = connection.prepareStatement(
                        "INSERT INTO message_attachment_join (message_id, attachment_id) VALUES (?, ?)")) {
            Batch messages = new Batch(insert);
            Batch chats = new Batch(chatJoin);
            Batch deleted = new Batch(recoverable);
            Batch files = new Batch(attachmentJoin);
            for (MessageRow row : rows) {
                Object[] values = MessageColumns.values(row, plan);
                messages.add(values);
                long date = (long) values[DATE_COLUMN];
                if (row.placement() == Placement.CHAT) {
                    chats.add(row.chatRowid(), row.rowid(), date);
                } else if (row.placement() == Placement.RECENTLY_DELETED) {
                    deleted.add(row.chatRowid(), row.rowid(), plan.snapshotNs());
                }
                for (long attachment : row.attachmentRowids()) {
                    files.add(row.rowid(), attachment);
                }
            }
            messages.finish();
            chats.finish();
            deleted.finish();
            files.finish();
        }
    }

    private static void insertTombstones(Connection connection, AppleExportPlan plan) throws SQLException {
        try (PreparedStatement sync = connection.prepareStatement(
                        "INSERT INTO sync_deleted_messages (ROWID, guid, recordID) VALUES (?, ?, ?)");
                PreparedStatement local =
                        connection.prepareStatement("INSERT INTO deleted_messages (ROWID, guid) VALUES (?, ?)");
                PreparedStatement attachments = connection.prepareStatement(
                        "INSERT INTO sync_deleted_attachments (ROWID, guid, recordID) VALUES (?, ?, ?)");
                PreparedStatement chats = connection.prepareStatement(
                        "INSERT INTO sync_deleted_chats (ROWID, guid, recordID, timestamp) VALUES (?, ?, ?, ?)")) {
            Batch syncBatch = new Batch(sync);
            Batch localBatch = new Batch(local);
            for (Tombstone tombstone : plan.deletedMessages()) {
                syncBatch.add(tombstone.rowid(), tombstone.guid(), tombstone.recordName());
                localBatch.add(tombstone.rowid(), tombstone.guid());
            }
            syncBatch.finish();
            localBatch.finish();
            Batch attachmentBatch = new Batch(attachments);
            for (Tombstone tombstone : plan.deletedAttachments()) {
                attachmentBatch.add(tombstone.rowid(), tombstone.guid(), tombstone.recordName());
            }
            attachmentBatch.finish();
            Batch chatBatch = new Batch(chats);
            for (ChatTombstone tombstone : plan.deletedChats()) {
                chatBatch.add(
                        tombstone.rowid(),
                        tombstone.chat().guid(),
                        tombstone.chat().recordName(),
                        tombstone.timestamp());
            }
            chatBatch.finish();
        }
    }

    private static boolean isIndex(String ddl) {
        return ddl.startsWith("CREATE INDEX");
    }

    /** Apple's schema (the resource) split into statements, comment lines dropped; tests build odd databases on it. */
    public static List<String> schemaStatements() {
        try (InputStream in = ChatDbWriter.class.getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SCHEMA);
            }
            StringBuilder sql = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("--")) {
                    sql.append(line).append('\n');
                }
            }
            return java.util.Arrays.stream(sql.toString().split(";"))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A prepared statement fed in batches of {@value #BATCH}. */
    private static final class Batch {
        private final PreparedStatement statement;
        private int pending;

        Batch(PreparedStatement statement) {
            this.statement = statement;
        }

        void add(Object... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.addBatch();
            if (++pending == BATCH) {
                finish();
            }
        }

        void finish() throws SQLException {
            if (pending > 0) {
                statement.executeBatch();
                pending = 0;
            }
        }
    }
}
