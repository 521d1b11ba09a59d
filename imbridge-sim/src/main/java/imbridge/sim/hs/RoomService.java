package imbridge.sim.hs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Room operations with the authorisation a real homeserver applies: membership transitions, power levels,
 * "only joined users may send", state-key ownership, transaction-ID idempotency, event size limits.
 * Each operation runs under the one room's lock.
 */
final class RoomService {
    private final String serverName;
    private final UserDirectory users;
    private final AppserviceScope scope;
    private final Consumer<Event> appserviceSink;
    private final DoubleStats stats;
    private final Clock clock;

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Room> creationOrder = new ConcurrentLinkedQueue<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final AtomicLong stream = new AtomicLong();
    private volatile AcceptTimes acceptTimes;

    RoomService(String serverName, UserDirectory users, AppserviceScope scope, Consumer<Event> appserviceSink,
                DoubleStats stats, Clock clock) {
        this.serverName = serverName;
        this.users = users;
        this.scope = scope;
        this.appserviceSink = appserviceSink;
        this.stats = stats;
        this.clock = clock;
    }

    String createRoom(Requester requester, ObjectNode body) {
        RoomCreationRequest request = RoomCreationRequest.parse(body, serverName);
        String alias = request.aliasLocalpart() == null ? null : "#" + request.aliasLocalpart() + ":" + serverName;
        if (alias != null && aliases.containsKey(alias)) {
            throw new MatrixException(400, "M_ROOM_IN_USE", "Room alias already taken");
        }
        String roomId = Ids.roomId(serverName);
        String creator = requester.userId();
        Room room = new Room(roomId, creator, request.roomVersion(), request.isDirect(), scope::covers);
        room.lock().lock();
        try {
            for (RoomCreationRequest.StateEntry entry : request.initialEvents(creator, profileContent(creator))) {
                // Power levels are not checked here: the creator may build the room before the override
                // takes effect (Synapse likewise never locks a creator out of its own createRoom).
                if (entry.stateKey().startsWith("@") && !entry.stateKey().equals(creator)) {
                    throw MatrixException.forbidden("You are not allowed to set others state");
                }
                append(room, entry.type(), creator, entry.content(), entry.stateKey(), null, null);
            }
            for (String invitee : request.invites()) {
                ObjectNode content = Json.object().put("membership", "invite");
                if (request.isDirect()) {
                    content.put("is_direct", true);
                }
                changeMembership(room, creator, invitee, addProfile(content, invitee), null);
            }
            if (alias != null && aliases.putIfAbsent(alias, roomId) != null) {
                throw new MatrixException(400, "M_ROOM_IN_USE", "Room alias already taken");
            }
            rooms.put(roomId, room);
            creationOrder.add(room);
            room.publish().forEach(appserviceSink);
        } finally {
            room.lock().unlock();
        }
        return roomId;
    }

    String send(Requester requester, String roomId, String type, String txnId, ObjectNode content, Long ts) {
        Room room = require(roomId);
        return withLock(room, r -> {
            String txnKey = requester.userId() + "\nsend\n" + type + "\n" + txnId;
            String previous = r.eventIdForTxn(txnKey);
            if (previous != null) {
                stats.dedupedSend();
                return previous;
            }
            requireJoined(r, requester.userId());
            requireLevel(r, requester.userId(), r.powerLevels().eventLevel(type, false),
                    "You don't have permission to post that to the room.");
            Json.requireCanonical(content);
            Event event = append(r, type, requester.userId(), content, null, null, ts);
            r.rememberTxn(txnKey, event.eventId());
            stats.send();
            accepted(List.of(event));
            return event.eventId();
        });
    }

