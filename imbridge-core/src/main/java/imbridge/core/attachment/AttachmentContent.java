package imbridge.core.attachment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an uploaded attachment became in Matrix: enough to send its part again without touching
 * CloudKit (the persisted cache {@code record_name → content}, spec §2.4).
 */
public record AttachmentContent(String contentUri, String mimeType, long size, String filename) {

    public AttachmentContent {
        Objects.requireNonNull(contentUri, "contentUri");
    }

    /** The cache's {@code content_json}. */
    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("url", contentUri);
        fields.put("mimetype", mimeType);
        fields.put("size", size);
        fields.put("filename", filename);
        return FlatJson.write(fields);
    }

    /** Reads {@link #toJson()}'s output; a row without {@code url} is refused with a clear error. */
    public static AttachmentContent fromJson(String json) {
        Map<String, Object> fields = FlatJson.read(json);
        if (!(fields.get("url") instanceof String url) || url.isEmpty()) {
            throw new IllegalArgumentException("attachment cache entry has no url: " + json);
        }
        long size = fields.get("size") instanceof Long n ? n : -1;
        return new AttachmentContent(url, (String) fields.get("mimetype"), size, (String) fields.get("filename"));
    }
}
