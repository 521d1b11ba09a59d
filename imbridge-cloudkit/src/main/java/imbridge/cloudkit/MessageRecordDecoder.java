package imbridge.cloudkit;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.Zone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** {@code MessageEncryptedV3} → {@link CloudMessage} (original-system §3.4, wire contract §1). */
final class MessageRecordDecoder implements RecordDecoder<CloudMessage> {
    static final long FLAG_IS_FROM_ME = 1L << 2;
    private static final Pattern UUID = Pattern.compile(
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

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
        String chatId = fields.requiredString("chatID");
        long flags = fields.requiredLong("flags");
        boolean fromMe = (flags & FLAG_IS_FROM_ME) != 0;
        long timestampMs = timestampMs(fields.requiredLong("time"));
        String sender = fields.optionalString("sender");
        if (!fromMe && (sender == null || sender.isBlank())) {
            throw new RecordDecodeException("field 'sender' is missing on a message not from me");
        }
        String text = fields.optionalString("text");
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
                text != null || !attachmentGuids.isEmpty());
    }

    /** The record's {@code guid}, or its record name when that is empty (§3.4); either way a UUID. */
    private static String guid(String recordName, String field) throws RecordDecodeException {
        boolean fromField = field != null && !field.isEmpty();
        String guid = fromField ? field : recordName;
        if (!UUID.matcher(guid).matches()) {
            throw new RecordDecodeException((fromField ? "field 'guid' " : "guid is empty and record name ")
                    + "'" + abbreviate(guid) + "' is not a UUID");
        }
        return guid;
    }

    private static long timestampMs(long timeNs) throws RecordDecodeException {
        long unixMs = AppleTime.toUnixMs(timeNs);
        if (!AppleTime.isPlausible(unixMs)) {
            throw new RecordDecodeException("field 'time' " + timeNs + " ns since 2001 is " + Instant.ofEpochMilli(unixMs)
                    + ", outside the plausible range " + Instant.ofEpochMilli(AppleTime.EARLIEST_PLAUSIBLE_UNIX_MS)
                    + " .. " + Instant.ofEpochMilli(AppleTime.LATEST_PLAUSIBLE_UNIX_MS));
        }
        return unixMs;
    }

    /** Unusable references are dropped, not fatal: the message still carries its text (§3.4). */
    private static List<String> attachmentGuids(List<JsonNode> elements) {
        List<String> guids = new ArrayList<>(elements.size());
        for (JsonNode element : elements) {
            if (element.isTextual() && AttachmentGuids.isUsable(element.asText())) {
                guids.add(element.asText());
            }
        }
        return guids;
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
