package imbridge.core.backfill;

import imbridge.core.model.Portal;
import imbridge.core.model.PortalKind;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a DM's forward backfill: the remote side read my newest read message, so its ghost's read marker moves there
 * with the time it was read. A failure is only logged: the history itself is complete.
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
        if (run.lastReadMine() == null
                || portal.kind() != PortalKind.DM
                || portal.portalId().equals(ownerHandle)) {
            return;
        }
        String eventId = bridge.eventIdOf(portal.portalId(), run.lastReadMine()).orElse(null);
        if (eventId == null) {
            return;
        }
        try {
            matrix.markRead(portal.roomId(), portal.portalId(), eventId, run.lastReadAtMs());
            log.info(
                    "read marker portal={} reader={} event={} readAt={}",
                    portal.portalId(),
                    portal.portalId(),
                    eventId,
                    run.lastReadAtMs());
        } catch (MatrixException e) {
            log.warn("read marker for portal={} not moved: {}", portal.portalId(), e.getMessage());
        }
    }
}
