package imbridge.core.attachment;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import java.util.Objects;

/**
 * What an uploaded attachment became in Matrix: enough to send its part again without touching
 * CloudKit (the persisted cache {@code record_name → content}, behaviour.md §2.4).
 *
 * @param durationMs for a CAF voice note uploaded as Ogg Opus (behaviour.md §6.2 item 7): its length, which also marks
 * it
 *                   as a voice message; null for a file uploaded as it was downloaded
 */
public record AttachmentContent(String contentUri, String mimeType, long size, String filename, Long durationMs) {

    public AttachmentContent {
        Objects.requireNonNull(contentUri, "contentUri");
    }

    public AttachmentContent(String contentUri, String mimeType, long size, String filename) {
        this(contentUri, mimeType, size, filename, null);
    }

    /** A converted voice note (its mime type, size and filename are the converted file's). */
    public boolean isVoiceNote() {
        return durationMs != null;
    }

    /**
     * The part that sends this content: a voice note with its converted file's name, type, size and duration;
     * any other file as the record describes it.
     */
    public OutgoingPart.Media toPart(
            PartKey key, String guid, String portalId, CloudAttachment original, String replyToEventId) {
        if (isVoiceNote()) {
            return new OutgoingPart.Media(
                    key, guid, portalId, contentUri, filename, mimeType, size, replyToEventId, durationMs);
        }
        return new OutgoingPart.Media(
                key,
                guid,
                portalId,
                contentUri,
                original.filename(),
                original.mimeType(),
                original.size(),
                replyToEventId);
    }
}
