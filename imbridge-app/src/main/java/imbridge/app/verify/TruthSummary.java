package imbridge.app.verify;

import java.util.List;

/**
 * Everything in the ground truth except the portals' parts: the parts are counted, not kept. The fields mean what
 * they mean in {@link GroundTruth}.
 */
public record TruthSummary(
        Long seed,
        DatasetSize dataset,
        List<String> ownerHandles,
        List<PortalSummary> portals,
        List<String> deletedPortals,
        List<RejectedRecord> rejectedRecords,
        List<String> revivedPortals,
        LiveExpectations live,
        List<ExpectedGhost> ghosts) {

    /** One expected portal without its parts. */
    public record PortalSummary(String portalId, String kind, String name, List<String> members, long partCount) {
        public PortalSummary {
            members = members == null ? List.of() : List.copyOf(members);
        }
    }

    public TruthSummary {
        ownerHandles = ownerHandles == null ? List.of() : List.copyOf(ownerHandles);
        portals = List.copyOf(portals);
        deletedPortals = deletedPortals == null ? List.of() : List.copyOf(deletedPortals);
        rejectedRecords = rejectedRecords == null ? List.of() : List.copyOf(rejectedRecords);
        revivedPortals = revivedPortals == null ? List.of() : List.copyOf(revivedPortals);
        live = live == null ? LiveExpectations.NONE : live;
        ghosts = ghosts == null ? List.of() : List.copyOf(ghosts);
    }

    public long partCount() {
        long n = 0;
        for (PortalSummary portal : portals) {
            n += portal.partCount();
        }
        return n;
    }
}
