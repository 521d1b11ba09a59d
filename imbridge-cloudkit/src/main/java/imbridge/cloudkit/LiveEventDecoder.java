package imbridge.cloudkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.LiveEvent;
import imbridge.core.model.MessageExtras;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decodes one line of the live stream (wire-contracts.md §1, "Live stream") into a {@link LiveEvent}, keeping GUIDs as
 * sent. Heartbeats are recognised; anything else that does not fit is reported with a reason, never thrown.
 */
final class LiveEventDecoder {

    /** What a line turned out to be. */
    sealed interface Result permits Event, Heartbeat, Skipped {}

    record Event(LiveEvent event) implements Result {}

    record Heartbeat() implements Result {}

    /** @param seq the line's sequence number when it had a readable one, else -1 */
    record Skipped(long seq, String reason) implements Result {}

    /** A field of the wrong shape: the line is skipped with this reason. */
    private static final class BadField extends Exception {
        private static final long serialVersionUID = 1L;

        BadField(String reason) {
            super(reason, null, false, false);
        }
    }

    private final ObjectMapper json;

    LiveEventDecoder(ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    Result decode(String line) {
        if (line.isBlank()) {
            return new Skipped(-1, "blank line");
        }
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JsonProcessingException e) {
            return new Skipped(-1, "not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return new Skipped(-1, "not a JSON object");
        }
        JsonNode kindNode = node.get("kind");
        if (kindNode == null || !kindNode.isTextual()) {
            return new Skipped(-1, "MISSING_FIELD:kind");
        }
        if (kindNode.asText().equals("PING")) {
            return new Heartbeat();
        }
        JsonNode seqNode = node.get("seq");
        if (seqNode == null || !seqNode.isIntegralNumber() || !seqNode.canConvertToLong() || seqNode.asLong() < 1) {
            return new Skipped(-1, "MISSING_FIELD:seq (a positive integer)");
        }
        long seq = seqNode.asLong();
        LiveEvent.Kind kind;
        try {
            kind = LiveEvent.Kind.valueOf(kindNode.asText());
        } catch (IllegalArgumentException e) {
            return new Skipped(seq, "UNKNOWN_KIND:" + kindNode.asText());
        }
        try {
            return new Event(event(node, seq, kind));
        } catch (BadField e) {
            return new Skipped(seq, e.getMessage());
        }
    }

    private static LiveEvent event(JsonNode node, long seq, LiveEvent.Kind kind) throws BadField {
        String guid = text(node, "guid");
        String chatId = text(node, "chatId");
        if (kind == LiveEvent.Kind.MESSAGE && (guid == null || guid.isBlank() || chatId == null || chatId.isBlank())) {
            throw new BadField("MISSING_FIELD:" + (guid == null || guid.isBlank() ? "guid" : "chatId"));
        }
        Long tapbackType = integer(node, "tapbackType");
        if (tapbackType != null && (tapbackType < Integer.MIN_VALUE || tapbackType > Integer.MAX_VALUE)) {
            throw new BadField("BAD_VALUE:tapbackType");
        }
        MessageExtras extras = new MessageExtras(
                tapbackType == null ? null : tapbackType.intValue(),
                text(node, "tapbackTarget"),
                text(node, "tapbackEmoji"),
                text(node, "replyTo"),
                false,
                0,
                0,
                0);
        Long ts = integer(node, "ts");
        return new LiveEvent(
                seq,
                kind,
                bool(node, "stored"),
                guid,
                chatId,
                text(node, "sender"),
                bool(node, "fromMe"),
                ts == null ? 0 : ts,
                text(node, "text"),
                text(node, "subject"),
                text(node, "service"),
                attachments(node),
                extras,
                text(node, "targetGuid"),
                text(node, "newText"),
                strings(node, "participants"),
                text(node, "groupName"));
    }

    private static List<CloudAttachment> attachments(JsonNode node) throws BadField {
        JsonNode array = node.get("attachments");
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new BadField("WRONG_TYPE:attachments");
        }
        List<CloudAttachment> out = new ArrayList<>();
        for (JsonNode a : array) {
            if (!a.isObject()) {
                throw new BadField("WRONG_TYPE:attachments[]");
            }
            String recordName = text(a, "recordName");
            String downloadUrl = text(a, "downloadUrl");
            if (recordName == null || downloadUrl == null) {
                throw new BadField(
                        "MISSING_FIELD:attachments[]." + (recordName == null ? "recordName" : "downloadUrl"));
            }
            Long size = integer(a, "size");
            String sha256 = text(a, "sha256");
            out.add(new CloudAttachment(
                    recordName,
                    text(a, "guid"),
                    text(a, "mimeType"),
                    text(a, "uti"),
                    text(a, "filename"),
                    size == null ? -1 : size,
                    sha256 == null ? null : sha256.toLowerCase(Locale.ROOT),
                    downloadUrl));
        }
        return out;
    }

    private static String text(JsonNode node, String field) throws BadField {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadField("WRONG_TYPE:" + field);
        }
        return value.asText();
    }

    private static Long integer(JsonNode node, String field) throws BadField {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new BadField("WRONG_TYPE:" + field);
        }
        return value.asLong();
    }

    private static boolean bool(JsonNode node, String field) throws BadField {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new BadField("WRONG_TYPE:" + field);
        }
        return value.asBoolean();
    }

    private static List<String> strings(JsonNode node, String field) throws BadField {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new BadField("WRONG_TYPE:" + field);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new BadField("WRONG_TYPE:" + field + "[]");
            }
            out.add(item.asText());
        }
        return out;
    }
}
