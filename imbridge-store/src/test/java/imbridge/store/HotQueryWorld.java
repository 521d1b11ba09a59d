package imbridge.store;

import java.util.function.IntFunction;
import org.jdbi.v3.core.Handle;

/**
 * One login's account at a realistic shape, written with set-based INSERTs that both dialects accept:
 * <ul>
 * <li>{@value #MESSAGES} messages in {@value #PORTALS} portals: 30 % of them in three very large portals
 *     ({@value #LARGE_PORTALS}), the rest spread over the others (~42 each);</li>
 * <li>portals from {@value #DELETED_FROM} on are deleted (every message soft-deleted; half keep a soft-deleted chat
 *     row, half have none: orphans), plus ~1 % scattered soft-deleted messages;</li>
 * <li>a live chat row for portals below {@value #CHATS_UNTIL} (some junk-filtered), none for the DMs between that
 *     and {@value #DELETED_FROM} (a DM Apple never sent a chat record for);</li>
 * <li>one message in 8 has an attachment; {@value #ATTACHMENTS} attachment records, a cache row per uploaded one;
 *     0.1 % of messages still wait for an attachment record;</li>
 * <li>a message-map row per bridged live message, 100k live-inbox rows (almost all DONE), portal, backfill and
 *     backward-task rows per bridged portal.</li>
 * </ul>
 */
final class HotQueryWorld {
    static final String LOGIN = "@owner:example.org";
    static final int MESSAGES = 120_000;
    static final int ATTACHMENTS = 120_000;
    static final int PORTALS = 2_000;
    static final int LARGE_PORTALS = 3;
    static final int CHATS_UNTIL = 1_800;
    static final int DELETED_FROM = 1_900;
    static final int INBOX = 100_000;
    /** A large portal and a small one (both live, with a chat row) for the per-portal queries. */
    static final int LARGE_PORTAL = 0;

    static final int SMALL_PORTAL = 17;
    static final long FIRST_TS = 1_600_000_000_000L;

    /** Portal number of message {@code i}, as the SQL below computes it. */
    static final String PORTAL_OF_I = "CASE WHEN i % 10 < 3 THEN i % 3 ELSE 3 + i % 1997 END";

    private static final String DELETED_OF_P = "(p >= " + DELETED_FROM + " OR i % 97 = 0)";

    private final IntFunction<String> series;

    /** @param series a FROM item yielding one row per {@code i} in 1..n */
    HotQueryWorld(IntFunction<String> series) {
        this.series = series;
    }

    static String portalId(int p) {
        return "tel:+1555" + (1_000_000 + p);
    }

    static String guidNorm(int i) {
        return "G-" + i;
    }

    /** The live messages of portal {@code p}, from the same rules the SQL applies. */
    static long liveMessagesOf(int p) {
        long count = 0;
        for (int i = 1; i <= MESSAGES; i++) {
            int portal = i % 10 < 3 ? i % 3 : 3 + i % 1997;
            if (portal == p && !(portal >= DELETED_FROM || i % 97 == 0)) {
                count++;
            }
        }
        return count;
    }

