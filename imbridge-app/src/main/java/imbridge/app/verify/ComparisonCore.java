package imbridge.app.verify;

import java.util.ArrayList;
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
 *
 * <p>Memory: rooms are listed first (a few fields each), then compared portal by portal ({@link RoomTasks}), a few
 * portals at a time; each task loads its portal's expected parts and streams its rooms' events, keeping a few
 * compact fields per delivered part. Nothing account-wide grows with the number of messages: the per-portal rows
 * (one per room), the picked samples, and the owners of unexpected parts, which are looked up in the truth only for
 * the samples kept.
 */
public final class ComparisonCore {
    public static final int SAMPLE_LIMIT = 20;
    /** Portals compared at once: each holds its expected parts and a few fields per delivered part. */
    static final int PARALLEL_PORTALS = 4;

    private ComparisonCore() {}

    /** The report and the room listing it was made from (for further checks that need no events). */
    public record Result(VerificationReport report, List<RoomListing> rooms) {}

    /**
     * @param media  fetches media bytes to check their SHA-256; null skips the byte check
     * @param ghosts maps sender MXIDs back to handles
     * @return the report with {@code elapsedMs} 0 (see {@link VerificationReport#withElapsedMs})
     */
    public static VerificationReport compare(
            GroundTruth truth, List<DeliveredRoom> rooms, MediaFetcher media, GhostResolver ghosts) {
        return compare(truth, rooms, media, ghosts, SAMPLE_LIMIT);
    }

    /**
     * As {@link #compare(GroundTruth, List, MediaFetcher, GhostResolver)}, keeping up to {@code sampleLimit}
     * problem samples (an audit lists every gap, not a few examples).
     */
    public static VerificationReport compare(
            GroundTruth truth, List<DeliveredRoom> rooms, MediaFetcher media, GhostResolver ghosts, int sampleLimit) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(rooms, "rooms");
        return compare(truth.asSource(), DeliveredReader.of(rooms), media, ghosts, sampleLimit, List.of())
                .report();
    }

    /**
     * The streaming comparison: the truth portal by portal, the homeserver room by room, page by page.
     *
     * @param watchers learn more from each room as it streams by (each room is read once for them)
     */
    public static Result compare(
            TruthSource truth,
            DeliveredReader reader,
            MediaFetcher media,
            GhostResolver ghosts,
            int sampleLimit,
            List<RoomWatcher> watchers) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(ghosts, "ghosts");
        TruthSummary summary = truth.summary();
        List<RoomListing> listings = reader.rooms();
        Set<String> deletedPortals = new HashSet<>(summary.deletedPortals());
        Set<String> revived = new HashSet<>(summary.revivedPortals());
        Map<String, List<RoomListing>> byPortal = new LinkedHashMap<>();
        List<RoomListing> withoutPortal = new ArrayList<>();
        List<RoomListing> stillVisibleDeleted = new ArrayList<>();
        long deletedRooms = 0;
        for (RoomListing room : listings) {
            if (room.portalId() != null && deletedPortals.contains(room.portalId())) {
                if (room.goneForOwner()) {
                    deletedRooms++;
                } else if (revived.contains(room.portalId())) {
                    byPortal.computeIfAbsent(room.portalId(), k -> new ArrayList<>())
                            .add(room);
                } else {
                    stillVisibleDeleted.add(room);
                }
            } else if (room.portalId() == null) {
                withoutPortal.add(room);
            } else {
                byPortal.computeIfAbsent(room.portalId(), k -> new ArrayList<>())
                        .add(room);
            }
        }

        List<RoomTasks.Task> tasks = new ArrayList<>();
        Set<String> inTruth = new HashSet<>();
        for (TruthSummary.PortalSummary portal : summary.portals()) {
            inTruth.add(portal.portalId());
            tasks.add(RoomTasks.Task.portal(
                    portal.portalId(), true, byPortal.getOrDefault(portal.portalId(), List.of())));
        }
        byPortal.forEach((portalId, claimed) -> {
            if (!inTruth.contains(portalId)) {
                tasks.add(RoomTasks.Task.portal(portalId, false, claimed));
            }
        });
        stillVisibleDeleted.forEach(room -> tasks.add(RoomTasks.Task.deletedButVisible(room)));
        withoutPortal.forEach(room -> tasks.add(RoomTasks.Task.withoutPortal(room)));

        RoomTasks runner = new RoomTasks(truth, reader, media, ghosts, sampleLimit, watchers);
        SampleCollector samples = new SampleCollector(sampleLimit);
        SampleCollector mediaSamples = new SampleCollector(sampleLimit);
        List<PortalRow> rows = new ArrayList<>(tasks.size());
        BoundedParallel.forEachOrdered(tasks, PARALLEL_PORTALS, runner::run, outcome -> {
            if (outcome.row() != null) {
                rows.add(outcome.row());
            }
            samples.addAll(outcome.samples());
            mediaSamples.addAll(outcome.mediaSamples());
            outcome.watches().forEach(RoomWatcher.Watch::close);
        });
        samples.addAll(mediaSamples); // media is judged last, as it always was
        int deliveredPortals = byPortal.size()
                + (int) stillVisibleDeleted.stream()
                        .map(RoomListing::portalId)
                        .distinct()
                        .count();
        List<ProblemSample> picked = PartOwners.fillIn(samples.pick(), truth);
        return new Result(build(summary, rows, deliveredPortals, deletedRooms, picked), listings);
    }

    private static VerificationReport build(
            TruthSummary truth,
            List<PortalRow> rows,
            int deliveredPortals,
            long deletedRooms,
            List<ProblemSample> samples) {
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
        return new VerificationReport(
                truth.seed(),
                truth.dataset(),
                new Counts(truth.portals().size(), truth.partCount()),
                new Counts(deliveredPortals, delivered),
                missing,
                duplicates,
                outOfOrder,
                unexpected,
                mismatched,
                0,
                rows,
                samples,
                deletedRooms,
                truth.rejectedRecords(),
                null);
    }
}
