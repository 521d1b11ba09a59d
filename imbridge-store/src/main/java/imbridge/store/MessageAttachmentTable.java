package imbridge.store;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * SQL of {@code cloud_message_attachment}: the attachment record names each cached message's
 * {@code attachments_json} holds, kept in step with every message upsert so housekeeping can tell which
 * attachment-cache rows a live message still references with an indexed join.
 */
final class MessageAttachmentTable {

    static final String DELETE_OF_MESSAGES = """
            DELETE FROM cloud_message_attachment WHERE login_id = :login AND guid_norm IN (<guids>)""";

    private static final String INSERT = """
            INSERT INTO cloud_message_attachment (login_id, guid_norm, record_name)
            VALUES (:login, :guidNorm, :recordName)
            ON CONFLICT (login_id, guid_norm, record_name) DO NOTHING""";

    private MessageAttachmentTable() {}

    /** Replaces the references of the upserted messages; when a GUID repeats in the batch the last row wins, as in the upsert. */
    static void replace(Handle h, String login, List<MessageRow> upserted) {
        if (upserted.isEmpty()) {
            return;
        }
        Map<String, MessageRow> byGuid = new LinkedHashMap<>();
        upserted.forEach(m -> byGuid.put(m.guidNorm(), m));
        for (List<String> chunk : Chunks.of(byGuid.keySet())) {
            h.createUpdate(DELETE_OF_MESSAGES)
                    .bind("login", login)
                    .bindList("guids", chunk)
                    .execute();
        }
        PreparedBatch batch = h.prepareBatch(INSERT);
        for (MessageRow m : byGuid.values()) {
            for (CloudAttachment a : m.attachments()) {
                if (a.recordName() != null && !a.recordName().isBlank()) {
                    batch.bind("login", login)
                            .bind("guidNorm", m.guidNorm())
                            .bind("recordName", a.recordName())
                            .add();
                }
            }
        }
        if (batch.size() > 0) {
            batch.execute();
        }
    }
}
