package imbridge.core.backfill;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.PartKey;

/**
 * One Matrix event to produce: text ({@code attachment == null}) or an attachment.
 *
 * @param replyToGuid on a reply's first part, the GUID of the message it answers; null otherwise
 * @param html        on a text part whose source knows its formatting: the Matrix {@code formatted_body}
 * @param replyToPart on a reply's first part, the part ID of the target it answers when the source knows it
 *                    ({@code text}/{@code att<i>}); null means the target's first part
 */
public record PlannedPart(
        PartKey key,
        String guid,
        String portalId,
        long timestampMs,
        String senderHandle,
        String text,
        CloudAttachment attachment,
        String replyToGuid,
        String html,
        String replyToPart) {

    /** A part of the CloudKit shape: no formatting, a reply aimed at the target's first part. */
    public PlannedPart(
            PartKey key,
            String guid,
            String portalId,
            long timestampMs,
            String senderHandle,
            String text,
            CloudAttachment attachment,
            String replyToGuid) {
        this(key, guid, portalId, timestampMs, senderHandle, text, attachment, replyToGuid, null, null);
    }

    public PlannedPart(
            PartKey key,
            String guid,
            String portalId,
            long timestampMs,
            String senderHandle,
            String text,
            CloudAttachment attachment) {
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
        if (replyToPart != null) { // the exact part first, the first part if that one was never bridged
            return java.util.List.of(
                    new PartKey(replyToGuid, replyToPart),
                    PartKey.text(replyToGuid),
                    PartKey.attachment(replyToGuid, 0));
        }
        return java.util.List.of(PartKey.text(replyToGuid), PartKey.attachment(replyToGuid, 0));
    }
}
