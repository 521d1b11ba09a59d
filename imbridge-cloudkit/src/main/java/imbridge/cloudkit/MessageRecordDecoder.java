package imbridge.cloudkit;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.Zone;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code MessageEncryptedV3} → {@link CloudMessage} (behaviour.md §3.4, wire-contracts.md §1). Required are
 * {@code guid} (or a UUID record name), {@code time} and {@code chatID}; everything else is optional.
 * System and service messages are decoded like any other: the engine filters them by {@code flags}.
 */
final class MessageRecordDecoder implements RecordDecoder<CloudMessage> {
    private static final Pattern UUID =
            Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
    /** {@code r:<part>:<guid>}: the reply target's GUID follows the second colon. */
    private static final String REPLY_PREFIX = "r:";

    @Override
    public Zone zone() {
        return Zone.MESSAGES;
    }

    @Override
    public String recordType() {
        return "MessageEncryptedV3";
    }

    @Override
    public CloudMessage decode(String recordName, RecordFields fields) throws RecordDecodeException {
        String guid = guid(recordName, fields.optionalString("guid"));
        long timestampMs = timestampMs(fields.optionalLong("time"));
        String chatId = fields.requiredString("chatID");
        Long flagsField = fields.optionalLong("flags");
        long flags = flagsField == null ? 0 : flagsField;
        boolean fromMe = (flags & CloudMessage.FLAG_FROM_ME) != 0;
        String sender = fields.optionalString("sender");
        String text = text(fields.optionalString("text"));
        List<String> attachmentGuids = attachmentGuids(fields.optionalStringList("attachments"));
        return new CloudMessage(
                recordName,
                guid,
                chatId,
                sender == null || sender.isBlank() ? null : sender,
                fromMe,
                timestampMs,
                text,
                fields.optionalString("subject"),
                fields.optionalString("svc"),
                flags,
                attachmentGuids,
                text != null || !attachmentGuids.isEmpty(),
                extras(fields));
    }

    private static MessageExtras extras(RecordFields fields) throws RecordDecodeException {
        Long assocType = fields.optionalLong("assocType");
        Long unsent = fields.optionalLong("unsent");
        Long msgType = fields.optionalLong("msgType");
        return new MessageExtras(
                assocType == null ? null : toInt("assocType", assocType),
                blankToNull(fields.optionalString("assocGuid")),
                blankToNull(fields.optionalString("assocEmoji")),
                replyTarget(fields.optionalString("replyGuid")),
                unsent != null && unsent != 0,
                optionalTimeMs(fields.optionalLong("editedAt")),
                optionalTimeMs(fields.optionalLong("dateRead")),
                msgType == null ? 0 : toInt("msgType", msgType));
    }

    /**
     * The record's {@code guid}, or its record name when that is empty (behaviour.md §3.4); either way a UUID. No
     * usable
     * field and a record name that is no UUID means the GUID is missing.
     */
    private static String guid(String recordName, String field) throws RecordDecodeException {
        if (field != null && !field.isEmpty()) {
            if (!UUID.matcher(field).matches()) {
                throw RecordDecodeException.of(
                        RejectReasons.BAD_GUID, "field 'guid' '" + abbreviate(field) + "' is not a UUID");
            }
            return field;
        }
        if (!UUID.matcher(recordName).matches()) {
            throw RecordDecodeException.missing(
                    "guid", "guid is empty and record name '" + abbreviate(recordName) + "' is not a UUID");
        }
        return recordName;
    }

    private static long timestampMs(Long timeNs) throws RecordDecodeException {
        if (timeNs == null) {
            throw RecordDecodeException.missing("time");
        }
        long unixMs = AppleTime.toUnixMs(timeNs);
        if (!AppleTime.isPlausible(unixMs)) {
            throw RecordDecodeException.of(
                    RejectReasons.ABSURD_TIMESTAMP,
                    "field 'time' " + timeNs
                            + " ns since 2001 is " + Instant.ofEpochMilli(unixMs) + ", outside the plausible range "
                            + Instant.ofEpochMilli(AppleTime.EARLIEST_PLAUSIBLE_UNIX_MS) + " .. "
                            + Instant.ofEpochMilli(AppleTime.LATEST_PLAUSIBLE_UNIX_MS));
        }
        return unixMs;
    }

    private static String text(String text) throws RecordDecodeException {
        if (text != null
                && text.length() > RejectReasons.MAX_TEXT_CHARS
                && text.codePointCount(0, text.length()) > RejectReasons.MAX_TEXT_CHARS) {
            throw RecordDecodeException.of(
                    RejectReasons.OVERSIZE_TEXT,
                    "field 'text' has " + text.codePointCount(0, text.length()) + " characters, more than "
                            + RejectReasons.MAX_TEXT_CHARS);
        }
        return text;
    }

    /** Edit and read times are secondary: an absent, zero or implausible value means "unknown" (0), not a bad record. */
    private static long optionalTimeMs(Long timeNs) {
        if (timeNs == null || timeNs == 0) {
            return 0;
        }
        long unixMs = AppleTime.toUnixMs(timeNs);
        return AppleTime.isPlausible(unixMs) ? unixMs : 0;
    }

    /** {@code r:<part>:<guid>} → the GUID; a bare GUID is taken as it is; anything unparsable is no reply target. */
    private static String replyTarget(String replyGuid) {
        if (replyGuid == null || replyGuid.isBlank()) {
            return null;
        }
        if (!replyGuid.startsWith(REPLY_PREFIX)) {
            return replyGuid.contains(":") ? null : replyGuid;
        }
        int second = replyGuid.indexOf(':', REPLY_PREFIX.length());
        String target = second < 0 ? "" : replyGuid.substring(second + 1);
        return target.isBlank() ? null : target;
    }

    private static int toInt(String field, long value) throws RecordDecodeException {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw RecordDecodeException.wrongType(field, "field '" + field + "' is out of range: " + value);
        }
        return (int) value;
    }

    /** Unusable references are dropped, not fatal: the message still carries its text (behaviour.md §3.4). */
    private static List<String> attachmentGuids(List<JsonNode> elements) {
        List<String> guids = new ArrayList<>(elements.size());
        for (JsonNode element : elements) {
            if (element.isTextual() && AttachmentGuids.isUsable(element.asText())) {
                guids.add(element.asText());
            }
        }
        return guids;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
