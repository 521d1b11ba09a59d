package imbridge.core.model;

import java.util.List;

/** A message record as decoded from {@code MessageEncryptedV3}, before portal resolution. */
public record CloudMessage(
        String recordName,
        String guid,
        String chatId,
        String sender,
        boolean fromMe,
        long timestampMs,
        String text,
        String subject,
        String service,
        long flags,
        List<String> attachmentGuids,
        boolean hasBody) {

    public CloudMessage {
        attachmentGuids = attachmentGuids == null ? List.of() : List.copyOf(attachmentGuids);
    }
}
