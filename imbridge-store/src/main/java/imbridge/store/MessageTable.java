package imbridge.store;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.Guids;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PortalCandidate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * SQL of {@code cloud_message}: cached messages keyed by normalised (upper-case) GUID.
 * <p>
 * Over 400 lines because it holds all the SQL of one table (stores hold SQL, one class per table), including the
 * bulk load's statements, which share the upsert's rules.
 */
final class MessageTable {

    private static final String COLUMNS = """
            guid, record_name, chat_id, portal_id, timestamp_ms, sender, is_from_me, text, subject, service,
            attachments_json, has_body, deleted, attachment_guids_json, tapback_type, tapback_target_guid,
            tapback_emoji, reply_guid, unsent, edited_at_ms, date_read_ms, msg_type, target_part, layout_json""";

    /**
     * Content is overwritten on re-delivery; a soft delete and an unsend are sticky ({@code old OR new}: Messages
     * cannot take either back, and a copy CloudKit synced before a live unsend must not bring the text back) and
     * the read time only moves forward (an unsent message plans no part). Which attachment list wins is decided before the upsert ({@link #keepFullerAttachments}).
     */
    private static final String UPSERT = "INSERT INTO cloud_message (" + MessageRowColumns.NAMES
            + ", created_ts, updated_ts) VALUES (" + MessageRowColumns.placeholders(MessageRowColumns.COUNT + 2) + ")\n"
            + onConflictUpdate("excluded.attachments_json", "excluded.attachments_pending", "excluded.planned_parts");

    /**
     * The re-delivery rules of {@link #UPSERT}, shared with the bulk load's merge
     * ({@link MessageStagingTable#MERGE}), which decides the attachment list in SQL instead of in Java.
     */
    static String onConflictUpdate(String attachmentsJson, String attachmentsPending, String plannedParts) {
        return """
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
                    attachments_json = %s,
                    attachment_guids_json = excluded.attachment_guids_json,
                    has_body = excluded.has_body,
                    tapback_type = excluded.tapback_type,
                    tapback_target_guid = excluded.tapback_target_guid,
                    tapback_emoji = excluded.tapback_emoji,
                    reply_guid = excluded.reply_guid,
                    unsent = cloud_message.unsent OR excluded.unsent,
                    edited_at_ms = excluded.edited_at_ms,
                    date_read_ms = CASE WHEN excluded.date_read_ms > cloud_message.date_read_ms
                                        THEN excluded.date_read_ms ELSE cloud_message.date_read_ms END,
                    msg_type = excluded.msg_type,
                    target_part = excluded.target_part,
                    layout_json = excluded.layout_json,
                    attachments_pending = %s,
                    planned_parts = CASE WHEN cloud_message.unsent THEN 0 ELSE %s END,
                    deleted = cloud_message.deleted OR excluded.deleted,
                    updated_ts = excluded.updated_ts""".formatted(attachmentsJson, attachmentsPending, plannedParts);
    }

    static final String STORED_ATTACHMENTS = """
            SELECT guid_norm, attachments_json FROM cloud_message
            WHERE login_id = :login AND guid_norm IN (<guids>) AND attachments_json <> ''""";

    /**
     * A message tombstone carries only the record name, which is usually the GUID in another case, so it is matched
     * on both. Two statements instead of one {@code OR}: without statistics SQLite planned the OR as a range over
     * every message of the login, per tombstone.
     */
    static final String TOMBSTONE_BY_GUID = """
            UPDATE cloud_message SET deleted = TRUE, updated_ts = :now
            WHERE login_id = :login AND guid_norm = :guidNorm AND deleted = FALSE""";

    static final String TOMBSTONE_BY_RECORD_NAME = """
            UPDATE cloud_message SET deleted = TRUE, updated_ts = :now
            WHERE login_id = :login AND record_name = :recordName AND deleted = FALSE""";

    static final String SOFT_DELETE_PORTALS = """
            UPDATE cloud_message SET deleted = TRUE, updated_ts = :now
            WHERE login_id = :login AND deleted = FALSE AND portal_id IN (<portals>)""";

