package imbridge.core.portal;

import imbridge.core.backfill.BackfillQueue;
import imbridge.core.deletion.RecentlyDeletedPortals;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.PortalCandidate;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds portals with history to bridge (behaviour.md §4.9) and queues their forward backfill, newest
 * first. Candidates come from the store (portals with live messages; filtered and deleted chats
 * excluded); recently deleted portals and the skip list are left out; a portal whose backfill is
 * done and has nothing newer than its checkpoint is not queued again for the same data.
 */
public class PortalDiscovery {
    private static final Logger log = LoggerFactory.getLogger(PortalDiscovery.class);

    public record Result(int candidates, int queued, int skippedDeleted, int upToDate) {}

    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final RecentlyDeletedPortals recentlyDeleted;
    private final BackfillQueue queue;

    public PortalDiscovery(
            CloudStore cloud, BridgeStore bridge, RecentlyDeletedPortals recentlyDeleted, BackfillQueue queue) {
        this.cloud = cloud;
        this.bridge = bridge;
        this.recentlyDeleted = recentlyDeleted;
        this.queue = queue;
    }

    public Result discover(Set<String> skip) {
        int queued = 0;
        int deleted = 0;
        int upToDate = 0;
        var candidates = cloud.portalCandidates();
        for (PortalCandidate c : candidates) {
            if (skip.contains(c.portalId()) || recentlyDeleted.contains(c.portalId())) {
                deleted++;
                log.info("portal discovery: skip portal={} reason=RECENTLY_DELETED", c.portalId());
                continue;
            }
            BackfillState state = bridge.backfillState(c.portalId()).orElse(null);
            boolean hasRoom =
                    bridge.portal(c.portalId()).map(p -> p.roomId() != null).orElse(false);
            if (hasRoom
                    && state != null
                    && state.status() == BackfillStatus.DONE
                    && c.newestTimestampMs() <= state.cursor().timestampMs()) {
                upToDate++;
                continue;
            }
            queue.enqueue(c.portalId());
            queued++;
        }
        Result result = new Result(candidates.size(), queued, deleted, upToDate);
        log.info("portal discovery: {}", result);
        return result;
    }
}
