package imbridge.app.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one comparison every reader feeds: ground truth versus the rooms a homeserver holds.
 *
 * <p>Rules (only {@code m.room.message} events and {@code m.reaction} events that were not redacted count; each
 * is keyed by its {@code com.imbridge.part} marker {@code (upper-case guid, part)}, a reaction's part being
 * {@code reaction}; a reaction must also annotate its target's first part with the expected key):
 * <ul>
 *   <li>A portal's room is the room whose {@code m.bridge} channel ID equals the portal ID. When several rooms
 *       claim one portal, the one with the most messages is its room (ties: the first read); every message of
 *       the others is <b>unexpected</b> and delivers nothing.</li>
 *   <li><b>missing</b>: expected parts not delivered in the portal's room.</li>
 *   <li><b>duplicates</b>: every delivery of a part after its first.</li>
 *   <li><b>outOfOrder</b>: first deliveries, in timeline order, minus the longest subsequence that follows the
 *       expected order (one swapped pair = 1).</li>
 *   <li><b>unexpected</b>: messages without a marker or with a part not expected in that portal; every message
 *       in a room whose portal is not in the truth; marked messages in rooms without bridge state.</li>
 *   <li><b>mismatched</b>: first deliveries whose timestamp, sender ghost, marker portal, text body, file
 *       metadata or media bytes (when a {@link MediaFetcher} is given) are wrong; counted once per part.</li>
 *   <li>A room of a <b>deleted portal</b> (chat tombstoned on the Apple side) whose owner membership is
 *       {@code leave} or {@code ban} is <b>deleted for the user</b>: it counts in {@code deletedRooms} and its
 *       events count for nothing. If the user can still see it (any other membership), every message in it is
 *       <b>unexpected</b>. A deleted portal that genuinely new messages <b>revived</b> is compared like any other
 *       portal in its visible room (which must hold only the new messages).</li>
 *   <li>Only the bridge's output counts ({@link BridgeOutput}): messages of real users and the bot, and redacted
 *       messages, are ignored; an {@code m.replace} edit changes the body of the event it replaces.</li>
 * </ul>
 * Unmarked messages in rooms without bridge state (e.g. a management room) are not the bridge's output and
 * are ignored.
 */
public final class ComparisonCore {
    public static final int SAMPLE_LIMIT = 20;

    private ComparisonCore() {
    }

    /**
     * @param media  fetches media bytes to check their SHA-256; null skips the byte check
     * @param ghosts maps sender MXIDs back to handles
     * @return the report with {@code elapsedMs} 0 (see {@link VerificationReport#withElapsedMs})
     */
    public static VerificationReport compare(GroundTruth truth, List<DeliveredRoom> rooms, MediaFetcher media,
                                             GhostResolver ghosts) {
        return compare(truth, rooms, media, ghosts, SAMPLE_LIMIT);
    }

    /**
     * As {@link #compare(GroundTruth, List, MediaFetcher, GhostResolver)}, keeping up to {@code sampleLimit}
     * problem samples (an audit lists every gap, not a few examples).
     */
    public static VerificationReport compare(GroundTruth truth, List<DeliveredRoom> rooms, MediaFetcher media,
                                             GhostResolver ghosts, int sampleLimit) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(rooms, "rooms");
        Objects.requireNonNull(ghosts, "ghosts");
        Map<PartId, String> portalOfPart = HashMap.newHashMap((int) truth.partCount());
        for (ExpectedPortal portal : truth.portals()) {
            portal.parts().forEach(p -> portalOfPart.put(p.id(), portal.portalId()));
        }
        Set<String> deletedPortals = new HashSet<>(truth.deletedPortals());
        Set<String> revived = new HashSet<>(truth.revivedPortals());
        Map<String, List<DeliveredRoom>> byPortal = new LinkedHashMap<>();
        List<DeliveredRoom> withoutPortal = new ArrayList<>();
        List<DeliveredRoom> stillVisibleDeleted = new ArrayList<>();
        long deletedRooms = 0;
        for (DeliveredRoom delivered : rooms) {
            DeliveredRoom room = BridgeOutput.of(delivered, ghosts);
            if (room.portalId() != null && deletedPortals.contains(room.portalId())) {
                if (room.goneForOwner()) {
                    deletedRooms++;
                } else if (revived.contains(room.portalId())) {
                    byPortal.computeIfAbsent(room.portalId(), k -> new ArrayList<>()).add(room);
                } else {
                    stillVisibleDeleted.add(room);
                }
            } else if (room.portalId() == null) {
                withoutPortal.add(room);
            } else {
                byPortal.computeIfAbsent(room.portalId(), k -> new ArrayList<>()).add(room);
            }
        }

        SampleCollector samples = new SampleCollector(sampleLimit);
        List<MediaCheck> mediaChecks = new ArrayList<>();
        Map<String, PortalTally> tallies = new LinkedHashMap<>();
        for (ExpectedPortal portal : truth.portals()) {
            List<DeliveredRoom> claimed = byPortal.getOrDefault(portal.portalId(), List.of());
            tallies.put(portal.portalId(),
                    comparePortal(portal.portalId(), portal, claimed, portalOfPart, ghosts, samples, mediaChecks));
        }
        for (Map.Entry<String, List<DeliveredRoom>> entry : byPortal.entrySet()) {
            if (!tallies.containsKey(entry.getKey())) {
                tallies.put(entry.getKey(), comparePortal(entry.getKey(), null, entry.getValue(), portalOfPart,
                        ghosts, samples, mediaChecks));
            }
        }
        List<PortalRow> strayRows = new ArrayList<>();
        for (DeliveredRoom room : stillVisibleDeleted) {
            strayRows.add(deletedButVisible(room, samples).toRow());
        }
        for (DeliveredRoom room : withoutPortal) {
            PortalTally stray = strayMessages(room, samples);
            if (stray.delivered > 0) {
                strayRows.add(stray.toRow());
            }
        }
        if (media != null && !mediaChecks.isEmpty()) {
            applyMediaResults(mediaChecks, MediaVerifier.verify(mediaChecks, media), tallies, samples);
        }

        List<PortalRow> rows = new ArrayList<>(tallies.size() + strayRows.size());
        tallies.values().forEach(t -> rows.add(t.toRow()));
        rows.addAll(strayRows);
        int deliveredPortals = byPortal.size() + (int) stillVisibleDeleted.stream().map(DeliveredRoom::portalId)
                .distinct().count();
        return build(truth, rows, deliveredPortals, deletedRooms, samples.pick());
    }

    private static PortalTally comparePortal(String portalId, ExpectedPortal expected, List<DeliveredRoom> claimed,
                                             Map<PartId, String> portalOfPart, GhostResolver ghosts,
                                             SampleCollector samples, List<MediaCheck> mediaChecks) {
        DeliveredRoom primary = primaryRoom(claimed);
        List<DeliveredRoom> extras = new ArrayList<>(claimed);
        extras.remove(primary);
        return new PortalComparison(portalId, expected, primary, portalOfPart, ghosts, samples, mediaChecks)
                .run(primary, extras);
    }

    private static DeliveredRoom primaryRoom(List<DeliveredRoom> claimed) {
        DeliveredRoom best = null;
        long bestCount = -1;
        for (DeliveredRoom room : claimed) {
            long count = room.timeline().stream().filter(DeliveredEvent::isBridgedPart).count();
            if (count > bestCount) {
                best = room;
                bestCount = count;
            }
        }
        return best;
    }

    /** A deleted portal's room the user can still see: everything bridged into it should be gone. */
    private static PortalTally deletedButVisible(DeliveredRoom room, SampleCollector samples) {
        PortalTally tally = new PortalTally(room.portalId(), room.roomId(), 0);
        for (DeliveredEvent event : room.timeline()) {
            if (!event.isBridgedPart()) {
                continue;
            }
            tally.delivered++;
            tally.unexpected++;
            PartMarker marker = PartMarker.read(event.content());
            samples.add(new ProblemSample(Problem.UNEXPECTED, room.portalId(), room.roomId(),
                    marker == null ? null : marker.id().guid(), marker == null ? null : marker.id().part(),
                    event.eventId(), "portal was deleted on the Apple side but its room is still visible to the "
                    + "user (membership " + room.ownerMembership() + ")"));
        }
        return tally;
    }

    private static PortalTally strayMessages(DeliveredRoom room, SampleCollector samples) {
        PortalTally tally = new PortalTally(null, room.roomId(), 0);
        for (DeliveredEvent event : room.timeline()) {
            PartMarker marker = event.isBridgedPart() ? PartMarker.read(event.content()) : null;
            if (marker != null) {
                tally.delivered++;
                tally.unexpected++;
                samples.add(new ProblemSample(Problem.UNEXPECTED, null, room.roomId(), marker.id().guid(),
                        marker.id().part(), event.eventId(), "bridged message in a room without m.bridge state"));
            }
        }
        return tally;
    }

    private static void applyMediaResults(List<MediaCheck> checks, List<String> results,
                                          Map<String, PortalTally> tallies, SampleCollector samples) {
        for (int i = 0; i < checks.size(); i++) {
            String problem = results.get(i);
            if (problem != null) {
                MediaCheck check = checks.get(i);
                tallies.get(check.portalId()).mismatched.add(check.id());
                samples.add(new ProblemSample(Problem.MISMATCHED, check.portalId(), check.roomId(), check.id().guid(),
                        check.id().part(), check.eventId(), problem));
            }
        }
    }

    private static VerificationReport build(GroundTruth truth, List<PortalRow> rows, int deliveredPortals,
                                            long deletedRooms, List<ProblemSample> samples) {
        long delivered = 0;
        long missing = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long unexpected = 0;
        long mismatched = 0;
        for (PortalRow row : rows) {
            delivered += row.delivered();
            missing += row.missing();
            duplicates += row.duplicates();
            outOfOrder += row.outOfOrder();
            unexpected += row.unexpected();
            mismatched += row.mismatched();
        }
        return new VerificationReport(truth.seed(), truth.dataset(),
                new Counts(truth.portals().size(), truth.partCount()), new Counts(deliveredPortals, delivered),
                missing, duplicates, outOfOrder, unexpected, mismatched, 0, rows, samples, deletedRooms,
                truth.rejectedRecords(), null);
    }
}
