package imbridge.sim.hs;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stored room event. {@code content} and {@code unsigned} are never mutated after the event is stored;
 * redaction replaces the whole record.
 *
 * @param stream   position in the server-wide stream; orders the timeline and backs pagination tokens
 * @param stateKey {@code null} for message events
 * @param redacts  target event ID for {@code m.room.redaction} events, else {@code null}
 */
record Event(
        String eventId,
        String roomId,
        String type,
        String sender,
        long originServerTs,
        ObjectNode content,
        String stateKey,
        String redacts,
        ObjectNode unsigned,
        long stream) {

    static final int MAX_EVENT_BYTES = 65_536;

    boolean isState() {
        return stateKey != null;
    }

    /** The client-server API format (used by /messages, /state, and AS transactions). */
    ObjectNode toClientJson() {
        return toJson(true);
    }

    /** The shape the inspection API promises: exactly these fields ({@code state_key}, {@code redacts} when set). */
    ObjectNode toInspectionJson() {
        return toJson(false);
    }

    /** Both formats in one place; the client format adds the room and the unsigned data, in this field order. */
    private ObjectNode toJson(boolean clientFormat) {
        ObjectNode json = Json.object();
        json.put("event_id", eventId);
        if (clientFormat) {
            json.put("room_id", roomId);
        }
        json.put("type", type);
        json.put("sender", sender);
        json.put("origin_server_ts", originServerTs);
        json.set("content", content);
        if (stateKey != null) {
            json.put("state_key", stateKey);
        }
        if (redacts != null) {
            json.put("redacts", redacts);
        }
        if (clientFormat && unsigned != null && !unsigned.isEmpty()) {
            json.set("unsigned", unsigned);
        }
        return json;
    }

    /** The same event at another stream position (history inserted before it moves it down). */
    Event withStream(long newStream) {
        return new Event(
                eventId, roomId, type, sender, originServerTs, content, stateKey, redacts, unsigned, newStream);
    }

    Event withContent(ObjectNode newContent, ObjectNode newUnsigned) {
        return new Event(
                eventId, roomId, type, sender, originServerTs, newContent, stateKey, redacts, newUnsigned, stream);
    }
}
