package imbridge.sim.hs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@code POST /createRoom} body and the state events it expands to, in Synapse's order:
 * create, creator's join, power levels, canonical alias, preset rules, {@code initial_state}, name, topic.
 * Invites are sent afterwards by the caller.
 */
record RoomCreationRequest(
        String preset,
        String roomVersion,
        String name,
        String topic,
        boolean isDirect,
        List<String> invites,
        List<StateEntry> initialState,
        ObjectNode creationContent,
        ObjectNode powerLevelOverride,
        String aliasLocalpart,
        String serverName) {

    static final String DEFAULT_ROOM_VERSION = "10";
    static final Set<String> SUPPORTED_ROOM_VERSIONS = Set.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
    private static final Set<String> PRESETS = Set.of("private_chat", "public_chat", "trusted_private_chat");
    private static final List<String> LEVEL_KEYS =
            List.of("ban", "events_default", "invite", "kick", "redact", "state_default", "users_default");

    record StateEntry(String type, String stateKey, ObjectNode content) {}

    static RoomCreationRequest parse(ObjectNode body, String serverName) {
        String visibility = Json.optString(body, "visibility");
        if (visibility != null && !visibility.equals("public") && !visibility.equals("private")) {
            throw MatrixException.invalidParam("visibility must be 'public' or 'private'");
        }
        String preset = Json.optString(body, "preset");
        if (preset == null) {
            preset = "public".equals(visibility) ? "public_chat" : "private_chat";
        } else if (!PRESETS.contains(preset)) {
            throw MatrixException.invalidParam("Unknown preset: " + preset);
        }
        String roomVersion = Json.optString(body, "room_version");
        if (roomVersion == null) {
            roomVersion = DEFAULT_ROOM_VERSION;
        } else if (!SUPPORTED_ROOM_VERSIONS.contains(roomVersion)) {
            throw new MatrixException(
                    400, "M_UNSUPPORTED_ROOM_VERSION", "Your homeserver does not support this room version");
        }
        List<String> invites = new ArrayList<>();
        ArrayNode inviteArray = Json.optArray(body, "invite");
        if (inviteArray != null) {
            for (JsonNode invitee : inviteArray) {
                if (!invitee.isTextual() || !UserIds.isValid(invitee.textValue())) {
                    throw MatrixException.invalidParam("Invalid user ID in 'invite': " + invitee);
                }
                invites.add(invitee.textValue());
            }
        }
        List<StateEntry> initialState = new ArrayList<>();
        ArrayNode stateArray = Json.optArray(body, "initial_state");
        if (stateArray != null) {
            for (JsonNode node : stateArray) {
                initialState.add(parseStateEntry(node));
            }
        }
        ObjectNode givenCreation = Json.optObject(body, "creation_content");
        ObjectNode creationContent = givenCreation == null ? Json.object() : givenCreation.deepCopy();
        Json.requireCanonical(creationContent);
        ObjectNode override = Json.optObject(body, "power_level_content_override");
        if (override != null) {
            Json.requireCanonical(override);
            validatePowerLevels(override);
        }
        String alias = Json.optString(body, "room_alias_name");
        if (alias != null && (alias.isEmpty() || alias.contains(":") || alias.contains("#"))) {
            throw new MatrixException(400, "M_INVALID_PARAM", "Invalid room_alias_name: " + alias);
        }
        return new RoomCreationRequest(
                preset,
                roomVersion,
                Json.optString(body, "name"),
                Json.optString(body, "topic"),
                Json.optBoolean(body, "is_direct"),
                List.copyOf(invites),
                List.copyOf(initialState),
                creationContent,
                override,
                alias,
                serverName);
    }

    private static StateEntry parseStateEntry(JsonNode node) {
        if (!node.isObject()) {
            throw MatrixException.badJson("initial_state entries must be objects");
        }
        ObjectNode entry = (ObjectNode) node;
        String type = Json.optString(entry, "type");
        if (type == null) {
            throw MatrixException.badJson("initial_state entry without 'type'");
        }
        if (type.equals("m.room.member") || type.equals("m.room.create")) {
            throw MatrixException.badJson(type + " is not allowed in initial_state");
        }
        String stateKey = Json.optString(entry, "state_key");
        ObjectNode content = Json.optObject(entry, "content");
        if (content == null) {
            throw MatrixException.badJson("initial_state entry " + type + " without an object 'content'");
        }
        Json.requireCanonical(content);
        if (type.equals("m.room.power_levels")) {
            validatePowerLevels(content);
        }
        return new StateEntry(type, stateKey == null ? "" : stateKey, content);
    }

    /** Room versions 10+ require real integers in power levels. */
    static void validatePowerLevels(ObjectNode content) {
        for (String key : LEVEL_KEYS) {
            JsonNode value = content.get(key);
            if (value != null && !value.isIntegralNumber()) {
                throw MatrixException.badJson("power level '" + key + "' must be an integer");
            }
        }
        for (String mapKey : List.of("users", "events", "notifications")) {
            JsonNode map = content.get(mapKey);
            if (map == null) {
                continue;
            }
            if (!map.isObject()) {
                throw MatrixException.badJson("power level '" + mapKey + "' must be an object");
            }
            for (Map.Entry<String, JsonNode> e : map.properties()) {
                if (!e.getValue().isIntegralNumber()) {
                    throw MatrixException.badJson("power level " + mapKey + "." + e.getKey() + " must be an integer");
                }
                if (mapKey.equals("users") && !UserIds.isValid(e.getKey())) {
                    throw MatrixException.badJson("power level users key is not a user ID: " + e.getKey());
                }
            }
        }
    }

    String canonicalAlias() {
        return aliasLocalpart == null ? null : "#" + aliasLocalpart + ":" + serverName;
    }

    List<StateEntry> initialEvents(String creator, ObjectNode creatorMembership) {
        List<StateEntry> events = new ArrayList<>();
        ObjectNode create = creationContent.deepCopy();
        if (Integer.parseInt(roomVersion) < 11) {
            create.put("creator", creator);
        } else {
            create.remove("creator");
        }
        create.put("room_version", roomVersion);
        events.add(new StateEntry("m.room.create", "", create));
        events.add(new StateEntry("m.room.member", creator, creatorMembership));
        events.add(new StateEntry("m.room.power_levels", "", powerLevels(creator)));
        if (aliasLocalpart != null) {
            events.add(
                    new StateEntry("m.room.canonical_alias", "", Json.object().put("alias", canonicalAlias())));
        }
        if (!hasInitial("m.room.join_rules")) {
            events.add(new StateEntry(
                    "m.room.join_rules",
                    "",
                    Json.object().put("join_rule", preset.equals("public_chat") ? "public" : "invite")));
        }
        if (!hasInitial("m.room.history_visibility")) {
            events.add(new StateEntry(
                    "m.room.history_visibility", "", Json.object().put("history_visibility", "shared")));
        }
        if (!preset.equals("public_chat") && !hasInitial("m.room.guest_access")) {
            events.add(new StateEntry("m.room.guest_access", "", Json.object().put("guest_access", "can_join")));
        }
        for (StateEntry entry : initialState) {
            if (!entry.type().equals("m.room.power_levels")) {
                events.add(entry);
            }
        }
        if (name != null) {
            events.add(new StateEntry("m.room.name", "", Json.object().put("name", name)));
        }
        if (topic != null) {
            events.add(new StateEntry("m.room.topic", "", Json.object().put("topic", topic)));
        }
        return events;
    }

    private ObjectNode powerLevels(String creator) {
        ObjectNode content = initialState.stream()
                .filter(e -> e.type().equals("m.room.power_levels"))
                .map(e -> e.content().deepCopy())
                .reduce((a, b) -> b)
                .orElseGet(() -> defaultPowerLevels(creator));
        if (powerLevelOverride != null) {
            content.setAll(powerLevelOverride.deepCopy());
        }
        return content;
    }

    private ObjectNode defaultPowerLevels(String creator) {
        ObjectNode content = Json.object();
        ObjectNode users = content.putObject("users");
        users.put(creator, 100);
        if (preset.equals("trusted_private_chat")) {
            invites.forEach(invitee -> users.put(invitee, 100));
        }
        content.put("users_default", 0);
        ObjectNode events = content.putObject("events");
        events.put("m.room.name", 50);
        events.put("m.room.power_levels", 100);
        events.put("m.room.history_visibility", 100);
        events.put("m.room.canonical_alias", 50);
        events.put("m.room.avatar", 50);
        events.put("m.room.tombstone", 100);
        events.put("m.room.server_acl", 100);
        events.put("m.room.encryption", 100);
        content.put("events_default", 0);
        content.put("state_default", 50);
        content.put("ban", 50);
        content.put("kick", 50);
        content.put("redact", 50);
        content.put("invite", preset.equals("public_chat") ? 50 : 0);
        return content;
    }

    private boolean hasInitial(String type) {
        return initialState.stream()
                .anyMatch(e -> e.type().equals(type) && e.stateKey().isEmpty());
    }
}
