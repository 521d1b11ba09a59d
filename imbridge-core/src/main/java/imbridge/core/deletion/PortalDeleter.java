package imbridge.core.deletion;

import imbridge.core.model.Portal;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat deleted on the Apple side (CloudKit chat tombstone): the cache rows are already handled
 * by the store in the page's transaction; here the portal joins the recently-deleted list and its
 * room is deleted for the user. Nothing is ever deleted on the Apple side.
 */
public final class PortalDeleter {
    private static final Logger log = LoggerFactory.getLogger(PortalDeleter.class);

    private final BridgeStore bridge;
    private final MatrixGateway matrix;
    private final RecentlyDeletedPortals recentlyDeleted;
    private final Clock clock;

    public PortalDeleter(
            BridgeStore bridge, MatrixGateway matrix, RecentlyDeletedPortals recentlyDeleted, Clock clock) {
        this.bridge = bridge;
        this.matrix = matrix;
        this.recentlyDeleted = recentlyDeleted;
        this.clock = clock;
    }

    public void onChatTombstone(String portalId) {
        recentlyDeleted.mark(portalId, true);
        bridge.markPortalDeleted(portalId, clock.millis());
        Portal portal = bridge.portal(portalId).orElse(null);
        if (portal == null || portal.roomId() == null) {
            log.info("chat tombstone portal={}: no room yet, marked recently deleted", portalId);
            return;
        }
        try {
            matrix.deleteRoom(portal.roomId(), "This chat was deleted on your Apple device");
            bridge.forgetPortalRoom(portalId);
            log.info(
                    "chat tombstone portal={}: room {} deleted for the user (source=cloudkit_tombstone)",
                    portalId,
                    portal.roomId());
        } catch (MatrixException e) {
            log.warn(
                    "chat tombstone portal={}: deleting room {} failed: {}", portalId, portal.roomId(), e.getMessage());
        }
    }
}
