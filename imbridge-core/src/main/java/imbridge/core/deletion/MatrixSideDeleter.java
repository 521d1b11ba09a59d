package imbridge.core.deletion;

import imbridge.core.matrixside.MatrixSideDeleteHandler;
import imbridge.core.matrixside.MembershipChange;
import imbridge.core.model.Portal;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Matrix-side delete (behaviour.md §8.3, T8): the owner leaving (or deleting) a portal room soft-deletes
 * the portal's chat rows and messages — their UUIDs stay for echo detection — marks the portal
 * deleted (in memory and on its row, so a restart knows), and the bridge leaves the room. Nothing is
 * ever sent to Apple. Idempotent: a repeated event finds no portal with that room any more.
 */
public final class MatrixSideDeleter implements MatrixSideDeleteHandler {
    private static final Logger log = LoggerFactory.getLogger(MatrixSideDeleter.class);

    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final MatrixGateway matrix;
    private final RecentlyDeletedPortals recentlyDeleted;
    private final Clock clock;
    private final String ownerUserId;

    public MatrixSideDeleter(
            CloudStore cloud,
            BridgeStore bridge,
            MatrixGateway matrix,
            RecentlyDeletedPortals recentlyDeleted,
            Clock clock,
            String ownerUserId) {
        this.cloud = cloud;
        this.bridge = bridge;
        this.matrix = matrix;
        this.recentlyDeleted = recentlyDeleted;
        this.clock = clock;
        this.ownerUserId = ownerUserId;
    }

    @Override
    public void onMembership(MembershipChange change) throws MatrixException {
        if (!change.userId().equals(ownerUserId) || !change.departure()) {
            log.info(
                    "membership {} of {} in {}: no action (reason=MEMBERSHIP_NO_ACTION)",
                    change.membership(),
                    change.userId(),
                    change.roomId());
            return;
        }
        Optional<Portal> portal = bridge.portalByRoom(change.roomId());
        if (portal.isEmpty()) {
            log.info(
                    "owner left {}, which is no (longer a) portal room: no action (reason=NOT_A_PORTAL_ROOM)",
                    change.roomId());
            return;
        }
        String portalId = portal.get().portalId();
        cloud.softDeletePortal(portalId);
        recentlyDeleted.mark(portalId, false);
        bridge.markPortalDeleted(portalId, clock.millis());
        matrix.deleteRoom(change.roomId(), "The chat was deleted in Matrix");
        bridge.forgetPortalRoom(portalId);
        log.info(
                "matrix-side delete portal={} room={} ({}): chat and messages soft-deleted, nothing sent to Apple",
                portalId,
                change.roomId(),
                change.leftByThemselves() ? "owner left" : "owner removed");
    }
}
