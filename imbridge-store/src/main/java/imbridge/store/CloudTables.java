package imbridge.store;

import java.util.List;
import org.jdbi.v3.core.Handle;

/** The tables that hold a login's CloudKit cache, as opposed to its bridge state (portals, message map). */
final class CloudTables {

    /** Everything a fresh bootstrap rebuilds from CloudKit (behaviour.md §2.7, W4), including attachment failures. */
    static final List<String> ALL = List.of(
            "cloud_sync_state",
            "cloud_chat",
            "cloud_message_attachment",
            "cloud_message",
            "cloud_attachment",
            "cloud_attachment_cache",
            "cloud_attachment_failure",
            "cloud_record_reject");

    private CloudTables() {}

    static void clearLogin(Handle h, String login) {
        for (String table : ALL) {
            h.createUpdate("DELETE FROM " + table + " WHERE login_id = :login")
                    .bind("login", login)
                    .execute();
        }
    }
}
