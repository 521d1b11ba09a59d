package imbridge.store;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.Guids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL of {@code cloud_attachment}: attachment metadata keyed by record name, found by normalised GUID. */
final class AttachmentTable {

    /** Re-delivery refreshes the metadata; a tombstoned attachment stays deleted. */
    private static final String UPSERT = """
            INSERT INTO cloud_attachment (login_id, record_name, guid, guid_norm, mime_type, uti, filename, size,
                                          checksum_sha256, download_url, deleted, created_ts, updated_ts)
            VALUES (:login, :recordName, :guid, :guidNorm, :mimeType, :uti, :filename, :size,
                    :checksum, :downloadUrl, FALSE, :now, :now)
            ON CONFLICT (login_id, record_name) DO UPDATE SET
                guid = excluded.guid,
                guid_norm = excluded.guid_norm,
                mime_type = excluded.mime_type,
                uti = excluded.uti,
                filename = excluded.filename,
                size = excluded.size,
                checksum_sha256 = excluded.checksum_sha256,
                download_url = excluded.download_url,
                updated_ts = excluded.updated_ts""";

    static final String TOMBSTONE = """
            UPDATE cloud_attachment SET deleted = TRUE, updated_ts = :now
            WHERE login_id = :login AND record_name IN (<names>) AND deleted = FALSE""";

    /**
     * No ORDER BY: sorting by record name made SQLite walk the primary key over every attachment of the login
     * instead of the GUID index (a page cost what the account holds). The lowest record name still wins when two
     * records share a GUID: the pick happens in Java ({@link #byGuid}).
     */
    static final String BY_GUID = """
            SELECT record_name, guid, guid_norm, mime_type, uti, filename, size, checksum_sha256, download_url
            FROM cloud_attachment
            WHERE login_id = :login AND deleted = FALSE AND guid_norm IN (<guids>)""";

    private AttachmentTable() {}

    static void upsert(Handle h, String login, List<CloudAttachment> attachments, long now) {
        if (attachments.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch(UPSERT);
        for (CloudAttachment a : attachments) {
            batch.bind("login", login)
                    .bind("recordName", a.recordName())
                    .bind("guid", a.guid())
                    .bind("guidNorm", Guids.normalize(a.guid()))
                    .bind("mimeType", a.mimeType())
                    .bind("uti", a.uti())
                    .bind("filename", a.filename())
                    .bind("size", a.size())
                    .bind("checksum", a.checksumSha256())
                    .bind("downloadUrl", a.downloadUrl())
                    .bind("now", now)
                    .add();
        }
        batch.execute();
    }

    static void tombstone(Handle h, String login, Collection<String> recordNames, long now) {
        for (List<String> chunk : Chunks.of(recordNames)) {
            h.createUpdate(TOMBSTONE)
                    .bind("login", login)
                    .bind("now", now)
                    .bindList("names", chunk)
                    .execute();
        }
    }

    static Map<String, CloudAttachment> byGuid(Handle h, String login, Collection<String> normalizedGuids) {
        Map<String, CloudAttachment> found = new LinkedHashMap<>();
        for (List<String> chunk : Chunks.of(normalizedGuids)) {
            h.createQuery(BY_GUID)
                    .bind("login", login)
                    .bindList("guids", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString("guid_norm"), map(rs, ctx)))
                    .forEach(e -> found.merge(
                            e.getKey(), e.getValue(), (a, b) -> a.recordName().compareTo(b.recordName()) <= 0 ? a : b));
        }
        return found;
    }

    static void validate(List<CloudAttachment> attachments) {
        for (CloudAttachment a : attachments) {
            if (a == null
                    || a.recordName() == null
                    || a.recordName().isBlank()
                    || a.guid() == null
                    || a.guid().isBlank()) {
                throw new IllegalArgumentException("attachment needs a record name and a GUID: " + a);
            }
        }
    }

    private static CloudAttachment map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new CloudAttachment(
                rs.getString("record_name"),
                rs.getString("guid"),
                rs.getString("mime_type"),
                rs.getString("uti"),
                rs.getString("filename"),
                rs.getLong("size"),
                rs.getString("checksum_sha256"),
                rs.getString("download_url"));
    }
}
