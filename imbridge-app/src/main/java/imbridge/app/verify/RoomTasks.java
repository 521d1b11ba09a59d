package imbridge.app.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One unit of the streaming comparison ({@link ComparisonCore}): a portal with the rooms that claim it, or one stray
 * room. Runs on a worker thread; reads the portal's truth and streams its rooms, returning only the verdict row,
 * this unit's samples and the room watches to close.
 */
final class RoomTasks {
    private final TruthSource truth;
    private final DeliveredReader reader;
    private final MediaFetcher media;
    private final GhostResolver ghosts;
    private final int sampleLimit;
    private final List<RoomWatcher> watchers;

    RoomTasks(
            TruthSource truth,
            DeliveredReader reader,
            MediaFetcher media,
            GhostResolver ghosts,
            int sampleLimit,
            List<RoomWatcher> watchers) {
        this.truth = truth;
        this.reader = reader;
        this.media = media;
        this.ghosts = ghosts;
        this.sampleLimit = sampleLimit;
        this.watchers = List.copyOf(watchers);
    }

    enum Kind {
        PORTAL,
        DELETED_BUT_VISIBLE,
        WITHOUT_PORTAL
    }

    record Task(Kind kind, String portalId, boolean inTruth, List<RoomListing> rooms) {
        static Task portal(String portalId, boolean inTruth, List<RoomListing> claimed) {
            return new Task(Kind.PORTAL, portalId, inTruth, List.copyOf(claimed));
        }

        static Task deletedButVisible(RoomListing room) {
            return new Task(Kind.DELETED_BUT_VISIBLE, room.portalId(), false, List.of(room));
        }

        static Task withoutPortal(RoomListing room) {
            return new Task(Kind.WITHOUT_PORTAL, null, false, List.of(room));
        }
    }

    /** @param row null when the unit has nothing to report (a room without bridge state and no bridged message) */
    record Outcome(
            PortalRow row, SampleCollector samples, SampleCollector mediaSamples, List<RoomWatcher.Watch> watches) {}

    Outcome run(Task task) {
        SampleCollector samples = new SampleCollector(sampleLimit);
        SampleCollector mediaSamples = new SampleCollector(sampleLimit);
        List<RoomWatcher.Watch> watches = new ArrayList<>();
        PortalRow row = switch (task.kind()) {
            case PORTAL -> portal(task, samples, mediaSamples, watches);
            case DELETED_BUT_VISIBLE -> deletedButVisible(task.rooms().getFirst(), samples, watches);
            case WITHOUT_PORTAL -> withoutPortal(task.rooms().getFirst(), samples, watches);
        };
        return new Outcome(row, samples, mediaSamples, watches);
    }

    private PortalRow portal(
            Task task, SampleCollector samples, SampleCollector mediaSamples, List<RoomWatcher.Watch> watches) {
        ExpectedPortal expected = task.inTruth() ? truth.portal(task.portalId()) : null;
        RoomListing primary = primaryRoom(task.rooms());
        PortalComparison comparison = new PortalComparison(
                task.portalId(), expected, primary == null ? null : primary.roomId(), ghosts, samples);
        if (primary != null) {
            BridgeOutputFilter filter = new BridgeOutputFilter(ghosts, true);
            stream(primary, expected, watches, filter, comparison::primary);
            if (comparison.needsRejudge(filter.edited())) { // an edit came after the part it edits: judge it again
                BridgeOutputFilter knowing = filter.withEdits();
                reader.events(primary, e -> {
                    DeliveredEvent shown = knowing.apply(e);
                    if (shown != null) {
                        comparison.rejudge(shown, filter.edited());
                    }
                });
            }
            comparison.finishPrimary();
        }
        for (RoomListing extra : task.rooms()) {
            if (extra != primary) {
                stream(
                        extra,
                        expected,
                        watches,
                        new BridgeOutputFilter(ghosts, true),
                        e -> comparison.extra(extra.roomId(), e));
            }
        }
        PortalTally tally = comparison.finish();
        List<MediaCheck> checks = comparison.mediaChecks();
        if (media != null && !checks.isEmpty()) {
            List<String> results = MediaVerifier.verify(checks, media);
            for (int i = 0; i < checks.size(); i++) {
                String problem = results.get(i);
                if (problem != null) {
                    MediaCheck check = checks.get(i);
                    tally.mismatched.add(check.id());
                    mediaSamples.add(new ProblemSample(
                            Problem.MISMATCHED,
                            check.portalId(),
                            check.roomId(),
                            check.id().guid(),
                            check.id().part(),
                            check.eventId(),
                            problem));
                }
            }
        }
        return tally.toRow();
    }

