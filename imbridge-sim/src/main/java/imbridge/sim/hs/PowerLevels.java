package imbridge.sim.hs;

import com.fasterxml.jackson.databind.JsonNode;

/** Read-only view of {@code m.room.power_levels} content with the spec's defaults for absent keys. */
final class PowerLevels {
    private final JsonNode content;

    PowerLevels(JsonNode content) {
        this.content = content;
    }

    int userLevel(String userId) {
        if (content == null) {
            return 0;
        }
        JsonNode level = content.path("users").get(userId);
        return level != null && level.isNumber() ? level.intValue() : intOr("users_default", 0);
    }

    int eventLevel(String type, boolean state) {
        JsonNode level = content == null ? null : content.path("events").get(type);
        if (level != null && level.isNumber()) {
            return level.intValue();
        }
        // Without a power_levels event, state needs 0 (spec auth rules); with one, state_default (50).
        return state ? intOr("state_default", content == null ? 0 : 50) : intOr("events_default", 0);
    }

    int invite() {
        return intOr("invite", 0);
    }

    int kick() {
        return intOr("kick", 50);
    }

    int ban() {
        return intOr("ban", 50);
    }

    int redact() {
        return intOr("redact", 50);
    }

    private int intOr(String key, int fallback) {
        JsonNode node = content == null ? null : content.get(key);
        return node != null && node.isNumber() ? node.intValue() : fallback;
    }
}
