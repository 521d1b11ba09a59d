package imbridge.matrix;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether an event of a transaction has the shape the bridge relies on, and if not, why (a reason code for the
 * quarantine). The fields that identify an event must be non-empty strings; the others may be absent (or JSON
 * {@code null}, which some servers write for absent), but otherwise must have their type, so the router never acts
 * on half-read content.
 */
final class EventShape {

    private EventShape() {}

    /** The reason a timeline event (of {@code events}) cannot be used, or null when it can. */
    static String timelineProblem(JsonNode event) {
        if (!event.isObject()) {
            return "not_an_object";
        }
        for (String field : new String[] {"event_id", "type", "room_id", "sender"}) {
            if (!nonEmptyText(event.get(field))) {
                return "no_" + field;
            }
        }
        JsonNode content = given(event, "content");
        if (content != null && !content.isObject()) {
            return "content_not_object";
        }
        JsonNode ts = given(event, "origin_server_ts");
        if (ts != null && !(ts.isIntegralNumber() && ts.canConvertToLong())) {
            return "bad_origin_server_ts";
        }
        JsonNode stateKey = given(event, "state_key");
        if (stateKey != null && !stateKey.isTextual()) {
            return "state_key_not_string";
        }
        JsonNode unsigned = given(event, "unsigned");
        if (unsigned != null && !unsigned.isObject()) {
            return "unsigned_not_object";
        }
        return null;
    }

    /** The reason an ephemeral or to-device event cannot be used, or null when it has an object shape and type. */
    static String ephemeralProblem(JsonNode event) {
        if (!event.isObject()) {
            return "not_an_object";
        }
        return nonEmptyText(event.get("type")) ? null : "no_type";
    }

    /** The field's value, or null when it is absent or JSON {@code null}. */
    private static JsonNode given(JsonNode event, String field) {
        JsonNode node = event.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static boolean nonEmptyText(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isEmpty();
    }
}
