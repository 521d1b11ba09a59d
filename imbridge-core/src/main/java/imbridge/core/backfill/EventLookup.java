package imbridge.core.backfill;

import imbridge.core.model.PartKey;
import imbridge.core.port.BridgeStore;
import java.util.List;
import java.util.Map;

/**
 * Where a reply or a tapback points: the event of its target, sent earlier in this chunk (maybe not committed yet)
 * or found in the message map, else the event backward backfill will give a target it has not inserted yet.
 */
final class EventLookup {
    private final BridgeStore bridge;
    private volatile BackwardBackfill backward;

    EventLookup(BridgeStore bridge, BackwardBackfill backward) {
        this.bridge = bridge;
        this.backward = backward;
    }

    /** Wiring kept for {@link ForwardBackfill#splitHistory}; set once before the first run. */
    void olderHistoryFrom(BackwardBackfill backward) {
        this.backward = backward;
    }

    /** The event of the first of {@code keys} sent earlier in this chunk or in the message map; null if none. */
    String sentEventOf(String portalId, List<PartKey> keys, Map<PartKey, String> sentInChunk) {
        for (PartKey key : keys) {
            String eventId = sentInChunk.get(key);
            if (eventId == null) {
                eventId = bridge.eventIdOf(portalId, key).orElse(null);
            }
            if (eventId != null) {
                return eventId;
            }
        }
        return null;
    }

    /** The event a target not bridged yet will get from backward backfill, or null. */
    String onceInserted(String portalId, String targetGuid, List<PartKey> keys) {
        BackwardBackfill b = backward;
        return b == null
                ? null
                : b.eventIdOnceInserted(portalId, targetGuid, keys).orElse(null);
    }
}
