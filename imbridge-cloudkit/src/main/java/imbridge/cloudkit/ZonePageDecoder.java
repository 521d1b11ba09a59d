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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one zone entry of a {@code changes/zone} answer ({@code {zoneID, records, syncToken, moreComing}})
 * into a {@link ZonePage}. A record that does not decode becomes a {@link RecordReject}; only a broken
 * envelope (the page itself) is an error.
 */
public final class ZonePageDecoder<T> {
    private static final Logger log = LoggerFactory.getLogger(ZonePageDecoder.class);
    /** Enough to diagnose any record; the rest of an oversize one is noise. */
    static final int MAX_RAW_CHARS = 16_384;

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

    /** As {@link #decode(JsonNode, boolean)} for an answer whose body was valid UTF-8. */
    public ZonePage<T> decode(JsonNode zoneEntry) throws CloudSourceException {
        return decode(zoneEntry, false);
    }

    /**
     * @param bodyHadInvalidUtf8 the answer's bytes were not all UTF-8 (see {@link CloudKitAnswer}): records
     *                           whose strings hold U+FFFD are then rejected as {@link RejectReasons#INVALID_UTF8}
     * @throws CloudSourceException {@link CloudKitErrors#BAD_RESPONSE} when records, syncToken or moreComing
     *                              are of the wrong JSON type
     */
    public ZonePage<T> decode(JsonNode zoneEntry, boolean bodyHadInvalidUtf8) throws CloudSourceException {
        JsonNode records = zoneEntry.path("records");
        if (!records.isMissingNode() && !records.isNull() && !records.isArray()) {
            throw badEnvelope("'records' is " + RecordFields.describe(records) + ", expected an array");
        }
        PageChanges<T> latest = new PageChanges<>();
        List<RecordReject> rejects = new ArrayList<>();
        String firstDetail = null;
        for (JsonNode record : records) {
            String detail = decodeRecord(record, bodyHadInvalidUtf8, latest, rejects);
            firstDetail = firstDetail == null ? detail : firstDetail;
        }
        if (!rejects.isEmpty()) {
            log.warn(
                    "{}: {} of {} records quarantined, first: {} {} ({})",
                    zone().zoneName(),
                    rejects.size(),
                    records.size(),
                    rejects.getFirst().recordName(),
                    rejects.getFirst().reason(),
                    firstDetail);
        }
        return new ZonePage<>(
                List.copyOf(latest.records.values()),
                List.copyOf(latest.tombstones),
                rejects,
                syncToken(zoneEntry),
                moreComing(zoneEntry));
    }

    /**
     * A page lists records and tombstones separately, and the store applies a page's upserts before its
     * tombstones. So per record name: a record followed by its tombstone keeps both (the store learns
     * which conversation the tombstone deletes, then deletes it); a tombstone followed by a record keeps
     * only the record; repeated records keep the latest. Every reject is reported.
     */
    private static final class PageChanges<T> {
        final Map<String, T> records = new LinkedHashMap<>();
        final java.util.LinkedHashSet<String> tombstones = new java.util.LinkedHashSet<>();

        void record(String name, T value) {
            tombstones.remove(name);
            records.remove(name);
            records.put(name, value);
        }

        void tombstone(String name) {
            tombstones.add(name);
        }
    }

