package imbridge.sim.hs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed Beeper {@code batch_send} body (behaviour.md §BF6.7). Malformed input is refused as a whole,
 * before anything is stored.
 */
record BatchSendRequest(boolean forward, boolean forwardIfNoMessages, List<BatchEvent> events) {
    static final int MAX_EVENTS = 1000;

    /** One event to insert; {@code eventId} null = the server picks one. */
    record BatchEvent(
            String type, String sender, long originServerTs, String eventId, String roomId, ObjectNode content) {}

    static BatchSendRequest parse(ObjectNode body) {
        ArrayNode array = Json.optArray(body, "events");
        if (array == null || array.isEmpty()) {
            throw MatrixException.badJson("'events' must be a non-empty list");
        }
        if (array.size() > MAX_EVENTS) {
            throw MatrixException.invalidParam("at most " + MAX_EVENTS + " events per batch, got " + array.size());
        }
        List<BatchEvent> events = new ArrayList<>(array.size());
        Set<String> ids = new HashSet<>();
        for (JsonNode node : array) {
            if (!node.isObject()) {
                throw MatrixException.badJson("every batch event must be an object");
            }
            BatchEvent event = event((ObjectNode) node);
            if (event.eventId() != null && !ids.add(event.eventId())) {
                throw MatrixException.badJson("event_id " + event.eventId() + " appears twice in the batch");
            }
            events.add(event);
        }
        return new BatchSendRequest(
                Json.optBoolean(body, "forward"), Json.optBoolean(body, "forward_if_no_messages"), events);
    }

    private static BatchEvent event(ObjectNode node) {
        String type = Json.requireString(node, "type");
        if (type.isEmpty() || type.length() > 255) {
            throw MatrixException.badJson("event type must be 1..255 characters");
        }
        if (node.has("state_key")) {
            throw MatrixException.badJson("batch_send takes message events only, not state");
        }
        String sender = UserIds.requireValid(Json.requireString(node, "sender"), "sender");
        JsonNode ts = node.get("origin_server_ts");
        if (ts == null || !ts.canConvertToExactIntegral() || !ts.canConvertToLong() || ts.asLong() < 0) {
            throw MatrixException.badJson("'origin_server_ts' must be a non-negative integer");
        }
        ObjectNode content = Json.optObject(node, "content");
        if (content == null) {
            throw MatrixException.badJson("every batch event needs a 'content' object");
        }
        Json.requireCanonical(content);
        String eventId = Json.optString(node, "event_id");
        if (eventId != null && (eventId.length() < 2 || eventId.length() > 255 || eventId.charAt(0) != '$')) {
            throw MatrixException.badJson("event_id must start with '$' and be at most 255 characters: " + eventId);
        }
        return new BatchEvent(type, sender, ts.asLong(), eventId, Json.optString(node, "room_id"), content);
    }
}
