package imbridge.core.attachment;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;

import java.util.LinkedHashMap;
import java.util.Map;
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
    public OutgoingPart.Media toPart(PartKey key, String guid, String portalId, CloudAttachment original,
                                     String replyToEventId) {
        if (isVoiceNote()) {
            return new OutgoingPart.Media(key, guid, portalId, contentUri, filename, mimeType, size, replyToEventId,
                    durationMs);
        }
        return new OutgoingPart.Media(key, guid, portalId, contentUri, original.filename(), original.mimeType(),
                original.size(), replyToEventId);
    }

    /** The cache's {@code content_json}; {@code duration_ms} only for a voice note, so other rows keep their shape. */
    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("url", contentUri);
        fields.put("mimetype", mimeType);
        fields.put("size", size);
        fields.put("filename", filename);
        if (durationMs != null) {
            fields.put("duration_ms", durationMs);
        }
        return FlatJson.write(fields);
    }

    /**
     * Reads {@link #toJson()}'s output (rows written before voice notes were converted have no duration); a row
     * without {@code url} is refused with a clear error.
     */
    public static AttachmentContent fromJson(String json) {
        Map<String, Object> fields = FlatJson.read(json);
        if (!(fields.get("url") instanceof String url) || url.isEmpty()) {
            throw new IllegalArgumentException("attachment cache entry has no url: " + json);
        }
        long size = fields.get("size") instanceof Long n ? n : -1;
        Long durationMs = fields.get("duration_ms") instanceof Long d ? d : null;
        return new AttachmentContent(url, (String) fields.get("mimetype"), size, (String) fields.get("filename"),
                durationMs);
    }
}