    /**
     * Portals with live messages, unless every chat row they have is filtered (junk) or soft-deleted. A portal
     * without any chat row (a DM Apple never sent a chat record for) stays a candidate (behaviour.md T10).
     * Account-wide by nature (once per pass): at 1M messages SQLite reads the 1M entries of
     * {@code cloud_message_portal_state_idx} in portal order (no table row, no sort; only the few thousand groups
     * are sorted); PostgreSQL may hash-aggregate one sequential pass instead. Never a sort of the messages.
     */
    static final String CANDIDATES = """
            SELECT g.portal_id, g.newest, g.messages FROM (
                SELECT portal_id, MAX(timestamp_ms) AS newest, COUNT(*) AS messages FROM cloud_message
                WHERE login_id = :login AND deleted = FALSE AND portal_id IS NOT NULL AND portal_id <> ''
                GROUP BY portal_id) g
            WHERE NOT EXISTS (SELECT 1 FROM cloud_chat c WHERE c.login_id = :login AND c.portal_id = g.portal_id)
               OR EXISTS (SELECT 1 FROM cloud_chat c WHERE c.login_id = :login AND c.portal_id = g.portal_id
                                                      AND c.deleted = FALSE AND c.is_filtered = FALSE)
            ORDER BY g.newest DESC, g.portal_id""";

    /** One portal's live messages, counted on {@code cloud_message_portal_state_idx} alone: the portal's rows only. */
    static final String COUNT_IN_PORTAL = """
            SELECT COUNT(*) FROM cloud_message
            WHERE login_id = :login AND portal_id = :portal AND deleted = FALSE""";

    /**
     * Soft-deleted messages of portals that have no chat row at all, live or soft-deleted (behaviour.md W3, F11). Once
     * per
     * housekeeping run; reads only {@code cloud_message_soft_deleted_idx} (the soft-deleted few per cent), with a
     * chat-index probe per entry.
     */
    private static final String ORPHANS = """
            login_id = :login AND deleted = TRUE
            AND NOT EXISTS (SELECT 1 FROM cloud_chat c
                            WHERE c.login_id = cloud_message.login_id AND c.portal_id = cloud_message.portal_id)""";

    static final String PURGE_ORPHAN_REFERENCES = """
            DELETE FROM cloud_message_attachment
            WHERE login_id = :login AND guid_norm IN (SELECT guid_norm FROM cloud_message WHERE\s""" + ORPHANS + ")";

    static final String PURGE_ORPHANS = "DELETE FROM cloud_message WHERE " + ORPHANS;

    /**
     * Keyset page in (timestamp_ms, guid_norm) order. The redundant {@code timestamp_ms >= :ts} gives both
     * planners a range start on the (login_id, portal_id, deleted, timestamp_ms, guid_norm) index.
     */
    static final String AFTER = "SELECT " + COLUMNS + """
             FROM cloud_message
            WHERE login_id = :login AND portal_id = :portal AND deleted = FALSE
              AND timestamp_ms >= :ts AND (timestamp_ms > :ts OR guid_norm > :guidNorm)
            ORDER BY timestamp_ms, guid_norm
            LIMIT :limit""";

    /** A portal's tapback rows up to a cursor (inclusive), oldest first: off the portal order index, rows unmapped. */
    static final String TAPBACKS_UP_TO = "SELECT " + COLUMNS + """
             FROM cloud_message
            WHERE login_id = :login AND portal_id = :portal AND deleted = FALSE AND tapback_type IS NOT NULL
              AND timestamp_ms <= :ts AND (timestamp_ms < :ts OR guid_norm <= :guidNorm)
            ORDER BY timestamp_ms, guid_norm""";

    /**
     * Tapbacks whose target ends with the GUID (Apple prefixes it with the part, {@code p:0/GUID}); the caller keeps
     * the exact matches. Bounded by the portal on the (login_id, portal_id, deleted, ...) index.
     */
    static final String TAPBACKS_TARGETING = "SELECT " + COLUMNS + """
             FROM cloud_message
            WHERE login_id = :login AND portal_id = :portal AND deleted = FALSE AND tapback_type IS NOT NULL
              AND UPPER(tapback_target_guid) LIKE :targetSuffix
            ORDER BY timestamp_ms, guid_norm""";

