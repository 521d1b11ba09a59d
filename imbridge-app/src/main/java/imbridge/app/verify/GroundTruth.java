package imbridge.app.verify;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a correct bridge must produce in Matrix. Built from the simulator's {@code GET /_sim/truth}
 * ({@link GroundTruthParser}) or, for audits, from any other source of expectations; {@code seed} and
 * {@code dataset} are then null.
 */
public record GroundTruth(Long seed, DatasetSize dataset, List<String> ownerHandles, List<ExpectedPortal> portals) {
    public GroundTruth {
        ownerHandles = ownerHandles == null ? List.of() : List.copyOf(ownerHandles);
        portals = List.copyOf(portals);
        Set<String> ids = new HashSet<>();
        for (ExpectedPortal portal : portals) {
            if (!ids.add(portal.portalId())) {
                throw new IllegalArgumentException("ground truth lists portal " + portal.portalId() + " twice");
            }
        }
    }

    public long partCount() {
        long n = 0;
        for (ExpectedPortal portal : portals) {
            n += portal.parts().size();
        }
        return n;
    }
}
