package imbridge.app.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares one portal's expected parts with the {@code m.room.message} events and standing {@code m.reaction}s
 * of its room(s).
 * The primary room is judged part by part; every message in an extra room of the same portal is unexpected
 * (the room should not exist) and does not count as delivering its part.
 */
final class PortalComparison {
    private final String portalId;
    private final List<ExpectedPart> parts;
    private final boolean inTruth;
    private final Map<PartId, String> portalOfPart;
    private final GhostResolver ghosts;
    private final SampleCollector samples;
    private final List<MediaCheck> mediaChecks;
    private final Map<PartId, Integer> expectedIndex;
    private final PortalTally tally;

    /**
     * @param expected     the portal from the ground truth, or null for a room whose portal is not in it
     * @param portalOfPart every expected part's portal, to say where a misplaced part belongs
     */
    PortalComparison(String portalId, ExpectedPortal expected, DeliveredRoom primary,
                     Map<PartId, String> portalOfPart, GhostResolver ghosts, SampleCollector samples,
                     List<MediaCheck> mediaChecks) {
        this.portalId = portalId;
        this.parts = expected == null ? List.of() : expected.parts();
        this.inTruth = expected != null;
        this.portalOfPart = portalOfPart;
        this.ghosts = ghosts;
        this.samples = samples;
        this.mediaChecks = mediaChecks;
        this.expectedIndex = HashMap.newHashMap(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            expectedIndex.put(parts.get(i).id(), i);
        }
        this.tally = new PortalTally(portalId, primary == null ? null : primary.roomId(), parts.size());
    }

    PortalTally run(DeliveredRoom primary, List<DeliveredRoom> extras) {
        Map<PartId, Integer> deliveries = HashMap.newHashMap(parts.size());
        if (primary != null) {
            judgePrimary(primary, deliveries);
        }
        for (DeliveredRoom extra : extras) {
            judgeExtra(extra);
        }
        for (ExpectedPart part : parts) {
            if (!deliveries.containsKey(part.id())) {
                tally.missing++;
                sample(Problem.MISSING, tally.roomId, part.id(), null, "expected at ts " + part.ts()
                        + " from " + part.sender() + ", never delivered");
            }
        }
        return tally;
    }

    private void judgePrimary(DeliveredRoom room, Map<PartId, Integer> deliveries) {
        List<DeliveredEvent> firsts = new ArrayList<>();
        List<PartId> firstIds = new ArrayList<>();
        Map<String, PartId> partOfEvent = new HashMap<>();
        for (DeliveredEvent event : room.timeline()) {
            if (!event.isBridgedPart()) {
                continue;
            }
            tally.delivered++;
            PartMarker marker = PartMarker.read(event.content());
            Integer index = marker == null ? null : expectedIndex.get(marker.id());
            if (index == null) {
                unexpected(room, event, marker);
                continue;
            }
            int seen = deliveries.merge(marker.id(), 1, Integer::sum);
            if (seen > 1) {
                tally.duplicates++;
                sample(Problem.DUPLICATE, room.roomId(), marker.id(), event.eventId(),
                        "delivery #" + seen + " of the same part");
                continue;
            }
            firsts.add(event);
            firstIds.add(marker.id());
            partOfEvent.put(event.eventId(), marker.id());
            judgeContent(parts.get(index), event, marker, room.roomId());
        }
        judgeOrder(room, firsts, firstIds);
        judgeReplies(room, firsts, firstIds, partOfEvent);
        judgeReactionTargets(room, firsts, firstIds, partOfEvent);
    }

    private void judgeExtra(DeliveredRoom room) {
        for (DeliveredEvent event : room.timeline()) {
            if (!event.isBridgedPart()) {
                continue;
            }
            tally.delivered++;
            tally.unexpected++;
            PartMarker marker = PartMarker.read(event.content());
            sample(Problem.UNEXPECTED, room.roomId(), marker == null ? null : marker.id(), event.eventId(),
                    "message in an extra room for this portal (its room is " + tally.roomId + ")");
        }
    }

    private void unexpected(DeliveredRoom room, DeliveredEvent event, PartMarker marker) {
        tally.unexpected++;
        String detail;
        if (marker == null) {
            detail = PartMarker.present(event.content()) ? "malformed " + PartMarker.KEY + " marker"
                    : "no " + PartMarker.KEY + " marker";
        } else if (!inTruth) {
            detail = "portal is not in the ground truth";
        } else {
            String owner = portalOfPart.get(marker.id());
            detail = owner == null ? "part is not in the ground truth" : "part belongs to portal " + owner;
        }
        sample(Problem.UNEXPECTED, room.roomId(), marker == null ? null : marker.id(), event.eventId(), detail);
    }