    /** {@link #AFTER} mirrored: newest first, read backwards off the same index (backward backfill pages). */
    static final String BEFORE = "SELECT " + COLUMNS + """
             FROM cloud_message
            WHERE login_id = :login AND portal_id = :portal AND deleted = FALSE
              AND timestamp_ms <= :ts AND (timestamp_ms < :ts OR guid_norm < :guidNorm)
            ORDER BY timestamp_ms DESC, guid_norm DESC
            LIMIT :limit""";

    /** Soft-deleted rows included: the live path asks whether a known GUID belongs to a deleted portal. */
    static final String BY_GUID =
            "SELECT " + COLUMNS + " FROM cloud_message WHERE login_id = :login AND guid_norm = :guidNorm";

    /**
     * The portal's first row in {@code deleted} order: none (no rows), a live one, or a soft-deleted one (only
     * deleted rows). One index entry; an EXISTS pair let PostgreSQL pick a sequential scan for a large portal.
     */
    static final String ONLY_DELETED = """
            SELECT deleted FROM cloud_message
            WHERE login_id = :login AND portal_id = :portal
            ORDER BY deleted
            LIMIT 1""";

    /** Per pass: {@code cloud_message_pending_idx} holds exactly these rows in this order; it reads {@code limit}. */
    static final String AWAITING_ATTACHMENTS = "SELECT " + COLUMNS + """
             FROM cloud_message
            WHERE login_id = :login AND attachments_pending = TRUE AND deleted = FALSE
            ORDER BY timestamp_ms, guid_norm
            LIMIT :limit""";

    private MessageTable() {}

    /** Live messages that still name attachments the attachment zone has not delivered. */
    static List<MessageRow> awaitingAttachments(Handle h, String login, int limit) {
        return h.createQuery(AWAITING_ATTACHMENTS)
                .bind("login", login)
                .bind("limit", limit)
                .map(MessageTable::map)
                .list();
    }

    static java.util.Optional<MessageRow> byGuid(Handle h, String login, String guid) {
        return h.createQuery(BY_GUID)
                .bind("login", login)
                .bind("guidNorm", Guids.normalize(guid))
                .map(MessageTable::map)
                .findOne();
    }

    /** Whether the login has any cached message (one primary-key entry). */
    static boolean any(Handle h, String login) {
        return h.createQuery("SELECT 1 FROM cloud_message WHERE login_id = :login LIMIT 1")
                .bind("login", login)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    static boolean portalHasOnlyDeleted(Handle h, String login, String portalId) {
        return h.createQuery(ONLY_DELETED)
                .bind("login", login)
                .bind("portal", portalId)
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false);
    }