    /**
     * Beeper batch send: the events go in, in order, appended ({@code forward}, or a room without messages) or
     * inserted before the room's existing messages (history). Senders must be appservice users but need not be
     * joined; the requester (the bot) must be joined. An event whose {@code event_id} the room already has is not
     * stored again (its ID is returned), so resending a batch with deterministic IDs is harmless.
     */
    List<String> batchSend(Requester requester, String roomId, BatchSendRequest request) {
        if (!requester.appservice()) {
            throw MatrixException.forbidden("Only application services can use batch_send");
        }
        Room room = require(roomId);
        return withLock(room, r -> {
            requireJoined(r, requester.userId());
            List<String> ids = new ArrayList<>(request.events().size());
            List<Event> created = new ArrayList<>();
            for (BatchSendRequest.BatchEvent e : request.events()) {
                if (!scope.covers(e.sender())) {
                    throw MatrixException.forbidden("Batch sender " + e.sender() + " is not an appservice user");
                }
                if (e.roomId() != null && !e.roomId().equals(roomId)) {
                    throw MatrixException.badJson("Batch event room_id " + e.roomId() + " is not " + roomId);
                }
                if (e.eventId() != null && r.event(e.eventId()) != null) {
                    ids.add(e.eventId());
                    continue;
                }
                Event event = new Event(e.eventId() != null ? e.eventId() : Ids.eventId(), roomId, e.type(),
                        e.sender(), e.originServerTs(), e.content(), null, null, null, 0);
                if (Json.write(event.toClientJson()).length > Event.MAX_EVENT_BYTES) {
                    throw MatrixException.tooLarge("event too large");
                }
                created.add(event);
                ids.add(event.eventId());
            }
            List<Event> stored;
            if (request.forward() || !r.hasMessages()) {
                stored = new ArrayList<>(created.size());
                for (Event event : created) {
                    Event positioned = event.withStream(stream.incrementAndGet());
                    r.append(positioned);
                    stored.add(positioned);
                }
            } else {
                stored = r.insertHistory(created, stream::incrementAndGet);
            }
            stored.forEach(event -> publish(r, event));
            stats.batchSend(created.size(), request.events().size() - created.size());
            accepted(stored);
            return ids;
        });
    }

    /** From now on, message events the send routes store are timed in {@code times}. */
    void recordAcceptTimes(AcceptTimes times) {
        this.acceptTimes = times;
    }

    private void accepted(List<Event> events) {
        AcceptTimes times = acceptTimes;
        if (times != null) {
            long now = System.nanoTime();
            events.forEach(e -> times.accepted(e, now));
        }
    }

    String putState(Requester requester, String roomId, String type, String stateKey, ObjectNode content, Long ts) {
        Room room = require(roomId);
        return withLock(room, r -> {
            Json.requireCanonical(content);
            if ("m.room.member".equals(type)) {
                UserIds.requireValid(stateKey, "state_key of m.room.member");
                return changeMembership(r, requester.userId(), stateKey, content, ts).eventId();
            }
            requireJoined(r, requester.userId());
            if ("m.room.create".equals(type)) {
                throw MatrixException.forbidden("A room can only have one m.room.create event");
            }
            if (stateKey.startsWith("@") && !stateKey.equals(requester.userId())) {
                throw MatrixException.forbidden("You are not allowed to set others state");
            }
            requireLevel(r, requester.userId(), r.powerLevels().eventLevel(type, true),
                    "You don't have permission to post that to the room.");
            if ("m.room.power_levels".equals(type)) {
                RoomCreationRequest.validatePowerLevels(content);
            }
            Event current = r.stateEvent(type, stateKey);
            if (current != null && current.sender().equals(requester.userId()) && current.content().equals(content)) {
                return current.eventId();
            }
            return append(r, type, requester.userId(), content, stateKey, null, ts).eventId();
        });
    }

    /** {@code POST /join/{roomIdOrAlias}} and {@code POST /rooms/{roomId}/join}. */
    String join(Requester requester, String roomIdOrAlias, ObjectNode body) {
        String roomId = roomIdOrAlias;
        if (roomIdOrAlias.startsWith("#")) {
            roomId = aliases.get(roomIdOrAlias);
            if (roomId == null) {
                throw MatrixException.notFound("Room alias " + roomIdOrAlias + " not found");
            }
        }
        Room room = require(roomId);
        ObjectNode content = Json.object().put("membership", "join");
        copyReason(body, content);
        withLock(room, r -> changeMembership(r, requester.userId(), requester.userId(),
                addProfile(content, requester.userId()), null));
        return roomId;
    }

    void invite(Requester requester, String roomId, String target, ObjectNode body) {
        Room room = require(roomId);
        ObjectNode content = Json.object().put("membership", "invite");
        copyReason(body, content);
        withLock(room, r -> changeMembership(r, requester.userId(), target, addProfile(content, target), null));
    }

    /** leave (target = requester), kick, ban and unban all become a membership event for the target. */
    void setMembership(Requester requester, String roomId, String target, String membership, ObjectNode body) {
        Room room = require(roomId);
        ObjectNode content = Json.object().put("membership", membership);
        copyReason(body, content);
        withLock(room, r -> changeMembership(r, requester.userId(), target, content, null));
    }

    /** Unban is leave by someone else on a banned user; anyone else is rejected. */
    void unban(Requester requester, String roomId, String target, ObjectNode body) {
        Room room = require(roomId);
        withLock(room, r -> {
            if (!"ban".equals(r.membership(target))) {
                throw MatrixException.forbidden(target + " is not banned from the room");
            }
            ObjectNode content = Json.object().put("membership", "leave");
            copyReason(body, content);
            return changeMembership(r, requester.userId(), target, content, null);
        });
    }

