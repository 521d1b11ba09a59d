package imbridge.core.live;

import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.port.BridgeStore;
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
}
