package imbridge.app.verify;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a correct bridge must produce in Matrix. Built from the simulator's {@code GET /_sim/truth}
 * ({@link GroundTruthParser}) or, for audits, from any other source of expectations; {@code seed} and
 * {@code dataset} are then null.
 *
 * @param deletedPortals  portals deleted on the Apple side (chat tombstones): no room of theirs may stay visible
 *                        to the user
 * @param rejectedRecords malformed records a correct bridge quarantines (reported, never compared)
 * @param revivedPortals  deleted portals that genuinely new messages brought back: in a fresh room that the user
 *                        sees, with only the new messages (they are in both {@code portals} and {@code deletedPortals})
 * @param live            the live phase's expectations ({@link LiveExpectations#NONE} without one)
 * @param ghosts          what each ghost's profile must show (local Apple sources); empty = not checked
 */
public record GroundTruth(
        Long seed,
        DatasetSize dataset,
        List<String> ownerHandles,
        List<ExpectedPortal> portals,
        List<String> deletedPortals,
        List<RejectedRecord> rejectedRecords,
        List<String> revivedPortals,
        LiveExpectations live,
        List<ExpectedGhost> ghosts) {

    /** Without ghost profiles. */
    public GroundTruth(
            Long seed,
            DatasetSize dataset,
            List<String> ownerHandles,
            List<ExpectedPortal> portals,
            List<String> deletedPortals,
            List<RejectedRecord> rejectedRecords,
            List<String> revivedPortals,
            LiveExpectations live) {
        this(seed, dataset, ownerHandles, portals, deletedPortals, rejectedRecords, revivedPortals, live, List.of());
    }

    public GroundTruth(
            Long seed,
            DatasetSize dataset,
            List<String> ownerHandles,
            List<ExpectedPortal> portals,
            List<String> deletedPortals,
            List<RejectedRecord> rejectedRecords) {
        this(seed, dataset, ownerHandles, portals, deletedPortals, rejectedRecords, List.of(), LiveExpectations.NONE);
    }

    public GroundTruth {
        ownerHandles = ownerHandles == null ? List.of() : List.copyOf(ownerHandles);
        portals = List.copyOf(portals);
        deletedPortals = deletedPortals == null ? List.of() : List.copyOf(deletedPortals);
        rejectedRecords = rejectedRecords == null ? List.of() : List.copyOf(rejectedRecords);
        revivedPortals = revivedPortals == null ? List.of() : List.copyOf(revivedPortals);
        live = live == null ? LiveExpectations.NONE : live;
        ghosts = ghosts == null ? List.of() : List.copyOf(ghosts);
        Set<String> ids = new HashSet<>();
        for (ExpectedPortal portal : portals) {
            if (!ids.add(portal.portalId())) {
                throw new IllegalArgumentException("ground truth lists portal " + portal.portalId() + " twice");
            }
        }
        for (String deleted : deletedPortals) {
            if (ids.contains(deleted) && !revivedPortals.contains(deleted)) {
                throw new IllegalArgumentException(
                        "ground truth lists portal " + deleted + " both as expected and as deleted");
            }
        }
    }

    /** A truth without deleted portals or rejected records. */
    public GroundTruth(Long seed, DatasetSize dataset, List<String> ownerHandles, List<ExpectedPortal> portals) {
        this(seed, dataset, ownerHandles, portals, List.of(), List.of());
    }

    /** The truth behind the one-portal-at-a-time interface the verifier reads. */
    public TruthSource asSource() {
        java.util.Map<String, ExpectedPortal> byId = new java.util.HashMap<>();
        portals.forEach(p -> byId.put(p.portalId(), p));
        TruthSummary summary = new TruthSummary(
                seed,
                dataset,
                ownerHandles,
                portals.stream()
                        .map(p -> new TruthSummary.PortalSummary(
                                p.portalId(),
                                p.kind(),
                                p.name(),
                                p.members(),
                                p.parts().size()))
                        .toList(),
                deletedPortals,
                rejectedRecords,
                revivedPortals,
                live,
                ghosts);
        return new TruthSource() {
            @Override
            public TruthSummary summary() {
                return summary;
            }

            @Override
            public ExpectedPortal portal(String portalId) {
                ExpectedPortal portal = byId.get(portalId);
                if (portal == null) {
                    throw new IllegalArgumentException("ground truth has no portal " + portalId);
                }
                return portal;
            }
        };
    }

    public long partCount() {
        long n = 0;
        for (ExpectedPortal portal : portals) {
            n += portal.parts().size();
        }
        return n;
    }
}
