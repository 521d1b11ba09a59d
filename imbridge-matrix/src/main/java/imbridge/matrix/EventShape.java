package imbridge.matrix;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether an event of a transaction has the shape the bridge relies on, and if not, why (a reason code for the
 * quarantine). The fields that identify an event must be non-empty strings; the others may be absent, but when
 * present must have their type, so the router never acts on half-read content.
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
        JsonNode content = event.get("content");
        if (content != null && !content.isObject()) {
            return "content_not_object";
        }
        JsonNode ts = event.get("origin_server_ts");
        if (ts != null && !(ts.isIntegralNumber() && ts.canConvertToLong())) {
            return "bad_origin_server_ts";
        }
        JsonNode stateKey = event.get("state_key");
        if (stateKey != null && !stateKey.isTextual()) {
            return "state_key_not_string";
        }
        JsonNode unsigned = event.get("unsigned");
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

    private static boolean nonEmptyText(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isEmpty();
    }
}
