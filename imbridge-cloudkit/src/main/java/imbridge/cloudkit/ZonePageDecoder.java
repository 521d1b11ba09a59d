package imbridge.cloudkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.RecordReject;
import imbridge.core.model.Zone;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one zone entry of a {@code changes/zone} answer ({@code {zoneID, records, syncToken, moreComing}})
 * into a {@link ZonePage}. A record that does not decode becomes a {@link RecordReject}; only a broken
 * envelope (the page itself) is an error.
 */
public final class ZonePageDecoder<T> {
    private static final Logger log = LoggerFactory.getLogger(ZonePageDecoder.class);

    private final RecordDecoder<T> decoder;
    private final ObjectMapper json;

    private ZonePageDecoder(RecordDecoder<T> decoder, ObjectMapper json) {
        this.decoder = decoder;
        this.json = Objects.requireNonNull(json, "json");
    }

    public static ZonePageDecoder<CloudChat> chats(ObjectMapper json) {
        return new ZonePageDecoder<>(new ChatRecordDecoder(), json);
    }

    public static ZonePageDecoder<CloudMessage> messages(ObjectMapper json) {
        return new ZonePageDecoder<>(new MessageRecordDecoder(), json);
    }

    public static ZonePageDecoder<CloudAttachment> attachments(ObjectMapper json) {
        return new ZonePageDecoder<>(new AttachmentRecordDecoder(), json);
    }

    public Zone zone() {
        return decoder.zone();
    }

    /**
     * @throws CloudSourceException {@link CloudKitErrors#BAD_RESPONSE} when records, syncToken or moreComing
     *                              are of the wrong JSON type
     */
    public ZonePage<T> decode(JsonNode zoneEntry) throws CloudSourceException {
        JsonNode records = zoneEntry.path("records");
        if (!records.isMissingNode() && !records.isNull() && !records.isArray()) {
            throw badEnvelope("'records' is " + RecordFields.describe(records) + ", expected an array");
        }
        // Latest change per record name, in the order of those latest changes.
        Map<String, Optional<T>> latest = new LinkedHashMap<>();
        List<RecordReject> rejects = new ArrayList<>();
        for (JsonNode record : records) {
            decodeRecord(record, latest, rejects);
        }
        if (!rejects.isEmpty()) {
            log.warn("{}: {} of {} records rejected, first: {}", zone().zoneName(), rejects.size(), records.size(),
                    rejects.getFirst().reason());
        }
        List<T> decoded = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        latest.forEach((name, change) -> change.ifPresentOrElse(decoded::add, () -> deleted.add(name)));
        return new ZonePage<>(decoded, deleted, rejects, syncToken(zoneEntry), moreComing(zoneEntry));
    }

    /**
     * A page lists records and tombstones separately, so their relative order is lost; when one record changes
     * more than once within a page only its latest decodable change is kept, which is the state CloudKit's
     * change feed promises. Every reject is reported.
     */
    private void decodeRecord(JsonNode record, Map<String, Optional<T>> latest, List<RecordReject> rejects) {
        String recordName = record.path("recordName").isTextual() ? record.path("recordName").asText() : null;
        try {
            if (!record.isObject()) {
                throw new RecordDecodeException("record is " + RecordFields.describe(record) + ", expected an object");
            }
            if (recordName == null || recordName.isBlank()) {
                throw new RecordDecodeException("record has no recordName");
            }
            if (record.hasNonNull("serverErrorCode")) {
                throw new RecordDecodeException("server error " + record.path("serverErrorCode").asText()
                        + ": " + record.path("reason").asText(""));
            }
            if (isTombstone(record)) {
                latest.remove(recordName);
                latest.put(recordName, Optional.empty());
                return;
            }
            String type = record.path("recordType").isTextual() ? record.path("recordType").asText() : null;
            if (!decoder.recordType().equals(type)) {
                throw new RecordDecodeException(type == null ? "record has no recordType"
                        : "unexpected record type '" + type + "' in " + zone().zoneName()
                        + " (expected " + decoder.recordType() + ")");
            }
            T value = decoder.decode(recordName, RecordFields.of(record));
            latest.remove(recordName);
            latest.put(recordName, Optional.of(value));
        } catch (RecordDecodeException e) {
            rejects.add(new RecordReject(zone(), recordName, e.getMessage(), raw(record)));
        } catch (RuntimeException e) {
            // A decoder bug must cost one record, not the page (§3.2: per-record fallback).
            log.error("{}: decoder failed on record {}", zone().zoneName(), recordName, e);
            rejects.add(new RecordReject(zone(), recordName, "decoder failed: " + e, raw(record)));
        }
    }

    private static boolean isTombstone(JsonNode record) throws RecordDecodeException {
        JsonNode deleted = record.get("deleted");
        if (deleted == null || deleted.isNull()) {
            return false;
        }
        if (!deleted.isBoolean()) {
            throw new RecordDecodeException("'deleted' is " + RecordFields.describe(deleted) + ", expected a boolean");
        }
        return deleted.asBoolean();
    }

    /** An empty token is no token (§3.2), so a caller never stores "" as a watermark. */
    private static String syncToken(JsonNode zoneEntry) throws CloudSourceException {
        JsonNode token = zoneEntry.path("syncToken");
        if (token.isMissingNode() || token.isNull()) {
            return null;
        }
        if (!token.isTextual()) {
            throw badEnvelope("'syncToken' is " + RecordFields.describe(token) + ", expected a string");
        }
        return token.asText().isEmpty() ? null : token.asText();
    }

    private static boolean moreComing(JsonNode zoneEntry) throws CloudSourceException {
        JsonNode more = zoneEntry.path("moreComing");
        if (more.isMissingNode() || more.isNull()) {
            return false;
        }
        if (!more.isBoolean()) {
            throw badEnvelope("'moreComing' is " + RecordFields.describe(more) + ", expected a boolean");
        }
        return more.asBoolean();
    }

    private String raw(JsonNode record) {
        try {
            return json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            return String.valueOf(record);
        }
    }

    private static CloudSourceException badEnvelope(String reason) {
        return new CloudSourceException(CloudKitErrors.BAD_RESPONSE, 200, reason, null, null);
    }
}
