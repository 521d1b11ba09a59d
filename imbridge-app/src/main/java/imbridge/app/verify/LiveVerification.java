package imbridge.app.verify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The live phase's own checks, beside the part-by-part comparison (which already covers live messages):
 * <ul>
 *   <li><b>resurrected</b>: rooms the user can see of a deleted conversation that hold bridged parts (for a
 *       revived conversation: parts that are not its new messages);</li>
 *   <li><b>liveAheadOfHistory</b>: live parts placed before a history part of their room;</li>
 *   <li><b>unexpectedDrops</b>: messages the bridge says it dropped that the truth wanted in Matrix (or, for
 *       deleted conversations, that the truth does not list as drops);</li>
 *   <li><b>ownerMessagesLost</b>: messages the owner wrote in Matrix that never reached Apple.</li>
 * </ul>
 */
public final class LiveVerification {

    /** A drop as the bridge reports it. */
    public record BridgeDrop(String guid, String kind, String reason) {}

    public record Result(
            long resurrected,
            long liveAheadOfHistory,
            long unexpectedDrops,
            long ownerMessagesLost,
            long expectedDropsListed,
            Map<String, Long> dropsByReason,
            List<String> samples) {
        public boolean ok() {
            return resurrected == 0 && liveAheadOfHistory == 0 && unexpectedDrops == 0 && ownerMessagesLost == 0;
        }
    }

    private static final Set<String> DELETED_PORTAL_DROPS =
            Set.of("STALE_ECHO_DELETED_PORTAL", "KNOWN_UUID_DELETED_PORTAL");

    private LiveVerification() {}

    /**
     * @param drops             what the bridge dropped (its report; the verifier still judges them by the truth)
     * @param ownerMessagesSent messages the demo wrote as the Matrix user, by body (files by file name)
     */
    public static Result check(
            GroundTruth truth,
            List<DeliveredRoom> rooms,
            GhostResolver ghosts,
            List<BridgeDrop> drops,
            List<String> ownerMessagesSent) {
        LiveExpectations live = truth.live();
        Set<String> deleted = new HashSet<>(truth.deletedPortals());
        Set<String> revived = new HashSet<>(truth.revivedPortals());
        Map<String, Set<PartId>> expectedByPortal = new TreeMap<>();
        Set<String> expectedGuids = new HashSet<>();
        for (ExpectedPortal p : truth.portals()) {
            Set<PartId> ids = new HashSet<>();
            p.parts().forEach(part -> {
                ids.add(part.id());
                expectedGuids.add(part.id().guid());
            });
            expectedByPortal.put(p.portalId(), ids);
        }
        List<String> samples = new ArrayList<>();
        long resurrected = 0;
        long liveAhead = 0;
        Set<String> deliveredGuids = new HashSet<>();
        for (DeliveredRoom raw : rooms) {
            DeliveredRoom room = BridgeOutput.of(raw, ghosts);
            if (room.portalId() == null || room.goneForOwner()) {
                continue;
            }
            List<PartId> parts = new ArrayList<>();
            for (DeliveredEvent e : room.timeline()) {
                PartMarker marker = e.isBridgedPart() ? PartMarker.read(e.content()) : null;
                if (marker != null) {
                    parts.add(marker.id());
                    deliveredGuids.add(marker.id().guid());
                }
            }
            if (deleted.contains(room.portalId()) && !parts.isEmpty()) {
                Set<PartId> allowed = revived.contains(room.portalId())
                        ? expectedByPortal.getOrDefault(room.portalId(), Set.of())
                        : Set.of();
                long stale = parts.stream().filter(p -> !allowed.contains(p)).count();
                if (stale > 0) {
                    resurrected++;
                    sample(
                            samples,
                            "resurrected: room " + room.roomId() + " of deleted portal " + room.portalId() + " shows "
                                    + stale + " old part(s)");
                }
            }
            int lastHistory = -1;
            Set<PartId> expectedHere = expectedByPortal.getOrDefault(room.portalId(), Set.of());
            for (int i = 0; i < parts.size(); i++) {
                if (expectedHere.contains(parts.get(i))
                        && !live.messageGuids().contains(parts.get(i).guid())) {
                    lastHistory = i; // an expected history part (stray parts are the comparison's business)
                }
            }
            for (int i = 0; i < lastHistory; i++) {
                if (live.messageGuids().contains(parts.get(i).guid())) {
                    liveAhead++;
                    sample(samples, "live part " + parts.get(i) + " precedes history in " + room.roomId());
                }
            }
        }
        Set<String> expectedDrops = new HashSet<>();
        live.expectedDrops().forEach(d -> expectedDrops.add(d.guid()));
        long unexpectedDrops = 0;
        Map<String, Long> byReason = new TreeMap<>();
        for (BridgeDrop drop : drops) {
            byReason.merge(drop.reason(), 1L, Long::sum);
            if (!"MESSAGE".equals(drop.kind())
                    || drop.guid() == null
                    || drop.guid().isBlank()) {
                continue; // receipts, renames… are judged by their effects, not here
            }
            String guid = drop.guid().toUpperCase(Locale.ROOT);
            boolean fine = DELETED_PORTAL_DROPS.contains(drop.reason())
                    ? expectedDrops.contains(guid)
                    : !expectedGuids.contains(guid) || deliveredGuids.contains(guid);
            if (!fine) {
                unexpectedDrops++;
                sample(samples, "unexpected drop " + drop.reason() + " of " + guid);
            }
        }
        Set<String> reachedApple = new HashSet<>();
        live.sentFromMatrix().forEach(s -> {
            if (s.text() != null) {
                reachedApple.add(s.text());
            }
            if (s.filename() != null) {
                reachedApple.add(s.filename());
            }
        });
        long lost = ownerMessagesSent.stream()
                .filter(body -> !reachedApple.contains(body))
                .count();
        if (lost > 0) {
            sample(samples, lost + " message(s) written in Matrix never reached iMessage");
        }
        return new Result(
                resurrected,
                liveAhead,
                unexpectedDrops,
                lost,
                live.expectedDrops().size(),
                byReason,
                samples);
    }

    private static void sample(List<String> samples, String s) {
        if (samples.size() < 20) {
            samples.add(s);
        }
    }
}
