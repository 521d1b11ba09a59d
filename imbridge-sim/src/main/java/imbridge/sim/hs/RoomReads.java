package imbridge.sim.hs;

import static imbridge.sim.hs.MembershipRules.requireJoined;
import static imbridge.sim.hs.RoomRegistry.withLock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The client-server API's read endpoints over rooms: only joined members may read, as on Synapse. */
final class RoomReads {
    private final RoomRegistry registry;
    private final boolean applyEdits;

    /** @param applyEdits {@code /messages} serves an edited event with its latest edit's content (old Synapse) */
    RoomReads(RoomRegistry registry, boolean applyEdits) {
        this.registry = registry;
        this.applyEdits = applyEdits;
    }

    ObjectNode messages(Requester requester, String roomId, boolean backwards, Long from, Long to, int limit) {
        Room room = require(roomId);
        List<ObjectNode> events = new ArrayList<>();
        Room.MessagesPage page = withLock(room, r -> {
            requireJoined(r, requester.userId());
            Room.MessagesPage p = r.page(backwards, from, to, limit);
            p.chunk().forEach(e -> events.add(applyEdits ? ServerSideEdits.served(r, e) : e.toClientJson()));
            return p;
        });
        ObjectNode response = Json.object();
        var chunk = response.putArray("chunk");
        events.forEach(chunk::add);
        response.put("start", "s" + page.start());
        if (page.end() != null) {
            response.put("end", "s" + page.end());
        }
        return response;
    }

    List<ObjectNode> state(Requester requester, String roomId) {
        Room room = require(roomId);
        return withLock(room, r -> {
            requireJoined(r, requester.userId());
            return r.currentState().stream().map(Event::toClientJson).toList();
        });
    }

    JsonNode stateContent(Requester requester, String roomId, String type, String stateKey) {
        Room room = require(roomId);
        return withLock(room, r -> {
            requireJoined(r, requester.userId());
            JsonNode content = r.stateContent(type, stateKey);
            if (content == null) {
                throw MatrixException.notFound("Event not found.");
            }
            return content;
        });
    }

    ObjectNode event(Requester requester, String roomId, String eventId) {
        Room room = require(roomId);
        return withLock(room, r -> {
            requireJoined(r, requester.userId());
            Event event = r.event(eventId);
            if (event == null) {
                throw MatrixException.notFound("Event not found.");
            }
            return event.toClientJson();
        });
    }

    List<String> joinedRooms(String userId) {
        List<String> joined = new ArrayList<>();
        for (Room room : registry.inCreationOrder()) {
            if (withLock(room, r -> r.isJoined(userId))) {
                joined.add(room.roomId());
            }
        }
        return joined;
    }

    ObjectNode joinedMembers(Requester requester, String roomId) {
        Room room = require(roomId);
        return withLock(room, r -> {
            requireJoined(r, requester.userId());
            ObjectNode joined = Json.object();
            r.memberships().forEach((userId, membership) -> {
                if ("join".equals(membership)) {
                    JsonNode content = r.stateContent("m.room.member", userId);
                    ObjectNode member = joined.putObject(userId);
                    member.set(
                            "display_name",
                            content.path("displayname").isTextual()
                                    ? content.get("displayname")
                                    : Json.NODES.nullNode());
                    member.set(
                            "avatar_url",
                            content.path("avatar_url").isTextual() ? content.get("avatar_url") : Json.NODES.nullNode());
                }
            });
            ObjectNode response = Json.object();
            response.set("joined", joined);
            return response;
        });
    }

    List<ObjectNode> members(Requester requester, String roomId) {
        Room room = require(roomId);
        return withLock(room, r -> {
            requireJoined(r, requester.userId());
            List<ObjectNode> chunk = new ArrayList<>();
            r.memberships()
                    .keySet()
                    .forEach(u -> chunk.add(r.stateEvent("m.room.member", u).toClientJson()));
            return chunk;
        });
    }

    /** Requires the requester to be joined; used by endpoints that only acknowledge (typing). */
    void requireMember(Requester requester, String roomId) {
        Room room = require(roomId);
        withLock(room, r -> {
            requireJoined(r, requester.userId());
            return null;
        });
    }

    private Room require(String roomId) {
        return registry.require(roomId);
    }
}
