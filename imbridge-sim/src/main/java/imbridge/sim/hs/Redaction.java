package imbridge.sim.hs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/** The spec's redaction algorithm (content keys that survive, per event type; room versions up to 11). */
final class Redaction {
    private static final Map<String, Set<String>> KEPT = Map.of(
            "m.room.member", Set.of("membership", "join_authorised_via_users_server"),
            "m.room.create", Set.of("creator", "room_version", "m.federate", "type", "predecessor"),
            "m.room.join_rules", Set.of("join_rule", "allow"),
            "m.room.power_levels",
                    Set.of(
                            "ban",
                            "events",
                            "events_default",
                            "invite",
                            "kick",
                            "redact",
                            "state_default",
                            "users",
                            "users_default"),
            "m.room.history_visibility", Set.of("history_visibility"),
            "m.room.redaction", Set.of("redacts"));

    private Redaction() {}

    static ObjectNode strippedContent(Event event) {
        ObjectNode kept = Json.object();
        Set<String> keys = KEPT.getOrDefault(event.type(), Set.of());
        for (String key : keys) {
            JsonNode value = event.content().get(key);
            if (value != null) {
                kept.set(key, value.deepCopy());
            }
        }
        return kept;
    }

    static Event redact(Event target, Event redaction) {
        ObjectNode unsigned =
                target.unsigned() == null ? Json.object() : target.unsigned().deepCopy();
        unsigned.set("redacted_because", redaction.toClientJson());
        return target.withContent(strippedContent(target), unsigned);
    }
}
