package imbridge.store;

import java.util.List;
import java.util.Objects;

/**
 * Restore-chat (behaviour.md §8.7) for one login: which chats deleted on the Matrix side can come back, and
 * bringing one back. A Matrix-side delete only soft-deletes (chat rows and messages stay, flagged); a
 * CloudKit tombstone hard-deletes the chat row it names, which is how the two are told apart.
 */
public final class SqlChatRestore {

    /** A portal with soft-deleted messages: how many, and how many of its chat rows are soft-deleted. */
    public record SoftDeletedPortal(String portalId, long messages, long softDeletedChatRows) {}

    private static final String SOFT_DELETED = """
            SELECT m.portal_id, COUNT(*) AS messages,
                   (SELECT COUNT(*) FROM cloud_chat c
                    WHERE c.login_id = m.login_id AND c.portal_id = m.portal_id AND c.deleted = TRUE) AS chats
            FROM cloud_message m
            WHERE m.login_id = :login AND m.deleted = TRUE
            GROUP BY m.login_id, m.portal_id
            ORDER BY m.portal_id""";

    private static final String UNDELETE_CHATS = """
            UPDATE cloud_chat SET deleted = FALSE
            WHERE login_id = :login AND portal_id = :portal AND deleted = TRUE""";

    private static final String UNDELETE_MESSAGES = """
            UPDATE cloud_message SET deleted = FALSE, updated_ts = :now
            WHERE login_id = :login AND portal_id = :portal AND deleted = TRUE""";

    /** The deleted room's events: a restored chat is sent again, whole, into a new room. */
    private static final String FORGET_SENT_PARTS = """
            DELETE FROM message_map WHERE login_id = :login AND portal_id = :portal""";

    private final SqlAccess sql;
    private final String login;

    SqlChatRestore(SqlAccess sql, String login) {
        this.sql = sql;
        this.login = login;
    }

    public List<SoftDeletedPortal> softDeletedPortals() {
        return sql.reader()
                .withHandle(h -> h.createQuery(SOFT_DELETED)
                        .bind("login", login)
                        .map((rs, ctx) -> new SoftDeletedPortal(
                                rs.getString("portal_id"), rs.getLong("messages"), rs.getLong("chats")))
                        .list());
    }

    /**
     * In one transaction: un-soft-deletes the portal's chat rows and messages, forgets the parts sent to its
     * deleted room and its backfill state, and clears its deletion mark, so the next forward backfill creates
     * a new room with the whole history.
     *
     * @return the messages restored
     */
    public int restore(String portalId) {
        Objects.requireNonNull(portalId, "portalId");
        long now = sql.now();
        return sql.writer().inTransaction(h -> {
            h.createUpdate(UNDELETE_CHATS)
                    .bind("login", login)
                    .bind("portal", portalId)
                    .execute();
            int messages = h.createUpdate(UNDELETE_MESSAGES)
                    .bind("login", login)
                    .bind("portal", portalId)
                    .bind("now", now)
                    .execute();
            h.createUpdate(FORGET_SENT_PARTS)
                    .bind("login", login)
                    .bind("portal", portalId)
                    .execute();
            PortalTable.forgetRoom(h, login, portalId, now);
            BackfillStateTable.delete(h, login, portalId);
            PortalTable.clearDeleted(h, login, portalId, now);
            return messages;
        });
    }
}