    /**
     *
     * @return why the record was rejected, or null when it was not
     */
    private String decodeRecord(
            JsonNode record, boolean checkReplacements, PageChanges<T> latest, List<RecordReject> rejects) {
        String recordName = record.path("recordName").isTextual()
                ? record.path("recordName").asText()
                : null;
        try {
            if (!record.isObject()) {
                throw RecordDecodeException.of(
                        RejectReasons.NOT_A_RECORD,
                        "record is " + RecordFields.describe(record) + ", expected an object");
            }
            if (checkReplacements && recordName != null && recordName.indexOf(LenientUtf8.REPLACEMENT) >= 0) {
                throw RecordDecodeException.invalidUtf8("recordName");
            }
            if (recordName == null || recordName.isBlank()) {
                throw RecordDecodeException.missing("recordName", "record has no recordName");
            }
            if (record.hasNonNull("serverErrorCode")) {
                String code = record.path("serverErrorCode").asText();
                throw RecordDecodeException.of(
                        RejectReasons.of(RejectReasons.SERVER_ERROR, code),
                        "server error " + code + ": " + record.path("reason").asText(""));
            }
            if (isTombstone(record)) {
                latest.tombstone(recordName);
                return null;
            }
            if (checkReplacements) {
                rejectReplacementCharacters(record);
            }
            String type = record.path("recordType").isTextual()
                    ? record.path("recordType").asText()
                    : null;
            if (type == null) {
                throw RecordDecodeException.missing("recordType", "record has no recordType");
            }
            if (!decoder.recordType().equals(type)) {
                throw RecordDecodeException.of(
                        RejectReasons.UNEXPECTED_RECORD_TYPE,
                        "unexpected record type '" + type + "' in " + zone().zoneName() + " (expected "
                                + decoder.recordType() + ")");
            }
            T value = decoder.decode(recordName, RecordFields.of(record));
            latest.record(recordName, value);
            return null;
        } catch (RecordDecodeException e) {
            log.debug("{}: record {} quarantined as {}: {}", zone().zoneName(), recordName, e.reason(), e.getMessage());
            rejects.add(new RecordReject(zone(), recordName, e.reason(), raw(record)));
            return e.getMessage();
        } catch (RuntimeException e) {
            // A decoder bug must cost one record, not the page (behaviour.md §3.2: per-record fallback).
            log.error("{}: decoder failed on record {}", zone().zoneName(), recordName, e);
            rejects.add(new RecordReject(zone(), recordName, RejectReasons.DECODER_FAILED, raw(record)));
            return String.valueOf(e);
        }
    }

    /** The first field (in record order) holding U+FFFD anywhere in its value names the reject. */
    private static void rejectReplacementCharacters(JsonNode record) throws RecordDecodeException {
        JsonNode type = record.get("recordType");
        if (type != null && containsReplacement(type)) {
            throw RecordDecodeException.invalidUtf8("recordType");
        }
        JsonNode fields = record.get("fields");
        if (fields == null || !fields.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
            if (field.getKey().indexOf(LenientUtf8.REPLACEMENT) >= 0 || containsReplacement(field.getValue())) {
                throw RecordDecodeException.invalidUtf8(field.getKey());
            }
        }
    }

    private static boolean containsReplacement(JsonNode node) {
        if (node.isTextual()) {
            return node.asText().indexOf(LenientUtf8.REPLACEMENT) >= 0;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (containsReplacement(child)) {
                    return true;
                }
            }
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    if (property.getKey().indexOf(LenientUtf8.REPLACEMENT) >= 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isTombstone(JsonNode record) throws RecordDecodeException {
        JsonNode deleted = record.get("deleted");
        if (deleted == null || deleted.isNull()) {
            return false;
        }
        if (!deleted.isBoolean()) {
            throw RecordDecodeException.wrongType(
                    "deleted", "'deleted' is " + RecordFields.describe(deleted) + ", expected a boolean");
        }
        return deleted.asBoolean();
    }

    /** An empty token is no token (behaviour.md §3.2), so a caller never stores "" as a watermark. */
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

    /** The quarantined record as JSON, cut to {@link #MAX_RAW_CHARS} (an oversize text would otherwise be stored whole). */
    private String raw(JsonNode record) {
        String text;
        try {
            text = json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            text = String.valueOf(record);
        }
        return text.length() <= MAX_RAW_CHARS
                ? text
                : text.substring(0, MAX_RAW_CHARS) + "…(truncated, " + text.length() + " chars)";
    }

    private static CloudSourceException badEnvelope(String reason) {
        return new CloudKitRequestException(CloudKitErrors.BAD_RESPONSE, 200, reason, null, null);
    }
}
