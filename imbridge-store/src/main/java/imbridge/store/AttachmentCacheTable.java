package imbridge.store;

import org.jdbi.v3.core.Handle;

/** SQL of {@code cloud_attachment_cache}: Matrix upload results by attachment record name (spec §2.4). */
final class AttachmentCacheTable {

    /** Unreferenced = no live (not soft-deleted) message lists the record in its attachments (W4, spec §6.7). */
    static final String PRUNE_UNREFERENCED = """
            DELETE FROM cloud_attachment_cache
            WHERE login_id = :login
              AND NOT EXISTS (
                  SELECT 1 FROM cloud_message_attachment r
                  JOIN cloud_message m ON m.login_id = r.login_id AND m.guid_norm = r.guid_norm
                  WHERE r.login_id = cloud_attachment_cache.login_id
                    AND r.record_name = cloud_attachment_cache.record_name
                    AND m.deleted = FALSE)""";

    private AttachmentCacheTable() {
    }

    static int pruneUnreferenced(Handle h, String login) {
        return h.createUpdate(PRUNE_UNREFERENCED).bind("login", login).execute();
    }
}
