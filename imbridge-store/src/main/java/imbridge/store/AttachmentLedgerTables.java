package imbridge.store;

import imbridge.core.attachment.AttachmentContent;
import imbridge.core.attachment.AttachmentFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * SQL of {@code cloud_attachment_cache} (behaviour.md §2.4) and {@code cloud_attachment_failure} (behaviour.md §2.6).
 */
final class AttachmentLedgerTables {

    static final String SAVE_CONTENT = """
            INSERT INTO cloud_attachment_cache (login_id, record_name, content_json, created_ts)
            VALUES (:login, :name, :json, :now)
            ON CONFLICT (login_id, record_name) DO UPDATE SET content_json = excluded.content_json""";

    static final String RECORD_FAILURE = """
            INSERT INTO cloud_attachment_failure (login_id, record_name, retries, last_error, updated_ts)
            VALUES (:login, :name, 1, :error, :now)
            ON CONFLICT (login_id, record_name) DO UPDATE SET
                retries = cloud_attachment_failure.retries + 1,
                last_error = excluded.last_error,
                updated_ts = excluded.updated_ts
            RETURNING retries""";

    private AttachmentLedgerTables() {}

    static Map<String, AttachmentContent> contents(Handle h, String login) {
        Map<String, AttachmentContent> out = new LinkedHashMap<>();
        h.createQuery("SELECT record_name, content_json FROM cloud_attachment_cache WHERE login_id = :login")
                .bind("login", login)
                .map((rs, ctx) -> Map.entry(rs.getString("record_name"), rs.getString("content_json")))
                .forEach(e -> out.put(e.getKey(), AttachmentContentJson.read(e.getValue())));
        return out;
    }

    /** One upload, by the cache's primary key. */
    static final String CONTENT = """
            SELECT content_json FROM cloud_attachment_cache WHERE login_id = :login AND record_name = :name""";

    static java.util.Optional<AttachmentContent> content(Handle h, String login, String recordName) {
        return h.createQuery(CONTENT)
                .bind("login", login)
                .bind("name", recordName)
                .mapTo(String.class)
                .findOne()
                .map(AttachmentContentJson::read);
    }

    static void saveContent(Handle h, String login, String recordName, AttachmentContent content, long now) {
        h.createUpdate(SAVE_CONTENT)
                .bind("login", login)
                .bind("name", recordName)
                .bind("json", AttachmentContentJson.write(content))
                .bind("now", now)
                .execute();
    }

    static Map<String, AttachmentFailure> failures(Handle h, String login) {
        Map<String, AttachmentFailure> out = new LinkedHashMap<>();
        h.createQuery("""
                        SELECT record_name, retries, last_error, updated_ts FROM cloud_attachment_failure
                        WHERE login_id = :login""")
                .bind("login", login)
                .map((rs, ctx) -> new AttachmentFailure(
                        rs.getString("record_name"),
                        rs.getInt("retries"),
                        rs.getString("last_error"),
                        rs.getLong("updated_ts")))
                .forEach(f -> out.put(f.recordName(), f));
        return out;
    }

    static int recordFailure(Handle h, String login, String recordName, String error, long now) {
        return h.createQuery(RECORD_FAILURE)
                .bind("login", login)
                .bind("name", recordName)
                .bind("error", error)
                .bind("now", now)
                .mapTo(Integer.class)
                .one();
    }

    static void clearFailure(Handle h, String login, String recordName) {
        h.createUpdate("DELETE FROM cloud_attachment_failure WHERE login_id = :login AND record_name = :name")
                .bind("login", login)
                .bind("name", recordName)
                .execute();
    }
}
