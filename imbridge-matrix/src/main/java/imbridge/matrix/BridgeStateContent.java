package imbridge.matrix;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code m.bridge} / {@code uk.half-shot.bridge} room state of a portal (wire-contracts.md §3). */
final class BridgeStateContent {
    static final String PROTOCOL_ID = "imessage";
    static final String PROTOCOL_NAME = "iMessage";

    private BridgeStateContent() {}

    static String stateKey(String portalId) {
        return PROTOCOL_ID + "://" + portalId;
    }

    static Map<String, Object> content(String botUserId, String portalId) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("bridgebot", botUserId);
        content.put("protocol", Map.of("id", PROTOCOL_ID, "displayname", PROTOCOL_NAME));
        content.put("channel", Map.of("id", portalId));
        return content;
    }
}
