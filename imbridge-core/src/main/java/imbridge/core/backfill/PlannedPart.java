package imbridge.core.backfill;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.PartKey;

/**
 * One Matrix event to produce: text ({@code attachment == null}) or an attachment.
 *
 * @param replyToGuid on a reply's first part, the GUID of the message it answers; null otherwise
 */
public record PlannedPart(PartKey key, String guid, String portalId, long timestampMs, String senderHandle,
                         String text, CloudAttachment attachment, String replyToGuid) {

    public PlannedPart(PartKey key, String guid, String portalId, long timestampMs, String senderHandle,
                       String text, CloudAttachment attachment) {
        this(key, guid, portalId, timestampMs, senderHandle, text, attachment, null);
    }

    public boolean isText() {
        return attachment == null;
    }

    /**
     * The part keys a reply points at, in preference order: the target's text part, else its first attachment
     * (a message's first part is one of the two). Empty when this part is not a reply.
     */
    public java.util.List<PartKey> replyTargetKeys() {
        if (replyToGuid == null || replyToGuid.isBlank()) {
            return java.util.List.of();
        }
        return java.util.List.of(PartKey.text(replyToGuid), PartKey.attachment(replyToGuid, 0));
    }
}
