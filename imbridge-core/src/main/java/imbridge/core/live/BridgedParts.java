package imbridge.core.live;

import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import java.util.ArrayList;
import java.util.List;

/** The events a message already has in its room, from the message map. */
final class BridgedParts {
    private BridgedParts() {}

    /** Event IDs of the message's parts already in the room (text, then attachments by index). */
    static List<String> eventIds(BridgeStore bridge, MessageRow row) {
        List<String> events = new ArrayList<>();
        bridge.eventIdOf(row.portalId(), PartKey.text(row.guid())).ifPresent(events::add);
        for (int i = 0;
                i < Math.max(row.attachmentGuids().size(), row.attachments().size());
                i++) {
            bridge.eventIdOf(row.portalId(), PartKey.attachment(row.guid(), i)).ifPresent(events::add);
        }
        return events;
    }

    /**
     * Event IDs of the message's parts and of the reactions aimed at it: what an unsend or a deletion takes out of
     * the room. A reaction left on a redacted message would stand in the room with nothing to react to.
     */
    static List<String> withReactions(CloudStore cloud, BridgeStore bridge, MessageRow row) {
        List<String> events = eventIds(bridge, row);
        for (MessageRow tapback : cloud.tapbacksTargeting(row.portalId(), row.guid())) {
            bridge.eventIdOf(row.portalId(), PartKey.reaction(tapback.guid())).ifPresent(events::add);
        }
        return events;
    }
}
