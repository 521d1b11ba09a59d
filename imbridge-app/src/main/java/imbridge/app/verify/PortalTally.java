package imbridge.app.verify;

import java.util.HashSet;
import java.util.Set;

/** Running counts for one portal while it is compared; mismatches are a set so a part counts once. */
final class PortalTally {
    final String portalId;
    final String roomId;
    final long expected;
    long delivered;
    long missing;
    long duplicates;
    long outOfOrder;
    long unexpected;
    final Set<PartId> mismatched = new HashSet<>();

    PortalTally(String portalId, String roomId, long expected) {
        this.portalId = portalId;
        this.roomId = roomId;
        this.expected = expected;
    }

    PortalRow toRow() {
        return new PortalRow(
                portalId, roomId, expected, delivered, missing, duplicates, outOfOrder, unexpected, mismatched.size());
    }
}