    void fill(Handle h) {
        String login = "'" + LOGIN + "'";
        h.execute("""
                INSERT INTO cloud_message (login_id, guid, guid_norm, record_name, chat_id, portal_id, timestamp_ms,
                                           deleted, attachments_json, attachments_pending, created_ts, updated_ts)
                SELECT %s, 'g-' || i, 'G-' || i, 'g-' || i, 'chat' || p, 'tel:+1555' || (1000000 + p), %d + i * 1000,
                       %s, CASE WHEN i %% 8 = 0 THEN '[{"record_name":"a-' || i || '"}]' ELSE '' END,
                       i %% 1000 = 1, 0, 0
                FROM (SELECT i, %s AS p FROM %s) x""".formatted(login, FIRST_TS, DELETED_OF_P, PORTAL_OF_I, series.apply(MESSAGES)));
        h.execute("""
                INSERT INTO cloud_message_attachment (login_id, guid_norm, record_name)
                SELECT %s, 'G-' || i, 'a-' || i FROM %s WHERE i %% 8 = 0""".formatted(login, series.apply(MESSAGES)));
        h.execute("""
                INSERT INTO cloud_attachment (login_id, record_name, guid, guid_norm, size, deleted, created_ts,
                                              updated_ts)
                SELECT %s, 'a-' || i, 'att-' || i, 'ATT-' || i, 10, i %% 211 = 0, 0, 0 FROM %s""".formatted(login, series.apply(ATTACHMENTS)));
        h.execute("""
                INSERT INTO cloud_attachment_cache (login_id, record_name, content_json, created_ts)
                SELECT %s, 'a-' || i, '{}', 0 FROM %s WHERE i %% 8 = 0 AND i <= 100000""".formatted(login, series.apply(ATTACHMENTS)));
        fillChatsAndPortals(h, login);
        h.execute("""
                INSERT INTO message_map (login_id, portal_id, guid_norm, part, guid, room_id, event_id, timestamp_ms)
                SELECT %s, 'tel:+1555' || (1000000 + p), 'G-' || i, 'text', 'g-' || i, '!room' || p, '$ev' || i,
                       %d + i * 1000
                FROM (SELECT i, %s AS p FROM %s) x
                WHERE NOT %s AND p < %d""".formatted(login, FIRST_TS, PORTAL_OF_I, series.apply(MESSAGES), DELETED_OF_P, DELETED_FROM));
        h.execute("""
                INSERT INTO live_inbox (login_id, event_key, seq, kind, portal_id, guid_norm, timestamp_ms, stored,
                                        payload_json, status, reason, received_ts, updated_ts)
                SELECT %s, 'k' || i, i, 'MESSAGE', CASE WHEN i > %d THEN 'tel:+1555' || (1000000 + i %% 50) END,
                       'L-' || i, i, i %% 2 = 0, '{}',
                       CASE WHEN i <= %d THEN 'DONE' WHEN i <= %d THEN 'DROPPED' WHEN i <= %d THEN 'HELD'
                            ELSE 'PENDING' END,
                       CASE WHEN i > %d AND i <= %d THEN 'STORED_ALREADY_BRIDGED' END, i, i
                FROM %s""".formatted(
                        login,
                        INBOX - 150,
                        INBOX - 150,
                        INBOX - 100,
                        INBOX - 50,
                        INBOX - 150,
                        INBOX - 100,
                        series.apply(INBOX)));
    }

    /** Portal {@code p} is {@code i - 1}. */
    private void fillChatsAndPortals(Handle h, String login) {
        String portals = series.apply(PORTALS);
        h.execute("""
                INSERT INTO cloud_chat (login_id, cloud_chat_id, record_name, group_id, portal_id, service,
                                        is_filtered, deleted, created_ts, updated_ts)
                SELECT %s, 'iMessage;-;tel:+1555' || (1000000 + p), 'crec' || p,
                       CASE WHEN p %% 5 = 0 THEN 'grp' || p ELSE '' END, 'tel:+1555' || (1000000 + p), 'iMessage',
                       p %% 50 = 7, p >= %d, 0, 0
                FROM (SELECT i - 1 AS p FROM %s) x
                WHERE p < %d OR (p >= %d AND p < %d)""".formatted(login, DELETED_FROM, portals, CHATS_UNTIL, DELETED_FROM, DELETED_FROM + 50));
        h.execute("""
                INSERT INTO portal (login_id, portal_id, kind, members_json, room_id, created_ts, updated_ts)
                SELECT %s, 'tel:+1555' || (1000000 + p), 'DM', '[]',
                       CASE WHEN p < %d THEN '!room' || p END, 0, 0
                FROM (SELECT i - 1 AS p FROM %s) x""".formatted(login, DELETED_FROM, portals));
        h.execute("""
                INSERT INTO backfill_state (login_id, portal_id, status, cursor_ts, cursor_guid, updated_ts)
                SELECT %s, 'tel:+1555' || (1000000 + p), 'DONE', 0, '', 0
                FROM (SELECT i - 1 AS p FROM %s) x WHERE p < %d""".formatted(login, portals, DELETED_FROM));
        h.execute("""
                INSERT INTO backward_task (login_id, portal_id, before_ts, before_guid, done, updated_ts)
                SELECT %s, 'tel:+1555' || (1000000 + p), 0, '', p %% 10 <> 0, p
                FROM (SELECT i - 1 AS p FROM %s) x WHERE p < %d""".formatted(login, portals, DELETED_FROM));
    }
}
