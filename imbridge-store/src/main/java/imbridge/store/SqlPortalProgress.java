package imbridge.store;

import imbridge.core.model.BackfillStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the dashboard, the {@code status} command and the metrics read about every portal at once, each in one
 * statement over one row per portal: the counts come from {@code portal_progress}, which the store's triggers keep
 * with every message and message-map write, so no poll counts messages.
 */
public final class SqlPortalProgress {

    /**
     * One portal as the dashboard shows it.
     *
     * @param backfill      its forward backfill's status, null before the first
     * @param messagesDone  messages its forward backfill has passed
     * @param partsSent     parts its forward backfill sent
     * @param olderPartsSent parts its backward backfill inserted above the room's first message
     * @param messagesKnown its cached messages that are not deleted
     * @param partsKnown    the parts the bridge plans for those messages (text, one per attachment)
     * @param partsBridged  the message and attachment parts in its room (any path: history, live, repairs)
     */
    public record PortalProgress(
            String portalId,
            String roomId,
            boolean deleted,
            BackfillStatus backfill,
            long messagesDone,
            long partsSent,
            long olderPartsSent,
            String lastError,
            long messagesKnown,
            long partsKnown,
            long partsBridged) {}

    static final String PORTALS = """
            SELECT p.portal_id, p.room_id, p.deleted_ts, b.status, b.messages_done, b.parts_sent, b.last_error,
                   t.parts_sent AS older_parts_sent,
                   k.messages_known, k.parts_known, k.parts_bridged
            FROM portal p
            LEFT JOIN backfill_state b ON b.login_id = p.login_id AND b.portal_id = p.portal_id
            LEFT JOIN backward_task t ON t.login_id = p.login_id AND t.portal_id = p.portal_id
            LEFT JOIN portal_progress k ON k.login_id = p.login_id AND k.portal_id = p.portal_id
            WHERE p.login_id = :login
            ORDER BY p.portal_id""";

    /** The portals by status for the metrics' gauge; a deleted portal counts as deleted whatever its backfill did. */
    static final String BY_STATUS = """
            SELECT CASE WHEN p.deleted_ts IS NOT NULL THEN 'deleted' ELSE COALESCE(b.status, 'PENDING') END AS status,
                   COUNT(*) AS portals
            FROM portal p
            LEFT JOIN backfill_state b ON b.login_id = p.login_id AND b.portal_id = p.portal_id
            WHERE p.login_id = :login
            GROUP BY CASE WHEN p.deleted_ts IS NOT NULL THEN 'deleted' ELSE COALESCE(b.status, 'PENDING') END""";

    /**
     * The cached messages of bridgeable portals: what {@code CloudStore.portalCandidates()} counts (portals with a
     * live, unfiltered chat row or none at all), summed from one row per portal instead of one per message.
     */
    static final String CACHED_MESSAGES = """
            SELECT COALESCE(SUM(k.messages_known), 0) FROM portal_progress k
            WHERE k.login_id = :login AND k.messages_known > 0
              AND (NOT EXISTS (SELECT 1 FROM cloud_chat c WHERE c.login_id = :login AND c.portal_id = k.portal_id)
                   OR EXISTS (SELECT 1 FROM cloud_chat c WHERE c.login_id = :login AND c.portal_id = k.portal_id
                                                          AND c.deleted = FALSE AND c.is_filtered = FALSE))""";

    private final SqlAccess sql;
    private final String login;

    SqlPortalProgress(SqlAccess sql, String login) {
        this.sql = sql;
        this.login = login;
    }

    /** Every portal of the login (deleted ones included), by portal ID. */
    public List<PortalProgress> portals() {
        return sql.reader()
                .withHandle(h -> h.createQuery(PORTALS)
                        .bind("login", login)
                        .map((rs, ctx) -> {
                            String status = rs.getString("status");
                            return new PortalProgress(
                                    rs.getString("portal_id"),
                                    rs.getString("room_id"),
                                    rs.getObject("deleted_ts") != null,
                                    status == null ? null : BackfillStatus.valueOf(status),
                                    rs.getLong("messages_done"),
                                    rs.getLong("parts_sent"),
                                    rs.getLong("older_parts_sent"),
                                    rs.getString("last_error"),
                                    rs.getLong("messages_known"),
                                    rs.getLong("parts_known"),
                                    rs.getLong("parts_bridged"));
                        })
                        .list());
    }

    /** Portal count per backfill status in lower case ({@code pending}, {@code done}, …) plus {@code deleted}. */
    public Map<String, Long> portalsByStatus() {
        Map<String, Long> out = new LinkedHashMap<>();
        sql.reader()
                .useHandle(h -> h.createQuery(BY_STATUS)
                        .bind("login", login)
                        .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("portals")))
                        .forEach(e -> out.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), Long::sum)));
        return out;
    }

    /** The cached messages that belong to bridgeable portals (the {@code status} command's figure). */
    public long cachedMessages() {
        return sql.reader()
                .withHandle(h -> h.createQuery(CACHED_MESSAGES)
                        .bind("login", login)
                        .mapTo(Long.class)
                        .one());
    }
}
