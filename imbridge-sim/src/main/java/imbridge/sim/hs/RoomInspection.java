package imbridge.sim.hs;

import static imbridge.sim.hs.RoomRegistry.withLock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code /_double/...} shows verifiers and tests: rooms, timelines, receipts; and deleting an event. */
final class RoomInspection {
    private final RoomRegistry registry;

    RoomInspection(RoomRegistry registry) {
        this.registry = registry;
    }

    List<Map<String, Object>> inspectRooms() {
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (Room room : registry.inCreationOrder()) {
            summaries.add(withLock(room, r -> {
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("roomId", r.roomId());
                summary.put("creator", r.creator());
                summary.put("name", r.name());
                summary.put("isDirect", r.isDirect());
                summary.put("members", new LinkedHashMap<>(r.memberships()));
                summary.put("eventCount", r.eventCount());
                summary.put("bridgePortalId", r.bridgePortalId());
                return summary;
            }));
        }
        return summaries;
    }

    List<ObjectNode> inspectEvents(String roomId) {
        Room room = require(roomId);
        return withLock(
                room, r -> r.timeline().stream().map(Event::toInspectionJson).toList());
    }

    /**
     * One page of a room's timeline in timeline order, starting after the stream position {@code from} (null = the
     * room's start): the same tokens as {@code /messages}, so history inserted meanwhile cannot shift a page.
     */
    InspectionPage inspectPage(String roomId, Long from, int limit) {
        Room room = require(roomId);
        // one event more than asked tells whether another page follows, without an empty last page
        Room.MessagesPage page = withLock(room, r -> r.page(false, from, null, limit + 1));
        List<Event> chunk = page.chunk();
        if (chunk.size() <= limit) {
            return new InspectionPage(chunk, null);
        }
        List<Event> shown = chunk.subList(0, limit);
        return new InspectionPage(shown, shown.getLast().stream());
    }

    /** @param next the stream position to continue after, null when the page ends the timeline */
    record InspectionPage(List<Event> chunk, Long next) {}

    /** {@code {userId: {type: {"event_id", "ts", "requestedTs"?}}}} of one room. */
    Map<String, Map<String, Map<String, Object>>> inspectReceipts(String roomId) {
        Room room = require(roomId);
        Map<String, Map<String, Room.Receipt>> receipts = withLock(room, Room::receipts);
        Map<String, Map<String, Map<String, Object>>> out = new LinkedHashMap<>();
        receipts.forEach((user, byType) -> byType.forEach((type, receipt) -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("event_id", receipt.eventId());
            json.put("ts", receipt.ts());
            if (receipt.requestedTs() != null) {
                json.put("requestedTs", receipt.requestedTs());
            }
            out.computeIfAbsent(user, u -> new LinkedHashMap<>()).put(type, json);
        }));
        return out;
    }

    void deleteEvent(String roomId, String eventId) {
        Room room = require(roomId);
        boolean removed = withLock(room, r -> r.remove(eventId));
        if (!removed) {
            throw MatrixException.notFound("Event not found: " + eventId);
        }
    }

    private Room require(String roomId) {
        return registry.require(roomId);
    }
}
