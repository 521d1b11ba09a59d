package imbridge.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.attachment.AttachmentContent;

/**
 * The {@code content_json} of a {@code cloud_attachment_cache} row: a flat object
 * {@code {"url", "mimetype", "size", "filename"}} plus {@code "duration_ms"} for a converted voice note only, so
 * rows written before voice notes were converted keep their shape and still read. Absent or null fields read as
 * null (size as -1); a row without a url is refused.
 */
final class AttachmentContentJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AttachmentContentJson() {}

    static String write(AttachmentContent content) {
        try {
            return MAPPER.writeValueAsString(new Row(
                    content.contentUri(),
                    content.mimeType(),
                    content.size(),
                    content.filename(),
                    content.durationMs()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode attachment content " + content.contentUri(), e);
        }
    }

    static AttachmentContent read(String json) {
        JsonNode row = parse(json);
        JsonNode url = row.get("url");
        if (url == null || !url.isTextual() || url.asText().isEmpty()) {
            throw new IllegalArgumentException("attachment cache entry has no url: " + json);
        }
        return new AttachmentContent(
                url.asText(),
                text(row, "mimetype"),
                integer(row, "size", -1L),
                text(row, "filename"),
                integer(row, "duration_ms", null));
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            throw new IllegalArgumentException("not JSON: null");
        }
        try {
            JsonNode row = MAPPER.readTree(json);
            if (row == null || !row.isObject()) {
                throw new IllegalArgumentException("attachment cache entry is not a JSON object: " + json);
            }
            return row;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attachment cache entry is not JSON: " + json, e);
        }
    }

    private static String text(JsonNode row, String name) {
        JsonNode v = row.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long integer(JsonNode row, String name, Long absent) {
        JsonNode v = row.get(name);
        return v != null && v.isIntegralNumber() ? Long.valueOf(v.asLong()) : absent;
    }

    /** The stored shape; the field order is the one rows have always been written in. */
    @JsonPropertyOrder({"url", "mimetype", "size", "filename", "duration_ms"})
    private record Row(
            @JsonProperty("url") String url,
            @JsonProperty("mimetype") String mimetype,
            @JsonProperty("size") long size,
            @JsonProperty("filename") String filename,

            @JsonProperty("duration_ms") @JsonInclude(JsonInclude.Include.NON_NULL)
            Long durationMs) {}
}
