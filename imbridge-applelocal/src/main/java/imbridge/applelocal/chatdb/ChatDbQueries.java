package imbridge.applelocal.chatdb;

import java.util.Collections;

/**
 * Every SQL statement the reader runs, built once from the detected {@link AppleSchema}: a column an older
 * database lacks is selected as its neutral value. Feeds page by {@code ROWID} ranges (the integer primary key),
 * and per-page lookups take the page's keys as an {@code IN} list, so no statement reads a whole table into
 * memory and BLOBs are read only for the rows of the page.
 */
final class ChatDbQueries {
    private final AppleSchema schema;
    final String chatsAfter;
    final String messagesAfter;
    final String attachmentsAfter;
    final String attachmentByGuid;

    ChatDbQueries(AppleSchema schema) {
        this.schema = schema;
        this.chatsAfter = "SELECT c.ROWID AS row_id, c.guid, "
                + schema.column("chat", "c", "style", "0") + ", "
                + schema.column("chat", "c", "service_name", "NULL") + ", "
                + schema.column("chat", "c", "display_name", "NULL") + ", "
                + schema.column("chat", "c", "group_id", "NULL") + ", "
                + schema.column("chat", "c", "is_filtered", "0")
                + " FROM chat c WHERE c.ROWID > ? ORDER BY c.ROWID LIMIT ?";
        this.messagesAfter = messagesAfter(schema);
        this.attachmentsAfter = schema.hasTable("attachment")
                ? "SELECT a.ROWID AS row_id, a.guid, " + attachmentColumns(schema)
                        + " FROM attachment a WHERE a.ROWID > ? ORDER BY a.ROWID LIMIT ?"
                : null;
        this.attachmentByGuid = schema.hasTable("attachment")
                ? "SELECT a.ROWID AS row_id, a.guid, " + attachmentColumns(schema)
                        + " FROM attachment a WHERE a.guid = ?"
                : null;
    }

    /**
     * Rows after {@code scan} that are new (after {@code rows}) or were edited after {@code edited}: the second
     * part of the OR finds edits and unsends of rows delivered by an earlier pass ({@code date_edited} has no
     * index in Apple's schema, so a pass over old rows reads that column once per row, paged like the rest).
     * Parameters: scan, rows, edited, limit.
     */
    private static String messagesAfter(AppleSchema s) {
        String edited = s.hasColumn("message", "date_edited") ? "m.date_edited" : "0";
        return "SELECT m.ROWID AS row_id, m.guid, m.date, "
                + s.column("message", "m", "text", "NULL") + ", "
                + s.column("message", "m", "attributedBody", "NULL") + ", "
                + s.column("message", "m", "message_summary_info", "NULL") + ", "
                + s.column("message", "m", "subject", "NULL") + ", "
                + s.column("message", "m", "handle_id", "0") + ", "
                + s.column("message", "m", "service", "NULL") + ", "
                + s.column("message", "m", "date_read", "0") + ", "
                + s.column("message", "m", "date_edited", "0") + ", "
                + s.column("message", "m", "is_from_me", "0") + ", "
                + s.column("message", "m", "item_type", "0") + ", "
                + s.column("message", "m", "is_system_message", "0") + ", "
                + s.column("message", "m", "is_service_message", "0") + ", "
                + s.column("message", "m", "associated_message_guid", "NULL") + ", "
                + s.column("message", "m", "associated_message_type", "0") + ", "
                + s.column("message", "m", "associated_message_emoji", "NULL") + ", "
                + s.column("message", "m", "thread_originator_guid", "NULL") + ", "
                + s.column("message", "m", "thread_originator_part", "NULL") + ", "
                + s.column("message", "m", "destination_caller_id", "NULL") + ", "
                + s.column("message", "m", "balloon_bundle_id", "NULL")
                + " FROM message m WHERE m.ROWID > ? AND (m.ROWID > ? OR " + edited + " > ?)"
                + " ORDER BY m.ROWID LIMIT ?";
    }

