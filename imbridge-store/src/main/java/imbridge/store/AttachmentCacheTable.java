package imbridge.store;

import org.jdbi.v3.core.Handle;

/** SQL of {@code cloud_attachment_cache}: Matrix upload results by attachment record name (behaviour.md §2.4). */
final class AttachmentCacheTable {

    /**
     * Unreferenced = no live (not soft-deleted) message lists the record in its attachments (behaviour.md W4, §6.7).
     * Per cache row: the references of that record ({@code cloud_message_attachment_record_idx}), then each
     * referencing message by primary key. Nested EXISTS rather than a join, so that SQLite without statistics
     * cannot start from the message side (it did: every message of the login per cache row). At 1M messages and
     * 140k cached uploads: 140k index probes plus one per reference, no scan of messages or references.
     */
    static final String PRUNE_UNREFERENCED = """
            DELETE FROM cloud_attachment_cache
            WHERE login_id = :login
              AND NOT EXISTS (
                  SELECT 1 FROM cloud_message_attachment r
                  WHERE r.login_id = cloud_attachment_cache.login_id
                    AND r.record_name = cloud_attachment_cache.record_name
                    AND EXISTS (SELECT 1 FROM cloud_message m
                                WHERE m.login_id = r.login_id AND m.guid_norm = r.guid_norm AND m.deleted = FALSE))""";

    private AttachmentCacheTable() {}

    static int pruneUnreferenced(Handle h, String login) {
        return h.createUpdate(PRUNE_UNREFERENCED).bind("login", login).execute();
    }
}
