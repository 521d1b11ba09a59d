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
        boolean deleted,
        List<String> attachmentGuids,
        MessageExtras extras) {

    public MessageRow {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        attachmentGuids = attachmentGuids == null
                ? attachments.stream().map(CloudAttachment::guid).toList()
                : List.copyOf(attachmentGuids);
        extras = extras == null ? MessageExtras.NONE : extras;
    }

    public MessageRow(
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
        this(
                guid,
                recordName,
                chatId,
                portalId,
                timestampMs,
                sender,
                fromMe,
                text,
                subject,
                service,
                attachments,
                hasBody,
                deleted,
                null,
                MessageExtras.NONE);
    }

    /** The same message with another (resolved) attachment list; the attachment GUIDs it named stay. */
    public MessageRow withAttachments(List<CloudAttachment> resolved) {
        return new MessageRow(
                guid,
                recordName,
                chatId,
                portalId,
                timestampMs,
                sender,
                fromMe,
                text,
                subject,
                service,
                resolved,
                hasBody,
                deleted,
                attachmentGuids,
                extras);
    }

    /**
     * True when the record named attachments that were not known when it was ingested; the store
     * then keeps a previously stored, fuller attachment list instead of overwriting it.
     */
    public boolean attachmentsIncomplete() {
        return attachments.size() < attachmentGuids.size();
    }

    public String guidNorm() {
        return Guids.normalize(guid);
    }
}