    private static String attachmentColumns(AppleSchema s) {
        return s.column("attachment", "a", "filename", "NULL") + ", "
                + s.column("attachment", "a", "transfer_name", "NULL") + ", "
                + s.column("attachment", "a", "mime_type", "NULL") + ", "
                + s.column("attachment", "a", "uti", "NULL") + ", "
                + s.column("attachment", "a", "total_bytes", "0");
    }

    /** Participants (handle ids) of the given chats, in join order. */
    String participants(int chats) {
        if (!schema.hasTable("chat_handle_join")) {
            return null;
        }
        return "SELECT j.chat_id, h.id FROM chat_handle_join j JOIN handle h ON h.ROWID = j.handle_id"
                + " WHERE j.chat_id IN (" + inList(chats) + ") ORDER BY j.chat_id, j.rowid";
    }

    /** The lowest chat ROWID holding each message (a message in several chats belongs to the first). */
    String chatOfMessages(int messages) {
        return "SELECT message_id, MIN(chat_id) FROM chat_message_join WHERE message_id IN (" + inList(messages)
                + ") GROUP BY message_id";
    }

    /** Messages of the page that sit in Recently Deleted; null on databases without it. */
    String recentlyDeleted(int messages) {
        if (!schema.hasTable("chat_recoverable_message_join")) {
            return null;
        }
        return "SELECT DISTINCT message_id FROM chat_recoverable_message_join WHERE message_id IN (" + inList(messages)
                + ")";
    }

    String chatRefs(int chats) {
        return "SELECT c.ROWID, c.guid, " + schema.column("chat", "c", "style", "0") + ", "
                + schema.column("chat", "c", "group_id", "NULL") + " FROM chat c WHERE c.ROWID IN ("
                + inList(chats) + ")";
    }

    String handles(int handles) {
        return "SELECT ROWID, id FROM handle WHERE ROWID IN (" + inList(handles) + ")";
    }

    /** Attachment GUIDs of the given messages in join order; null when the database has no attachments. */
    String attachmentsOfMessages(int messages) {
        if (!schema.hasTable("message_attachment_join") || !schema.hasTable("attachment")) {
            return null;
        }
        return "SELECT j.message_id, a.guid FROM message_attachment_join j JOIN attachment a ON a.ROWID = j.attachment_id"
                + " WHERE j.message_id IN (" + inList(messages) + ") ORDER BY j.message_id, j.rowid";
    }

    /**
     * Tombstones after a ROWID in {@code syncTable}, each with whether a row of that GUID still lives in
     * {@code liveTable} (then it is no deletion: behaviour.md §AL8.3 rule 2). Parameters: after, limit. Null when the
     * database has no such table.
     */
    String tombstonesAfter(String syncTable, String liveTable) {
        if (!schema.hasTable(syncTable) || !schema.hasColumn(syncTable, "guid")) {
            return null;
        }
        String live =
                schema.hasTable(liveTable) ? "EXISTS (SELECT 1 FROM " + liveTable + " x WHERE x.guid = s.guid)" : "0";
        return "SELECT s.ROWID AS row_id, s.guid, " + live + " AS live FROM " + syncTable
                + " s WHERE s.ROWID > ? ORDER BY s.ROWID LIMIT ?";
    }

    /** Bodies of the messages with the given GUIDs (replied-to and tapped-back targets). Parameters: the GUIDs. */
    String bodiesByGuid(int guids) {
        return "SELECT m.ROWID, m.guid, " + schema.column("message", "m", "text", "NULL") + ", "
                + schema.column("message", "m", "attributedBody", "NULL") + ", "
                + schema.column("message", "m", "message_summary_info", "NULL")
                + " FROM message m WHERE m.guid IN (" + inList(guids) + ")";
    }

    static String inList(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("empty IN list");
        }
        return String.join(",", Collections.nCopies(n, "?"));
    }
}
