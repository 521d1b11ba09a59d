package imbridge.store;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.Guids;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PortalCandidate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** SQL of {@code cloud_message}: cached messages keyed by normalised (upper-case) GUID. */
final class MessageTable {

    private static final String COLUMNS = """
            guid, record_name, chat_id, portal_id, timestamp_ms, sender, is_from_me, text, subject, service,
            attachments_json, has_body, deleted""";

    /** Content is overwritten on re-delivery; a soft delete is sticky ({@code old OR new}). */
    private static final String UPSERT = """
            INSERT INTO cloud_message (login_id, guid, guid_norm, record_name, chat_id, portal_id, timestamp_ms,
                                       sender, is_from_me, text, subject, service, deleted, attachments_json,
                                       has_body, created_ts, updated_ts)
            VALUES (:login, :guid, :guidNorm, :recordName, :chatId, :portalId, :timestampMs,
                    :sender, :fromMe, :text, :subject, :service, :deleted, :attachments,
                    :hasBody, :now, :now)
            ON CONFLICT (login_id, guid_norm) DO UPDATE SET
                guid = excluded.guid,
                record_name = excluded.record_name,
                chat_id = excluded.chat_id,
                portal_id = excluded.portal_id,
                timestamp_ms = excluded.timestamp_ms,
                sender = excluded.sender,
                is_from_me = excluded.is_from_me,
                text = excluded.text,
                subject = excluded.subject,
                service = excluded.service,
                attachments_json = excluded.attachments_json,
                has_body = excluded.has_body,
                deleted = cloud_message.deleted OR excluded.deleted,
                updated_ts = excluded.updated_ts""";

    /** A message tombstone carries only the record name, which is usually the GUID in another case. */
    private static final String TOMBSTONE = """
            UPDATE cloud_message SET deleted = TRUE, updated_ts = :now
            WHERE login_id = :login AND deleted = FALSE AND (guid_norm = :guidNorm OR record_name = :recordName)""";

    private static final String SOFT_DELETE_PORTALS = """
            UPDATE cloud_message SET deleted = TRUE, updated_ts = :now
            WHERE login_id = :login AND deleted = FALSE AND portal_id IN (<portals>)""";

    private static final String CANDIDATES = """
            SELECT portal_id, MAX(timestamp_ms) AS newest, COUNT(*) AS messages FROM cloud_message
            WHERE login_id = :login AND deleted = FALSE AND portal_id IS NOT NULL AND portal_id != ''
            GROUP BY portal_id
            ORDER BY newest DESC, portal_id""";

    /**
     * Keyset page in (timestamp_ms, guid_norm) order. The redundant {@code timestamp_ms >= :ts} gives both
     * planners a range start on the (login_id, portal_id, timestamp_ms, guid_norm) index.
     */
    static final String AFTER = "SELECT " + COLUMNS + """
             FROM cloud_message
            WHERE login_id = :login AND portal_id = :portal AND deleted = FALSE
              AND timestamp_ms >= :ts AND (timestamp_ms > :ts OR guid_norm > :guidNorm)
            ORDER BY timestamp_ms, guid_norm
            LIMIT :limit""";

    private MessageTable() {
    }

    static void upsert(Handle h, String login, List<MessageRow> messages, long now) {
        if (messages.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch(UPSERT);
        for (MessageRow m : messages) {
            batch.bind("login", login)
                    .bind("guid", m.guid())
                    .bind("guidNorm", m.guidNorm())
                    .bind("recordName", m.recordName() == null ? "" : m.recordName())
                    .bind("chatId", m.chatId())
                    .bind("portalId", m.portalId())
                    .bind("timestampMs", m.timestampMs())
                    .bind("sender", m.sender())
                    .bind("fromMe", m.fromMe())
                    .bind("text", m.text())
                    .bind("subject", m.subject())
                    .bind("service", m.service())
                    .bind("deleted", m.deleted())
                    .bind("attachments", JsonColumns.attachments(m.attachments()))
                    .bind("hasBody", m.hasBody())
                    .bind("now", now)
                    .add();
        }
        batch.execute();
    }

    /** Soft-deletes live messages whose GUID (any case) or record name is a tombstone's record name. */
    static void tombstone(Handle h, String login, Collection<String> recordNames, long now) {
        if (recordNames.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch(TOMBSTONE);
        for (String name : recordNames) {
            batch.bind("login", login)
                    .bind("guidNorm", Guids.normalize(name))
                    .bind("recordName", name)
                    .bind("now", now)
                    .add();
        }
        batch.execute();
    }

    static void softDeletePortals(Handle h, String login, Collection<String> portalIds, long now) {
        for (List<String> chunk : Chunks.of(portalIds)) {
            h.createUpdate(SOFT_DELETE_PORTALS)
                    .bind("login", login)
                    .bind("now", now)
                    .bindList("portals", chunk)
                    .execute();
        }
    }

    static List<PortalCandidate> candidates(Handle h, String login) {
        return h.createQuery(CANDIDATES)
                .bind("login", login)
                .map((rs, ctx) -> new PortalCandidate(rs.getString("portal_id"), rs.getLong("newest"),
                        rs.getLong("messages")))
                .list();
    }

    static List<MessageRow> after(Handle h, String login, String portalId, BackfillCursor cursor, int limit) {
        return h.createQuery(AFTER)
                .bind("login", login)
                .bind("portal", portalId)
                .bind("ts", cursor.timestampMs())
                .bind("guidNorm", cursor.guidNorm() == null ? "" : cursor.guidNorm())
                .bind("limit", limit)
                .map(MessageTable::map)
                .list();
    }

    static void validate(List<MessageRow> messages) {
        for (MessageRow m : messages) {
            if (m == null || m.guid() == null || m.guid().isBlank()) {
                throw new IllegalArgumentException("message row without a GUID: " + m);
            }
        }
    }

    private static MessageRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new MessageRow(
                rs.getString("guid"),
                rs.getString("record_name"),
                rs.getString("chat_id"),
                rs.getString("portal_id"),
                rs.getLong("timestamp_ms"),
                rs.getString("sender"),
                rs.getBoolean("is_from_me"),
                rs.getString("text"),
                rs.getString("subject"),
                rs.getString("service"),
                JsonColumns.attachments(rs.getString("attachments_json")),
                rs.getBoolean("has_body"),
                rs.getBoolean("deleted"));
    }
}
