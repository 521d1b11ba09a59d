package imbridge.app.verify;

import java.util.Map;

/** The bridge's stable marker in event content: {@code "com.imbridge.part":{"guid","part","portal"}}. */
record PartMarker(PartId id, String portal) {
    static final String KEY = "com.imbridge.part";

    /** The marker, or null when it is absent or malformed (no string guid/part). */
    static PartMarker read(Map<String, Object> content) {
        if (content.get(KEY) instanceof Map<?, ?> marker
                && marker.get("guid") instanceof String guid
                && marker.get("part") instanceof String part) {
            return new PartMarker(new PartId(guid, part), marker.get("portal") instanceof String p ? p : null);
        }
        return null;
    }

    static boolean present(Map<String, Object> content) {
        return content.containsKey(KEY);
    }
}
