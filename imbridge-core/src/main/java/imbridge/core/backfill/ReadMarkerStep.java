package imbridge.core.backfill;

import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalKind;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a portal's forward backfill: in a DM the remote side read my newest read message, so its ghost's read marker
 * moves there with the time it was read; in any portal, my own receipt moves to the newest message to me that I read
 * (the gateway sends it as my own account when double puppeting is on, and skips it otherwise). A failure is only
 * logged: the history itself is complete.
 */
final class ReadMarkerStep {
    private static final Logger log = LoggerFactory.getLogger(ReadMarkerStep.class);

    private final BridgeStore bridge;
    private final MatrixGateway matrix;
    private final String ownerHandle;

    ReadMarkerStep(BridgeStore bridge, MatrixGateway matrix, String ownerHandle) {
        this.bridge = bridge;
        this.matrix = matrix;
        this.ownerHandle = ownerHandle;
    }

    void afterRun(Portal portal, PortalRun run) {
        theirReceipt(portal, run);
        if (run.lastReadTheirs() != null && !ownerHandle.isEmpty()) {
            move(portal, ownerHandle, run.lastReadTheirs(), run.lastReadTheirsAtMs());
        }
    }

    private void theirReceipt(Portal portal, PortalRun run) {
        if (run.lastReadMine() == null
                || portal.kind() != PortalKind.DM
                || portal.portalId().equals(ownerHandle)) {
            return;
        }
        move(portal, portal.portalId(), run.lastReadMine(), run.lastReadAtMs());
    }

    private void move(Portal portal, String reader, PartKey read, long readAtMs) {
        String eventId = bridge.eventIdOf(portal.portalId(), read).orElse(null);
        if (eventId == null) {
            return;
        }
        try {
            matrix.markRead(portal.roomId(), reader, eventId, readAtMs);
            log.info(
                    "read marker portal={} reader={} event={} readAt={}", portal.portalId(), reader, eventId, readAtMs);
        } catch (MatrixException e) {
            log.warn("read marker for portal={} not moved: {}", portal.portalId(), e.getMessage());
        }
    }
}
