package imbridge.store;

import imbridge.core.model.ChatRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL of {@code cloud_chat}: cached chat records keyed by CloudKit chat identifier. */
final class ChatTable {

    private static final String COLUMNS = """
            cloud_chat_id, record_name, group_id, portal_id, service, display_name, participants_json,
            is_filtered, deleted""";

    /** Re-delivery refreshes the content but never {@code deleted}, {@code fwd_backfill_done} or {@code created_ts}. */
    private static final String UPSERT = """
            INSERT INTO cloud_chat (login_id, cloud_chat_id, record_name, group_id, portal_id, service, display_name,
                                    participants_json, is_filtered, deleted, fwd_backfill_done, created_ts, updated_ts)
            VALUES (:login, :cloudChatId, :recordName, :groupId, :portalId, :service, :displayName,
                    :participants, :filtered, :deleted, FALSE, :now, :now)
            ON CONFLICT (login_id, cloud_chat_id) DO UPDATE SET
                record_name = excluded.record_name,
                group_id = excluded.group_id,
                portal_id = excluded.portal_id,
                service = excluded.service,
                display_name = excluded.display_name,
                participants_json = excluded.participants_json,
                is_filtered = excluded.is_filtered,
                updated_ts = excluded.updated_ts""";

    /**
     * The {@code record_name <> ''} guard (tombstone names are never blank) lets SQLite use the partial index; no
     * DISTINCT (the caller collects a set): without statistics SQLite read every chat in portal order to avoid it.
     */
    static final String PORTALS_OF_RECORDS = """
            SELECT portal_id FROM cloud_chat
            WHERE login_id = :login AND record_name IN (<names>) AND record_name <> ''""";

    static final String DELETE_BY_RECORDS = """
            DELETE FROM cloud_chat WHERE login_id = :login AND record_name IN (<names>) AND record_name <> ''""";

    /** Soft delete keeps the row (and its record name) so a re-delivered chat stays deleted (sticky upsert). */
    static final String SOFT_DELETE_PORTALS = """
            UPDATE cloud_chat SET deleted = TRUE
            WHERE login_id = :login AND deleted = FALSE AND portal_id IN (<portals>)""";

    /**
     * Exact identifier first, then record name, then group ID; the record_name/group_id guards enable the partial
     * indexes. One branch per index rather than one {@code OR}: without statistics SQLite planned the OR as a
     * read of every chat of the login, per page and per live message. A chat matching two ways is found twice;
     * its better rank wins.
     */
    static final String PORTAL_OF_IDENTIFIER = """
            SELECT portal_id FROM (
                SELECT portal_id, 0 AS match_rank, updated_ts, cloud_chat_id FROM cloud_chat
                WHERE login_id = :login AND cloud_chat_id = :id AND deleted = FALSE
                UNION ALL
                SELECT portal_id, 1 AS match_rank, updated_ts, cloud_chat_id FROM cloud_chat
                WHERE login_id = :login AND record_name = :id AND record_name <> '' AND deleted = FALSE
                UNION ALL
                SELECT portal_id, 2 AS match_rank, updated_ts, cloud_chat_id FROM cloud_chat
                WHERE login_id = :login AND group_id = :groupId AND group_id <> '' AND deleted = FALSE) found
            ORDER BY match_rank, updated_ts DESC, cloud_chat_id
            LIMIT 1""";

    static final String NEWEST_OF_PORTAL = "SELECT " + COLUMNS + """
             FROM cloud_chat
            WHERE login_id = :login AND portal_id = :portal AND deleted = FALSE
            ORDER BY updated_ts DESC, created_ts DESC, cloud_chat_id
            LIMIT 1""";

    private ChatTable() {}

    static void upsert(Handle h, String login, List<ChatRow> chats, long now) {
        if (chats.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch(UPSERT);
        for (ChatRow c : chats) {
            batch.bind("login", login)
                    .bind("cloudChatId", cloudChatId(c))
                    .bind("recordName", c.recordName() == null ? "" : c.recordName())
                    .bind("groupId", c.groupId() == null ? "" : lower(c.groupId()))
                    .bind("portalId", c.portalId())
                    .bind("service", c.service())
                    .bind("displayName", c.displayName())
                    .bind("participants", JsonColumns.strings(c.participants()))
                    .bind("filtered", c.filtered())
                    .bind("deleted", c.deleted())
                    .bind("now", now)
                    .add();
        }
        batch.execute();
    }

    /** Hard-deletes the chats named by tombstones and returns the portals they belonged to. */
    static Set<String> deleteByRecordNames(Handle h, String login, Collection<String> recordNames) {
        Set<String> portals = new LinkedHashSet<>();
        for (List<String> chunk : Chunks.of(recordNames)) {
            portals.addAll(h.createQuery(PORTALS_OF_RECORDS)
                    .bind("login", login)
                    .bindList("names", chunk)
                    .mapTo(String.class)
                    .list());
            h.createUpdate(DELETE_BY_RECORDS)
                    .bind("login", login)
                    .bindList("names", chunk)
                    .execute();
        }
        return portals;
    }

    static void softDeletePortals(Handle h, String login, Collection<String> portalIds) {
        Chunks.updatePortals(h, SOFT_DELETE_PORTALS, login, portalIds);
    }

    static Optional<String> portalOf(Handle h, String login, String identifier) {
        return h.createQuery(PORTAL_OF_IDENTIFIER)
                .bind("login", login)
                .bind("id", identifier)
                .bind("groupId", lower(identifier))
                .mapTo(String.class)
                .findFirst();
    }

    static Optional<ChatRow> newestOfPortal(Handle h, String login, String portalId) {
        return h.createQuery(NEWEST_OF_PORTAL)
                .bind("login", login)
                .bind("portal", portalId)
                .map(ChatTable::map)
                .findFirst();
    }

    static void validate(List<ChatRow> chats) {
        List<String> problems = new ArrayList<>();
        for (ChatRow c : chats) {
            if (c == null) {
                problems.add("null chat row");
            } else if (cloudChatId(c) == null) {
                problems.add("chat without cloud chat ID or record name");
            } else if (c.portalId() == null || c.portalId().isBlank()) {
                problems.add("chat " + cloudChatId(c) + " has no portal ID");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid chat rows: " + problems);
        }
    }

    /** CloudKit chats without an identifier are keyed by their record name (behaviour.md §2.2). */
    private static String cloudChatId(ChatRow c) {
        if (c.cloudChatId() != null && !c.cloudChatId().isBlank()) {
            return c.cloudChatId();
        }
        return c.recordName() == null || c.recordName().isBlank() ? null : c.recordName();
    }

    /** Group IDs are compared case-insensitively: stored lower-case, looked up lower-case. */
    private static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    private static ChatRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ChatRow(
                rs.getString("cloud_chat_id"),
                rs.getString("record_name"),
                rs.getString("group_id"),
                rs.getString("portal_id"),
                rs.getString("service"),
                rs.getString("display_name"),
                JsonColumns.strings(rs.getString("participants_json")),
                rs.getBoolean("is_filtered"),
                rs.getBoolean("deleted"));
    }
}
