package imbridge.core.model;

import java.util.List;

/** A cached message (table {@code cloud_message}) with its resolved portal and enriched attachments. */
public record MessageRow(
        String guid,
        String recordName,
        String chatId,
        String portalId,
        long timestampMs,
        String sender,
        boolean fromMe,
        String text,
        String subject,
        String service,
        List<CloudAttachment> attachments,
        boolean hasBody,
        boolean deleted) {

    public MessageRow {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public String guidNorm() {
        return Guids.normalize(guid);
    }
}