    static void upsert(Handle h, String login, List<MessageRow> messages, long now) {
        if (messages.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = h.getConnection().prepareStatement(UPSERT)) {
            for (MessageRow m : messages) {
                int next = MessageRowColumns.bind(upsert, login, m);
                upsert.setLong(next, now);
                upsert.setLong(next + 1, now);
                upsert.addBatch();
            }
            upsert.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /**
     * A record whose attachments were not all known when it was ingested must not replace a stored list that
     * has more entries (an earlier pass resolved them); such rows get the stored list, everything else stays.
     */
    static List<MessageRow> keepFullerAttachments(Handle h, String login, List<MessageRow> messages) {
        Set<String> incomplete = new LinkedHashSet<>();
        for (MessageRow m : messages) {
            if (m.attachmentsIncomplete()) {
                incomplete.add(m.guidNorm());
            }
        }
        if (incomplete.isEmpty()) {
            return messages;
        }
        Map<String, List<CloudAttachment>> stored = new HashMap<>();
        for (List<String> chunk : Chunks.of(incomplete)) {
            h.createQuery(STORED_ATTACHMENTS)
                    .bind("login", login)
                    .bindList("guids", chunk)
                    .map((rs, ctx) -> Map.entry(
                            rs.getString("guid_norm"), JsonColumns.attachments(rs.getString("attachments_json"))))
                    .forEach(e -> stored.put(e.getKey(), e.getValue()));
        }
        List<MessageRow> effective = new ArrayList<>(messages.size());
        for (MessageRow m : messages) {
            List<CloudAttachment> kept = m.attachmentsIncomplete() ? stored.get(m.guidNorm()) : null;
            effective.add(kept != null && kept.size() > m.attachments().size() ? m.withAttachments(kept) : m);
        }
        return effective;
    }

    /** Hard-deletes soft-deleted messages whose portal has no chat row, with their attachment references. */
    static int purgeOrphans(Handle h, String login) {
        h.createUpdate(PURGE_ORPHAN_REFERENCES).bind("login", login).execute();
        return h.createUpdate(PURGE_ORPHANS).bind("login", login).execute();
    }

    /** Soft-deletes live messages whose GUID (any case) or record name is a tombstone's record name. */
    static void tombstone(Handle h, String login, Collection<String> recordNames, long now) {
        if (recordNames.isEmpty()) {
            return;
        }
        PreparedBatch byGuid = h.prepareBatch(TOMBSTONE_BY_GUID);
        PreparedBatch byRecordName = h.prepareBatch(TOMBSTONE_BY_RECORD_NAME);
        for (String name : recordNames) {
            byGuid.bind("login", login)
                    .bind("guidNorm", Guids.normalize(name))
                    .bind("now", now)
                    .add();
            byRecordName
                    .bind("login", login)
                    .bind("recordName", name)
                    .bind("now", now)
                    .add();
        }
        byGuid.execute();
        byRecordName.execute();
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
                .map((rs, ctx) ->
                        new PortalCandidate(rs.getString("portal_id"), rs.getLong("newest"), rs.getLong("messages")))
                .list();
    }

    static long countInPortal(Handle h, String login, String portalId) {
        return h.createQuery(COUNT_IN_PORTAL)
                .bind("login", login)
                .bind("portal", portalId)
                .mapTo(Long.class)
                .one();
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

    static List<MessageRow> tapbacksUpTo(Handle h, String login, String portalId, BackfillCursor upTo) {
        return h.createQuery(TAPBACKS_UP_TO)
                .bind("login", login)
                .bind("portal", portalId)
                .bind("ts", upTo.timestampMs())
                .bind("guidNorm", upTo.guidNorm() == null ? "" : upTo.guidNorm())
                .map(MessageTable::map)
                .list();
    }

    static List<MessageRow> tapbacksTargeting(Handle h, String login, String portalId, String targetGuid) {
        String target = Guids.normalize(targetGuid.trim());
        return h.createQuery(TAPBACKS_TARGETING)
                .bind("login", login)
                .bind("portal", portalId)
                .bind("targetSuffix", "%" + target)
                .map(MessageTable::map)
                .filter(row ->
                        Guids.normalize(row.extras().tapbackTarget().trim()).equals(target))
                .list();
    }

    static List<MessageRow> before(Handle h, String login, String portalId, BackfillCursor before, int limit) {
        return h.createQuery(BEFORE)
                .bind("login", login)
                .bind("portal", portalId)
                .bind("ts", before.timestampMs())
                .bind("guidNorm", before.guidNorm() == null ? "" : before.guidNorm())
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
        String attachmentGuids = rs.getString("attachment_guids_json");
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
                rs.getBoolean("deleted"),
                // Rows written before the GUID list was stored: MessageRow derives it from the attachments.
                attachmentGuids == null || attachmentGuids.isEmpty() ? null : JsonColumns.strings(attachmentGuids),
                extras(rs));
    }

    private static MessageExtras extras(ResultSet rs) throws SQLException {
        int tapbackType = rs.getInt("tapback_type");
        return new MessageExtras(
                rs.wasNull() ? null : tapbackType,
                rs.getString("tapback_target_guid"),
                rs.getString("tapback_emoji"),
                rs.getString("reply_guid"),
                rs.getBoolean("unsent"),
                rs.getLong("edited_at_ms"),
                rs.getLong("date_read_ms"),
                rs.getInt("msg_type"),
                rs.getString("target_part"),
                JsonColumns.layout(rs.getString("layout_json")));
    }
}
