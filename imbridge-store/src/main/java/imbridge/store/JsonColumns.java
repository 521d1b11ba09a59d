package imbridge.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.model.BodyLayout;
import imbridge.core.model.CloudAttachment;
import java.util.List;

/** JSON text columns: string lists (participants, members) and a message's attachment list. */
final class JsonColumns {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<AttachmentJson>> ATTACHMENTS = new TypeReference<>() {};
    private static final TypeReference<BodyLayout> LAYOUT = new TypeReference<>() {};

    private JsonColumns() {}

    static String strings(List<String> values) {
        return write(values == null ? List.of() : values);
    }

    /** Like {@link #attachments(List)}: an empty or absent list is stored as ''. */
    static String optionalStrings(List<String> values) {
        return values == null || values.isEmpty() ? "" : write(values);
    }

    static List<String> strings(String json) {
        return json == null || json.isBlank() ? List.of() : read(json, STRINGS);
    }

    /** An empty list is stored as '' (as the original does), so "has attachments" is a cheap text test. */
    static String attachments(List<CloudAttachment> attachments) {
        if (attachments == null || attachments.isEmpty()) {
            return "";
        }
        return write(attachments.stream().map(AttachmentJson::of).toList());
    }

    static List<CloudAttachment> attachments(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        return read(json, ATTACHMENTS).stream().map(AttachmentJson::toModel).toList();
    }

    /** A local Apple source's body layout; null (the CloudKit path) is stored as NULL. */
    static String layout(BodyLayout layout) {
        return layout == null ? null : write(layout);
    }

    static BodyLayout layout(String json) {
        return json == null || json.isBlank() ? null : read(json, LAYOUT);
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON column", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column: " + abbreviate(json), e);
        }
    }

    private static String abbreviate(String json) {
        return json.length() <= 200 ? json : json.substring(0, 200) + "…";
    }

    /** One element of {@code attachments_json}, keyed like the original (behaviour.md §2.8) plus checksum and URL. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AttachmentJson(
            @JsonProperty("guid") String guid,
            @JsonProperty("mime_type") String mimeType,
            @JsonProperty("uti_type") String uti,
            @JsonProperty("filename") String filename,
            @JsonProperty("file_size") long size,
            @JsonProperty("record_name") String recordName,
            @JsonProperty("checksum_sha256") String checksumSha256,
            @JsonProperty("download_url") String downloadUrl) {

        static AttachmentJson of(CloudAttachment a) {
            return new AttachmentJson(
                    a.guid(),
                    a.mimeType(),
                    a.uti(),
                    a.filename(),
                    a.size(),
                    a.recordName(),
                    a.checksumSha256(),
                    a.downloadUrl());
        }

        CloudAttachment toModel() {
            return new CloudAttachment(recordName, guid, mimeType, uti, filename, size, checksumSha256, downloadUrl);
        }
    }
}
