package imbridge.cloudkit;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.Zone;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** {@code attachment} → {@link CloudAttachment}; the {@code lqa} asset carries checksum, size and URL. */
final class AttachmentRecordDecoder implements RecordDecoder<CloudAttachment> {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9A-Fa-f]{64}");

    @Override
    public Zone zone() {
        return Zone.ATTACHMENTS;
    }

    @Override
    public String recordType() {
        return "attachment";
    }

    @Override
    public CloudAttachment decode(String recordName, RecordFields fields) throws RecordDecodeException {
        String guid = fields.requiredString("guid");
        if (!AttachmentGuids.isUsable(guid)) {
            throw RecordDecodeException.of(
                    RejectReasons.BAD_GUID,
                    "field 'guid' is not ASCII of at most " + AttachmentGuids.MAX_LENGTH + " characters");
        }
        JsonNode asset = fields.requiredAsset("lqa");
        return new CloudAttachment(
                recordName,
                guid,
                fields.optionalString("mime"),
                fields.optionalString("uti"),
                fields.optionalString("filename"),
                size(fields.optionalLong("size"), asset),
                checksum(asset),
                downloadUrl(asset));
    }

    /** The record's {@code size} and the asset's must agree; either alone is enough. */
    private static long size(Long recordSize, JsonNode asset) throws RecordDecodeException {
        JsonNode assetSizeNode = asset.get("size");
        Long assetSize =
                assetSizeNode == null || assetSizeNode.isNull() ? null : RecordFields.asLong("lqa.size", assetSizeNode);
        if (recordSize == null && assetSize == null) {
            throw RecordDecodeException.missing("size", "neither field 'size' nor 'lqa.size' is present");
        }
        if (recordSize != null && assetSize != null && !recordSize.equals(assetSize)) {
            throw RecordDecodeException.badValue(
                    "size", "field 'size' " + recordSize + " disagrees with lqa.size " + assetSize);
        }
        long size = recordSize != null ? recordSize : assetSize;
        if (size < 0) {
            throw RecordDecodeException.badValue("size", "attachment size is negative: " + size);
        }
        return size;
    }

    private static String checksum(JsonNode asset) throws RecordDecodeException {
        JsonNode checksum = asset.get("fileChecksum");
        if (checksum == null
                || !checksum.isTextual()
                || !SHA256_HEX.matcher(checksum.asText()).matches()) {
            throw RecordDecodeException.badValue(
                    "lqa",
                    "lqa.fileChecksum is not a hex SHA-256: "
                            + (checksum == null ? "missing" : RecordFields.describe(checksum)));
        }
        return checksum.asText().toLowerCase(Locale.ROOT);
    }

    private static String downloadUrl(JsonNode asset) throws RecordDecodeException {
        JsonNode url = asset.get("downloadURL");
        if (url == null || !url.isTextual()) {
            throw RecordDecodeException.badValue(
                    "lqa", "lqa.downloadURL is " + (url == null ? "missing" : RecordFields.describe(url)));
        }
        try {
            URI uri = URI.create(url.asText());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return url.asText();
            }
        } catch (IllegalArgumentException notAUri) {
            // reported below with the offending text
        }
        throw RecordDecodeException.badValue("lqa", "lqa.downloadURL is not an absolute http(s) URL: " + url.asText());
    }
}