    private void judgeContent(ExpectedPart expected, DeliveredEvent event, PartMarker marker, String roomId) {
        List<String> problems = ContentCheck.problems(expected, event, marker, portalId, ghosts);
        if (!problems.isEmpty()) {
            tally.mismatched.add(expected.id());
            sample(Problem.MISMATCHED, roomId, expected.id(), event.eventId(), String.join("; ", problems));
        } else if (expected.isFile() && ContentCheck.judgedAsVoice(expected, event.content())) {
            long size = ((Map<?, ?>) event.content().get("info")).get("size") instanceof Number n ? n.longValue() : -1;
            mediaChecks.add(new MediaCheck(portalId, roomId, event.eventId(), expected.id(),
                    (String) event.content().get("url"), null, size, expected.opus()));
        } else if (expected.isFile()) {
            mediaChecks.add(new MediaCheck(portalId, roomId, event.eventId(), expected.id(),
                    (String) event.content().get("url"), expected.sha256(), expected.size()));
        }
    }

    /**
     * A reply's first part must point ({@code m.in_reply_to}) at the event delivered as its target's first part;
     * any other part must not point anywhere. A wrong or missing relation makes the part mismatched.
     */
    private void judgeReplies(DeliveredRoom room, List<DeliveredEvent> firsts, List<PartId> ids,
                              Map<String, PartId> partOfEvent) {
        Map<String, PartId> firstPartOfGuid = new HashMap<>();
        for (ExpectedPart part : parts) {
            firstPartOfGuid.putIfAbsent(part.id().guid(), part.id());
        }
        for (int i = 0; i < firsts.size(); i++) {
            ExpectedPart expected = parts.get(expectedIndex.get(ids.get(i)));
            String inReplyTo = ReplyRelation.eventId(firsts.get(i).content());
            String problem = null;
            if (expected.replyTo() == null) {
                if (inReplyTo != null) {
                    problem = "m.in_reply_to " + inReplyTo + " on a part that is not a reply's first part";
                }
            } else {
                PartId want = firstPartOfGuid.get(new PartId(expected.replyTo(), "text").guid());
                PartId got = inReplyTo == null ? null : partOfEvent.get(inReplyTo);
                if (inReplyTo == null) {
                    problem = "no m.in_reply_to; expected a reply to " + want;
                } else if (!java.util.Objects.equals(got, want)) {
                    problem = "m.in_reply_to " + inReplyTo + " is " + (got == null ? "no part of this room" : got)
                            + ", expected " + want;
                }
            }
            if (problem != null && tally.mismatched.add(expected.id())) {
                sample(Problem.MISMATCHED, room.roomId(), expected.id(), firsts.get(i).eventId(), problem);
            }
        }
    }

    /**
     * A reaction must annotate ({@code m.relates_to.event_id}) the event delivered as its target's first part; one
     * pointing anywhere else is mismatched.
     */
    private void judgeReactionTargets(DeliveredRoom room, List<DeliveredEvent> firsts, List<PartId> ids,
                                      Map<String, PartId> partOfEvent) {
        Map<String, PartId> firstPartOfGuid = new HashMap<>();
        for (ExpectedPart part : parts) {
            if (!part.isReaction()) {
                firstPartOfGuid.putIfAbsent(part.id().guid(), part.id());
            }
        }
        for (int i = 0; i < firsts.size(); i++) {
            ExpectedPart expected = parts.get(expectedIndex.get(ids.get(i)));
            if (!expected.isReaction()) {
                continue;
            }
            String annotated = firsts.get(i).content().get("m.relates_to") instanceof Map<?, ?> relation
                    && relation.get("event_id") instanceof String id ? id : null;
            PartId want = firstPartOfGuid.get(new PartId(expected.target(), "text").guid());
            PartId got = annotated == null ? null : partOfEvent.get(annotated);
            if ((annotated == null || !java.util.Objects.equals(got, want)) && tally.mismatched.add(expected.id())) {
                sample(Problem.MISMATCHED, room.roomId(), expected.id(), firsts.get(i).eventId(),
                        "reaction annotates " + (annotated == null ? "nothing" : annotated + " ("
                                + (got == null ? "no part of this room" : got) + ")") + ", expected " + want);
            }
        }
    }

    /** Out of order = first deliveries not on a longest run that follows the expected order. */
    private void judgeOrder(DeliveredRoom room, List<DeliveredEvent> firsts, List<PartId> ids) {
        int[] positions = new int[ids.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = expectedIndex.get(ids.get(i));
        }
        boolean[] inOrder = LongestIncreasingSubsequence.members(positions);
        for (int i = 0; i < positions.length; i++) {
            if (!inOrder[i]) {
                tally.outOfOrder++;
                sample(Problem.OUT_OF_ORDER, room.roomId(), ids.get(i), firsts.get(i).eventId(),
                        "expected position " + (positions[i] + 1) + " of " + parts.size()
                                + ", delivered as part " + (i + 1) + " of " + positions.length);
            }
        }
    }

    private void sample(Problem problem, String roomId, PartId id, String eventId, String detail) {
        samples.add(new ProblemSample(problem, portalId, roomId, id == null ? null : id.guid(),
                id == null ? null : id.part(), eventId, detail));
    }
}
