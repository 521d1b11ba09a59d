package imbridge.app.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares one portal's expected parts with the {@code m.room.message} events and standing {@code m.reaction}s
 * of its room(s), read as a stream: the primary room's events go through {@link #primary}, then {@link #finishPrimary}
 * (after {@link #rejudge} of edited events when {@link #needsRejudge} says so), then every extra room's events
 * through {@link #extra}, then {@link #finish}. Per delivered part it keeps a few compact fields (event ID, expected
 * index, relation targets), never the events themselves.
 * The primary room is judged part by part; every message in an extra room of the same portal is unexpected
 * (the room should not exist) and does not count as delivering its part.
 */
final class PortalComparison {
    /** Detail of an unexpected part whose owning portal is looked up once the samples are picked. */
    static final String OWNER_PENDING = "\u0000owner pending";

    private final String portalId;
    private final List<ExpectedPart> parts;
    private final boolean inTruth;
    private final GhostResolver ghosts;
    private final SampleCollector samples;
    private final Map<PartId, Integer> expectedIndex;
    private final PortalTally tally;
    private final Map<PartId, Integer> deliveries;
    private final List<First> firsts = new ArrayList<>();
    private final Map<String, Integer> firstOfEvent = new HashMap<>();
    private final TreeMap<Integer, List<String>> contentProblems = new TreeMap<>();
    private final TreeMap<Integer, MediaCheck> mediaChecks = new TreeMap<>();
    private final String primaryRoomId;

    /** A first delivery: what the order, reply and reaction checks need of it after the event is gone. */
    private record First(String eventId, int expectedIndex, String inReplyTo, String annotated) {}

    /**
     * @param expected the portal from the ground truth, or null for a room whose portal is not in it
     * @param samples  this portal's own collector (merged in portal order by the caller)
     */
    PortalComparison(
            String portalId,
            ExpectedPortal expected,
            String primaryRoomId,
            GhostResolver ghosts,
            SampleCollector samples) {
        this.portalId = portalId;
        this.parts = expected == null ? List.of() : expected.parts();
        this.inTruth = expected != null;
        this.ghosts = ghosts;
        this.samples = samples;
        this.expectedIndex = HashMap.newHashMap(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            expectedIndex.put(parts.get(i).id(), i);
        }
        this.deliveries = HashMap.newHashMap(parts.size());
        this.primaryRoomId = primaryRoomId;
        this.tally = new PortalTally(portalId, primaryRoomId, parts.size());
    }

    /** One event of the primary room, already through the room's {@link BridgeOutputFilter}. */
    void primary(DeliveredEvent event) {
        if (!event.isBridgedPart()) {
            return;
        }
        tally.delivered++;
        PartMarker marker = PartMarker.read(event.content());
        Integer index = marker == null ? null : expectedIndex.get(marker.id());
        if (index == null) {
            unexpected(primaryRoomId, event, marker);
            return;
        }
        int seen = deliveries.merge(marker.id(), 1, Integer::sum);
        if (seen > 1) {
            tally.duplicates++;
            sample(
                    Problem.DUPLICATE,
                    primaryRoomId,
                    marker.id(),
                    event.eventId(),
                    "delivery #" + seen + " of the same part");
            return;
        }
        int position = firsts.size();
        String annotated = event.content().get("m.relates_to") instanceof Map<?, ?> relation
                        && relation.get("event_id") instanceof String id
                ? id
                : null;
        firsts.add(new First(event.eventId(), index, ReplyRelation.eventId(event.content()), annotated));
        firstOfEvent.put(event.eventId(), position);
        judgeContent(position, parts.get(index), event, marker);
    }

    /** Whether an edit arrived after the part it edits was judged: those parts need {@link #rejudge}. */
    boolean needsRejudge(Map<String, String> edited) {
        return edited.keySet().stream().anyMatch(firstOfEvent::containsKey);
    }

    /** One event of a second pass over the primary room (its filter knowing every edit): edited parts judged again. */
    void rejudge(DeliveredEvent event, Map<String, String> edited) {
        if (event.eventId() == null || !edited.containsKey(event.eventId())) {
            return;
        }
        Integer position = firstOfEvent.get(event.eventId());
        PartMarker marker = PartMarker.read(event.content());
        if (position == null || marker == null) {
            return;
        }
        contentProblems.remove(position);
        mediaChecks.remove(position);
        judgeContent(position, parts.get(firsts.get(position).expectedIndex()), event, marker);
    }

    /** After the primary room: content, order, reply and reaction verdicts, in the order the checks always ran. */
    void finishPrimary() {
        for (Map.Entry<Integer, List<String>> problem : contentProblems.entrySet()) {
            First first = firsts.get(problem.getKey());
            PartId id = parts.get(first.expectedIndex()).id();
            tally.mismatched.add(id);
            sample(Problem.MISMATCHED, primaryRoomId, id, first.eventId(), String.join("; ", problem.getValue()));
        }
        Map<String, PartId> partOfEvent = HashMap.newHashMap(firsts.size());
        for (First first : firsts) {
            partOfEvent.put(first.eventId(), parts.get(first.expectedIndex()).id());
        }
        judgeOrder();
        judgeReplies(partOfEvent);
        judgeReactionTargets(partOfEvent);
    }

    /** The delivered files whose bytes still have to be checked, in timeline order. */
    List<MediaCheck> mediaChecks() {
        return List.copyOf(mediaChecks.values());
    }

    PortalTally tally() {
        return tally;
    }

    /** After every room: the parts never delivered. */
    PortalTally finish() {
        for (ExpectedPart part : parts) {
            if (!deliveries.containsKey(part.id())) {
                tally.missing++;
                sample(
                        Problem.MISSING,
                        tally.roomId,
                        part.id(),
                        null,
                        "expected at ts " + part.ts() + " from " + part.sender() + ", never delivered");
            }
        }
        return tally;
    }

    /** One event of an extra room claiming this portal (through that room's filter). */
    void extra(String roomId, DeliveredEvent event) {
        if (!event.isBridgedPart()) {
            return;
        }
        tally.delivered++;
        tally.unexpected++;
        PartMarker marker = PartMarker.read(event.content());
        sample(
                Problem.UNEXPECTED,
                roomId,
                marker == null ? null : marker.id(),
                event.eventId(),
                "message in an extra room for this portal (its room is " + tally.roomId + ")");
    }

    private void unexpected(String roomId, DeliveredEvent event, PartMarker marker) {
        tally.unexpected++;
        String detail;
        if (marker == null) {
            detail = PartMarker.present(event.content())
                    ? "malformed " + PartMarker.KEY + " marker"
                    : "no " + PartMarker.KEY + " marker";
        } else if (!inTruth) {
            detail = "portal is not in the ground truth";
        } else {
            detail = OWNER_PENDING; // which portal owns it needs the whole truth: looked up for kept samples only
        }
        sample(Problem.UNEXPECTED, roomId, marker == null ? null : marker.id(), event.eventId(), detail);
    }

    /** Problems are kept (rare) and turned into samples by {@link #finishPrimary}, after any rejudging. */
    private void judgeContent(int position, ExpectedPart expected, DeliveredEvent event, PartMarker marker) {
        List<String> problems = ContentCheck.problems(expected, event, marker, portalId, ghosts);
        if (!problems.isEmpty()) {
            contentProblems.put(position, problems);
        } else if (expected.isFile() && ContentCheck.judgedAsVoice(expected, event.content())) {
            long size = ((Map<?, ?>) event.content().get("info")).get("size") instanceof Number n ? n.longValue() : -1;
            mediaChecks.put(
                    position,
                    new MediaCheck(
                            portalId,
                            primaryRoomId,
                            event.eventId(),
                            expected.id(),
                            (String) event.content().get("url"),
                            null,
                            size,
                            expected.opus()));
        } else if (expected.isFile()) {
            mediaChecks.put(
                    position,
                    new MediaCheck(
                            portalId,
                            primaryRoomId,
                            event.eventId(),
                            expected.id(),
                            (String) event.content().get("url"),
                            expected.sha256(),
                            expected.size()));
        }
    }

    /**
     * A reply's first part must point ({@code m.in_reply_to}) at the event delivered as its target's first part;
     * any other part must not point anywhere. A wrong or missing relation makes the part mismatched.
     */
    private void judgeReplies(Map<String, PartId> partOfEvent) {
        Map<String, PartId> firstPartOfGuid = new HashMap<>();
        for (ExpectedPart part : parts) {
            firstPartOfGuid.putIfAbsent(part.id().guid(), part.id());
        }
        for (int i = 0; i < firsts.size(); i++) {
            ExpectedPart expected = parts.get(firsts.get(i).expectedIndex());
            String inReplyTo = firsts.get(i).inReplyTo();
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
                sample(
                        Problem.MISMATCHED,
                        primaryRoomId,
                        expected.id(),
                        firsts.get(i).eventId(),
                        problem);
            }
        }
    }

    /**
     * A reaction must annotate ({@code m.relates_to.event_id}) the event delivered as its target's first part; one
     * pointing anywhere else is mismatched.
     */
    private void judgeReactionTargets(Map<String, PartId> partOfEvent) {
        Map<String, PartId> firstPartOfGuid = new HashMap<>();
        for (ExpectedPart part : parts) {
            if (!part.isReaction()) {
                firstPartOfGuid.putIfAbsent(part.id().guid(), part.id());
            }
        }
        for (int i = 0; i < firsts.size(); i++) {
            ExpectedPart expected = parts.get(firsts.get(i).expectedIndex());
            if (!expected.isReaction()) {
                continue;
            }
            String annotated = firsts.get(i).annotated();
            PartId want = firstPartOfGuid.get(new PartId(expected.target(), "text").guid());
            PartId got = annotated == null ? null : partOfEvent.get(annotated);
            if ((annotated == null || !java.util.Objects.equals(got, want)) && tally.mismatched.add(expected.id())) {
                sample(
                        Problem.MISMATCHED,
                        primaryRoomId,
                        expected.id(),
                        firsts.get(i).eventId(),
                        "reaction annotates "
                                + (annotated == null
                                        ? "nothing"
                                        : annotated + " (" + (got == null ? "no part of this room" : got) + ")")
                                + ", expected " + want);
            }
        }
    }

    /** Out of order = first deliveries not on a longest run that follows the expected order. */
    private void judgeOrder() {
        int[] positions = new int[firsts.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = firsts.get(i).expectedIndex();
        }
        boolean[] inOrder = LongestIncreasingSubsequence.members(positions);
        for (int i = 0; i < positions.length; i++) {
            if (!inOrder[i]) {
                tally.outOfOrder++;
                sample(
                        Problem.OUT_OF_ORDER,
                        primaryRoomId,
                        parts.get(positions[i]).id(),
                        firsts.get(i).eventId(),
                        "expected position " + (positions[i] + 1) + " of " + parts.size() + ", delivered as part "
                                + (i + 1) + " of " + positions.length);
            }
        }
    }

    private void sample(Problem problem, String roomId, PartId id, String eventId, String detail) {
        samples.add(new ProblemSample(
                problem,
                portalId,
                roomId,
                id == null ? null : id.guid(),
                id == null ? null : id.part(),
                eventId,
                detail));
    }
}
