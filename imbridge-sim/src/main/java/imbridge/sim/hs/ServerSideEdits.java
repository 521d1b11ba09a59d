package imbridge.sim.hs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Edits as Synapse applied them before MSC3925 (e.g. 1.67): an event that has an {@code m.replace} edit by its own
 * sender is served with the content of its latest edit ({@code m.new_content}, the original's {@code m.relates_to}
 * kept) and names that edit in {@code unsigned.m.relations.m.replace}. The edit itself is still served as it is.
 */
final class ServerSideEdits {
    private ServerSideEdits() {}

    /** The event an {@code m.replace} edit replaces, or null when {@code event} is no edit. */
    static String targetOf(Event event) {
        if (!"m.room.message".equals(event.type())) {
            return null;
        }
        JsonNode relation = event.content().path("m.relates_to");
        return "m.replace".equals(relation.path("rel_type").asText(""))
                        && relation.path("event_id").isTextual()
                ? relation.path("event_id").textValue()
                : null;
    }

    /** The client format of {@code event} with its latest edit applied; call under the room's lock. */
    static ObjectNode served(Room room, Event event) {
        ObjectNode json = event.toClientJson();
        Event edit = room.latestEditOf(event.eventId());
        if (edit == null
                || event.content().isEmpty() // redacted: nothing to replace
                || !edit.sender().equals(event.sender())
                || targetOf(event) != null
                || !(edit.content().get("m.new_content") instanceof ObjectNode newContent)) {
            return json;
        }
        ObjectNode content = newContent.deepCopy();
        JsonNode ownRelation = event.content().get("m.relates_to");
        if (ownRelation != null) {
            content.set("m.relates_to", ownRelation.deepCopy());
        } else {
            content.remove("m.relates_to");
        }
        json.set("content", content);
        ObjectNode unsigned =
                json.has("unsigned") ? (ObjectNode) json.get("unsigned").deepCopy() : Json.object();
        ObjectNode replace = unsigned.putObject("m.relations").putObject("m.replace");
        replace.put("event_id", edit.eventId());
        replace.put("origin_server_ts", edit.originServerTs());
        replace.put("sender", edit.sender());
        json.set("unsigned", unsigned);
        return json;
    }
}
