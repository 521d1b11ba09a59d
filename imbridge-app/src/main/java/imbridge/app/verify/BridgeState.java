package imbridge.app.verify;

import java.util.List;
import java.util.Map;

/** Finds a room's portal ID in its {@code m.bridge} (or legacy {@code uk.half-shot.bridge}) state. */
public final class BridgeState {
    public static final String M_BRIDGE = "m.bridge";
    public static final String HALF_SHOT_BRIDGE = "uk.half-shot.bridge";

    private BridgeState() {}

    /** The last {@code channel.id} among bridge state events (later state replaces earlier), or null. */
    public static String portalId(List<DeliveredEvent> events) {
        String found = null;
        String foundType = null;
        for (DeliveredEvent event : events) {
            if (event.stateKey() == null) {
                continue;
            }
            boolean standard = M_BRIDGE.equals(event.type());
            if (!standard && !HALF_SHOT_BRIDGE.equals(event.type())) {
                continue;
            }
            String id = channelId(event.content());
            // The standard type wins over the legacy copy.
            if (id != null && (standard || !M_BRIDGE.equals(foundType))) {
                found = id;
                foundType = event.type();
            }
        }
        return found;
    }

    static String channelId(Map<String, Object> content) {
        return content.get("channel") instanceof Map<?, ?> channel && channel.get("id") instanceof String id
                ? id
                : null;
    }
}