    /** The claiming room with the most bridged parts (ties: the first listed); counted only when several claim. */
    private RoomListing primaryRoom(List<RoomListing> claimed) {
        if (claimed.size() <= 1) {
            return claimed.isEmpty() ? null : claimed.getFirst();
        }
        RoomListing best = null;
        long bestCount = -1;
        for (RoomListing room : claimed) {
            BridgeOutputFilter filter = new BridgeOutputFilter(ghosts, true);
            long[] count = {0};
            reader.events(room, e -> {
                DeliveredEvent shown = filter.apply(e);
                if (shown != null && shown.isBridgedPart()) {
                    count[0]++;
                }
            });
            if (count[0] > bestCount) {
                best = room;
                bestCount = count[0];
            }
        }
        return best;
    }

    /** A deleted portal's room the user can still see: everything bridged into it should be gone. */
    private PortalRow deletedButVisible(RoomListing room, SampleCollector samples, List<RoomWatcher.Watch> watches) {
        PortalTally tally = new PortalTally(room.portalId(), room.roomId(), 0);
        stream(room, null, watches, new BridgeOutputFilter(ghosts, true), event -> {
            if (!event.isBridgedPart()) {
                return;
            }
            tally.delivered++;
            tally.unexpected++;
            PartMarker marker = PartMarker.read(event.content());
            samples.add(new ProblemSample(
                    Problem.UNEXPECTED,
                    room.portalId(),
                    room.roomId(),
                    marker == null ? null : marker.id().guid(),
                    marker == null ? null : marker.id().part(),
                    event.eventId(),
                    "portal was deleted on the Apple side but its room is still visible to the " + "user (membership "
                            + room.ownerMembership() + ")"));
        });
        return tally.toRow();
    }

    /** A room without bridge state: only marked messages are the bridge's (and misplaced). */
    private PortalRow withoutPortal(RoomListing room, SampleCollector samples, List<RoomWatcher.Watch> watches) {
        PortalTally tally = new PortalTally(null, room.roomId(), 0);
        stream(room, null, watches, new BridgeOutputFilter(ghosts, false), event -> {
            PartMarker marker = event.isBridgedPart() ? PartMarker.read(event.content()) : null;
            if (marker != null) {
                tally.delivered++;
                tally.unexpected++;
                samples.add(new ProblemSample(
                        Problem.UNEXPECTED,
                        null,
                        room.roomId(),
                        marker.id().guid(),
                        marker.id().part(),
                        event.eventId(),
                        "bridged message in a room without m.bridge state"));
            }
        });
        return tally.delivered > 0 ? tally.toRow() : null;
    }

    /** Reads the room once: every event to the watches, the bridged output to {@code judge}. */
    private void stream(
            RoomListing room,
            ExpectedPortal expected,
            List<RoomWatcher.Watch> watches,
            BridgeOutputFilter filter,
            Consumer<DeliveredEvent> judge) {
        List<RoomWatcher.Watch> opened = new ArrayList<>(watchers.size());
        watchers.forEach(w -> opened.add(w.open(room, expected)));
        watches.addAll(opened);
        reader.events(room, e -> {
            opened.forEach(w -> w.event(e));
            DeliveredEvent shown = filter.apply(e);
            if (shown != null) {
                judge.accept(shown);
            }
        });
    }
}
