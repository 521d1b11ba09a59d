package imbridge.app.verify;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Says which portal an unexpected part belongs to, for the samples kept only. A map of every part to its portal
 * would grow with the account (a million parts); instead the truth is read again portal by portal, once, and only
 * when a kept sample needs it, stopping as soon as every owner is found.
 */
final class PartOwners {
    private PartOwners() {}

    static List<ProblemSample> fillIn(List<ProblemSample> samples, TruthSource truth) {
        Set<PartId> wanted = new HashSet<>();
        for (ProblemSample sample : samples) {
            if (PortalComparison.OWNER_PENDING.equals(sample.detail())) {
                wanted.add(new PartId(sample.guid(), sample.part()));
            }
        }
        if (wanted.isEmpty()) {
            return samples;
        }
        Map<PartId, String> owners = new HashMap<>();
        for (TruthSummary.PortalSummary summary : truth.summary().portals()) {
            for (ExpectedPart part : truth.portal(summary.portalId()).parts()) {
                if (wanted.contains(part.id())) {
                    owners.putIfAbsent(part.id(), summary.portalId());
                }
            }
            if (owners.size() == wanted.size()) {
                break;
            }
        }
        return samples.stream()
                .map(s -> {
                    if (!PortalComparison.OWNER_PENDING.equals(s.detail())) {
                        return s;
                    }
                    String owner = owners.get(new PartId(s.guid(), s.part()));
                    return new ProblemSample(
                            s.problem(),
                            s.portalId(),
                            s.roomId(),
                            s.guid(),
                            s.part(),
                            s.eventId(),
                            owner == null ? "part is not in the ground truth" : "part belongs to portal " + owner);
                })
                .toList();
    }
}