    String redact(Requester requester, String roomId, String eventId, String txnId, ObjectNode body) {
        Room room = require(roomId);
        return withLock(room, r -> {
            String txnKey = requester.userId() + "\nredact\n" + eventId + "\n" + txnId;
            String previous = r.eventIdForTxn(txnKey);
            if (previous != null) {
                return previous;
            }
            requireJoined(r, requester.userId());
            Event target = r.event(eventId);
            if (target == null) {
                throw MatrixException.notFound("Event not found: " + eventId);
            }
            if (!target.sender().equals(requester.userId())) {
                requireLevel(r, requester.userId(), r.powerLevels().redact(),
                        "You don't have permission to redact events");
            }
            Json.requireCanonical(body);
            if ("11".equals(r.roomVersion())) {
                body.put("redacts", eventId);
            }
            Event redaction = append(r, "m.room.redaction", requester.userId(), body, null, eventId, null);
            r.replace(Redaction.redact(target, redaction));
            r.rememberTxn(txnKey, redaction.eventId());
            return redaction.eventId();
        });
    }

    ObjectNode messages(Requester requester, String roomId, boolean backwards, Long from, Long to, int limit) {
        Room room = require(roomId);
        Room.MessagesPage page = withLock(room, r -> {
            requireJoined(r, requester.userId());
            return r.page(backwards, from, to, limit);
        });
        ObjectNode response = Json.object();
        var chunk = response.putArray("chunk");
        page.chunk().forEach(e -> chunk.add(e.toClientJson()));
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
        for (Room room : creationOrder) {
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
                    member.set("display_name", content.path("displayname").isTextual()
                            ? content.get("displayname") : Json.NODES.nullNode());
                    member.set("avatar_url", content.path("avatar_url").isTextual()
                            ? content.get("avatar_url") : Json.NODES.nullNode());
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
            r.memberships().keySet().forEach(u -> chunk.add(r.stateEvent("m.room.member", u).toClientJson()));
            return chunk;
        });
    }

    /** The receipt types Synapse accepts on {@code /receipt} and {@code /read_markers}. */
    static final List<String> RECEIPT_TYPES = List.of("m.read", "m.read.private", "m.fully_read");

    /**
     * Stores a receipt of a joined member for an event of the room (unknown type → 400 M_INVALID_PARAM, event not
     * in the room → 404 M_NOT_FOUND). Receipts are not events: nothing is appended or pushed.
     */
    void receipt(Requester requester, String roomId, String type, String eventId, Long requestedTs) {
        if (!RECEIPT_TYPES.contains(type)) {
            throw MatrixException.invalidParam("Receipt type must be 'm.read', 'm.read.private' or 'm.fully_read'");
        }
        Room room = require(roomId);
        long now = clock.millis();
        withLock(room, r -> {
            requireJoined(r, requester.userId());
            if (r.event(eventId) == null) {
                throw MatrixException.notFound("Event not found: " + eventId);
            }
            r.putReceipt(requester.userId(), type, new Room.Receipt(eventId, now, requestedTs));
            return null;
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

    /** A new display name is announced in every joined room by a fresh member event, as Synapse does. */
    void propagateProfile(String userId) {
        for (Room room : creationOrder) {
            withLock(room, r -> {
                if (!r.isJoined(userId)) {
                    return null;
                }
                ObjectNode content = r.stateEvent("m.room.member", userId).content().deepCopy();
                content.remove("displayname");
                content.remove("avatar_url");
                content.remove("reason");
                addProfile(content, userId);
                if (!content.equals(r.stateContent("m.room.member", userId))) {
                    append(r, "m.room.member", userId, content, userId, null, null);
                }
                return null;
            });
        }
    }

    // ----- inspection ------------------------------------------------------------------------------------

    List<Map<String, Object>> inspectRooms() {
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (Room room : creationOrder) {
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
        return withLock(room, r -> r.timeline().stream().map(Event::toInspectionJson).toList());
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
    record InspectionPage(List<Event> chunk, Long next) {
    }

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

    // ----- internals ---------------------------------------------------------------------------------------

    private Room require(String roomId) {
        Room room = rooms.get(roomId);
        if (room == null) {
            throw MatrixException.notFound("Unknown room " + roomId);
        }
        return room;
    }

    private static <T> T withLock(Room room, Function<Room, T> action) {
        room.lock().lock();
        try {
            return action.apply(room);
        } finally {
            room.lock().unlock();
        }
    }

    /** The auth rules for m.room.member transitions (join, invite, leave/kick, ban). */
    private Event changeMembership(Room room, String sender, String target, ObjectNode content, Long ts) {
        JsonNode membershipNode = content.get("membership");
        if (membershipNode == null || !membershipNode.isTextual()) {
            throw MatrixException.badJson("m.room.member content needs a string 'membership'");
        }
        String membership = membershipNode.textValue();
        String current = room.membership(target);
        PowerLevels levels = room.powerLevels();
        switch (membership) {
            case "join" -> {
                if (!sender.equals(target)) {
                    throw MatrixException.forbidden("Cannot force another user to join.");
                }
                if ("ban".equals(current)) {
                    throw MatrixException.forbidden("You are banned from this room");
                }
                if (!"join".equals(current) && !"invite".equals(current) && !"public".equals(room.joinRule())) {
                    throw MatrixException.forbidden("You are not invited to this room.");
                }
            }
            case "invite" -> {
                requireJoined(room, sender);
                UserIds.requireValid(target, "invitee");
                if ("ban".equals(current)) {
                    throw MatrixException.forbidden(target + " is banned from the room");
                }
                if ("join".equals(current)) {
                    throw MatrixException.forbidden(target + " is already in the room.");
                }
                requireLevel(room, sender, levels.invite(), "You don't have permission to invite users");
            }
            case "leave" -> {
                if (sender.equals(target)) {
                    if ("leave".equals(current)) {
                        return room.stateEvent("m.room.member", target); // leaving twice changes nothing
                    }
                    if (!"join".equals(current) && !"invite".equals(current)) {
                        throw MatrixException.forbidden("User " + target + " not in room " + room.roomId());
                    }
                } else {
                    requireJoined(room, sender);
                    if ("ban".equals(current)) {
                        requireLevel(room, sender, levels.ban(), "You don't have permission to unban users");
                    } else if ("join".equals(current) || "invite".equals(current)) {
                        requireOutranks(room, levels, sender, target, levels.kick(), "kick");
                    } else {
                        throw MatrixException.forbidden(target + " is not in the room");
                    }
                }
            }
            case "ban" -> {
                requireJoined(room, sender);
                requireOutranks(room, levels, sender, target, levels.ban(), "ban");
            }
            case "knock" -> throw MatrixException.forbidden("This room does not allow knocking");
            default -> throw MatrixException.badJson("Unknown membership: " + membership);
        }
        Event previous = room.stateEvent("m.room.member", target);
        if (previous != null && previous.sender().equals(sender) && previous.content().equals(content)) {
            return previous;
        }
        return append(room, "m.room.member", sender, content, target, null, ts);
    }

    private void requireOutranks(Room room, PowerLevels levels, String sender, String target, int needed,
                                 String action) {
        int senderLevel = levels.userLevel(sender);
        if (senderLevel < needed || levels.userLevel(target) >= senderLevel) {
            throw MatrixException.forbidden("You don't have permission to " + action + " " + target
                    + " in " + room.roomId());
        }
    }

    private static void requireJoined(Room room, String userId) {
        if (!room.isJoined(userId)) {
            throw MatrixException.forbidden("User " + userId + " not in room " + room.roomId());
        }
    }

    private static void requireLevel(Room room, String userId, int needed, String message) {
        int level = room.powerLevels().userLevel(userId);
        if (level < needed) {
            throw MatrixException.forbidden(message + " user_level (" + level + ") < send_level (" + needed + ")");
        }
    }

    private Event append(Room room, String type, String sender, ObjectNode content, String stateKey,
                         String redacts, Long ts) {
        if (type.length() > 255 || (stateKey != null && stateKey.length() > 255)) {
            throw MatrixException.badJson("Event type and state_key must be at most 255 characters");
        }
        long now = clock.millis();
        Event event = new Event(Ids.eventId(), room.roomId(), type, sender, ts != null ? ts : now, content,
                stateKey, redacts, null, stream.incrementAndGet());
        if (Json.write(event.toClientJson()).length > Event.MAX_EVENT_BYTES) {
            throw MatrixException.tooLarge("event too large");
        }
        room.append(event);
        publish(room, event);
        return event;
    }

    private void publish(Room room, Event event) {
        if (room.appserviceInterestedIn(event)) {
            if (room.isPublished()) {
                appserviceSink.accept(event);
            } else {
                room.holdForPublication(event);
            }
        }
    }

    private ObjectNode profileContent(String userId) {
        return addProfile(Json.object().put("membership", "join"), userId);
    }

    private ObjectNode addProfile(ObjectNode content, String userId) {
        UserDirectory.UserAccount account = users.find(userId);
        if (account != null) {
            if (account.displayName() != null) {
                content.put("displayname", account.displayName());
            }
            if (account.avatarUrl() != null) {
                content.put("avatar_url", account.avatarUrl());
            }
        }
        return content;
    }

    private static void copyReason(ObjectNode body, ObjectNode content) {
        String reason = body == null ? null : Json.optString(body, "reason");
        if (reason != null) {
            content.put("reason", reason);
        }
    }
}
