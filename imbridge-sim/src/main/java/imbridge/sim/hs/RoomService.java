package imbridge.sim.hs;

import static imbridge.sim.hs.MembershipRules.requireJoined;
import static imbridge.sim.hs.MembershipRules.requireLevel;
import static imbridge.sim.hs.RoomRegistry.withLock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Room writes with the authorisation a real homeserver applies: creation, sends and batch sends, state, membership
 * changes, redactions, receipts; "only joined users may send", state-key ownership, transaction-ID idempotency.
 * Each operation runs under the one room's lock. The membership rules are in {@link MembershipRules}, event stamping
 * and publication in {@link EventAppender}; reads are {@link #reads()}, the verifiers' views {@link #inspection()}.
 */
final class RoomService {
    /** The receipt types Synapse accepts on {@code /receipt} and {@code /read_markers}. */
    static final List<String> RECEIPT_TYPES = List.of("m.read", "m.read.private", "m.fully_read");

    private final String serverName;
    private final AppserviceScope scope;
    private final DoubleStats stats;
    private final Clock clock;
    private final RoomRegistry registry = new RoomRegistry();
    private final EventAppender appender;
    private final MembershipRules members;
    private final RoomReads reads;
    private final RoomInspection inspection = new RoomInspection(registry);

    RoomService(
            String serverName,
            UserDirectory users,
            AppserviceScope scope,
            Consumer<Event> appserviceSink,
            DoubleStats stats,
            Clock clock,
            HsCompat compat) {
        this.reads = new RoomReads(registry, compat.legacy());
        this.serverName = serverName;
        this.scope = scope;
        this.stats = stats;
        this.clock = clock;
        this.appender = new EventAppender(appserviceSink, clock);
        this.members = new MembershipRules(users, appender);
    }

    RoomReads reads() {
        return reads;
    }

    RoomInspection inspection() {
        return inspection;
    }

    String createRoom(Requester requester, ObjectNode body) {
        RoomCreationRequest request = RoomCreationRequest.parse(body, serverName);
        String alias = request.aliasLocalpart() == null ? null : "#" + request.aliasLocalpart() + ":" + serverName;
        if (alias != null && registry.aliasTaken(alias)) {
            throw new MatrixException(400, "M_ROOM_IN_USE", "Room alias already taken");
        }
        String roomId = Ids.roomId(serverName);
        String creator = requester.userId();
        Room room = new Room(roomId, creator, request.roomVersion(), request.isDirect(), scope::covers);
        room.lock().lock();
        try {
            for (RoomCreationRequest.StateEntry entry : request.initialEvents(creator, members.joinContent(creator))) {
                // Power levels are not checked here: the creator may build the room before the override
                // takes effect (Synapse likewise never locks a creator out of its own createRoom).
                if (entry.stateKey().startsWith("@") && !entry.stateKey().equals(creator)) {
                    throw MatrixException.forbidden("You are not allowed to set others state");
                }
                appender.append(room, entry.type(), creator, entry.content(), entry.stateKey(), null, null);
            }
            for (String invitee : request.invites()) {
                ObjectNode content = Json.object().put("membership", "invite");
                if (request.isDirect()) {
                    content.put("is_direct", true);
                }
                members.changeMembership(room, creator, invitee, members.addProfile(content, invitee), null);
            }
            registry.add(room, alias);
            appender.publishCreated(room);
        } finally {
            room.lock().unlock();
        }
        return roomId;
    }

    String send(Requester requester, String roomId, String type, String txnId, ObjectNode content, Long ts) {
        Room room = registry.require(roomId);
        return withLock(room, r -> {
            String txnKey = requester.userId() + "\nsend\n" + type + "\n" + txnId;
            String previous = r.eventIdForTxn(txnKey);
            if (previous != null) {
                stats.dedupedSend();
                return previous;
            }
            requireJoined(r, requester.userId());
            requireLevel(
                    r,
                    requester.userId(),
                    r.powerLevels().eventLevel(type, false),
                    "You don't have permission to post that to the room.");
            Json.requireCanonical(content);
            Event event = appender.append(r, type, requester.userId(), content, null, null, ts);
            r.rememberTxn(txnKey, event.eventId());
            stats.send();
            appender.accepted(List.of(event));
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
        Room room = registry.require(roomId);
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
                Event event = new Event(
                        e.eventId() != null ? e.eventId() : Ids.eventId(),
                        roomId,
                        e.type(),
                        e.sender(),
                        e.originServerTs(),
                        e.content(),
                        null,
                        null,
                        null,
                        0);
                EventAppender.requireSize(event);
                created.add(event);
                ids.add(event.eventId());
            }
            List<Event> stored;
            if (request.forward() || !r.hasMessages()) {
                stored = new ArrayList<>(created.size());
                for (Event event : created) {
                    Event positioned = event.withStream(appender.nextStream());
                    r.append(positioned);
                    stored.add(positioned);
                }
            } else {
                stored = r.insertHistory(created, appender::nextStream);
            }
            stored.forEach(event -> appender.publish(r, event));
            stats.batchSend(created.size(), request.events().size() - created.size());
            appender.accepted(stored);
            return ids;
        });
    }

    /** From now on, message events the send routes store are timed in {@code times}. */
    void recordAcceptTimes(AcceptTimes times) {
        appender.recordAcceptTimes(times);
    }

    String putState(Requester requester, String roomId, String type, String stateKey, ObjectNode content, Long ts) {
        Room room = registry.require(roomId);
        return withLock(room, r -> {
            Json.requireCanonical(content);
            if ("m.room.member".equals(type)) {
                UserIds.requireValid(stateKey, "state_key of m.room.member");
                return members.changeMembership(r, requester.userId(), stateKey, content, ts)
                        .eventId();
            }
            requireJoined(r, requester.userId());
            if ("m.room.create".equals(type)) {
                throw MatrixException.forbidden("A room can only have one m.room.create event");
            }
            if (stateKey.startsWith("@") && !stateKey.equals(requester.userId())) {
                throw MatrixException.forbidden("You are not allowed to set others state");
            }
            requireLevel(
                    r,
                    requester.userId(),
                    r.powerLevels().eventLevel(type, true),
                    "You don't have permission to post that to the room.");
            if ("m.room.power_levels".equals(type)) {
                RoomCreationRequest.validatePowerLevels(content);
            }
            Event current = r.stateEvent(type, stateKey);
            if (current != null
                    && current.sender().equals(requester.userId())
                    && current.content().equals(content)) {
                return current.eventId();
            }
            return appender.append(r, type, requester.userId(), content, stateKey, null, ts)
                    .eventId();
        });
    }

    /** {@code POST /join/{roomIdOrAlias}} and {@code POST /rooms/{roomId}/join}. */
    String join(Requester requester, String roomIdOrAlias, ObjectNode body) {
        String roomId = registry.resolve(roomIdOrAlias);
        Room room = registry.require(roomId);
        ObjectNode content = members.addProfile(MembershipRules.content("join", body), requester.userId());
        withLock(room, r -> members.changeMembership(r, requester.userId(), requester.userId(), content, null));
        return roomId;
    }

    void invite(Requester requester, String roomId, String target, ObjectNode body) {
        Room room = registry.require(roomId);
        ObjectNode content = members.addProfile(MembershipRules.content("invite", body), target);
        withLock(room, r -> members.changeMembership(r, requester.userId(), target, content, null));
    }

    /** leave (target = requester), kick, ban and unban all become a membership event for the target. */
    void setMembership(Requester requester, String roomId, String target, String membership, ObjectNode body) {
        Room room = registry.require(roomId);
        ObjectNode content = MembershipRules.content(membership, body);
        withLock(room, r -> members.changeMembership(r, requester.userId(), target, content, null));
    }

    /** Unban is leave by someone else on a banned user; anyone else is rejected. */
    void unban(Requester requester, String roomId, String target, ObjectNode body) {
        Room room = registry.require(roomId);
        withLock(room, r -> {
            if (!"ban".equals(r.membership(target))) {
                throw MatrixException.forbidden(target + " is not banned from the room");
            }
            return members.changeMembership(
                    r, requester.userId(), target, MembershipRules.content("leave", body), null);
        });
    }

    String redact(Requester requester, String roomId, String eventId, String txnId, ObjectNode body) {
        Room room = registry.require(roomId);
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
                requireLevel(
                        r, requester.userId(), r.powerLevels().redact(), "You don't have permission to redact events");
            }
            Json.requireCanonical(body);
            if ("11".equals(r.roomVersion())) {
                body.put("redacts", eventId);
            }
            Event redaction = appender.append(r, "m.room.redaction", requester.userId(), body, null, eventId, null);
            r.replace(Redaction.redact(target, redaction));
            r.rememberTxn(txnKey, redaction.eventId());
            return redaction.eventId();
        });
    }

    /**
     * Stores a receipt of a joined member for an event of the room (unknown type → 400 M_INVALID_PARAM, event not
     * in the room → 404 M_NOT_FOUND). Receipts are not events: nothing is appended or pushed.
     */
    void receipt(Requester requester, String roomId, String type, String eventId, Long requestedTs) {
        if (!RECEIPT_TYPES.contains(type)) {
            throw MatrixException.invalidParam("Receipt type must be 'm.read', 'm.read.private' or 'm.fully_read'");
        }
        Room room = registry.require(roomId);
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

    /** A new display name is announced in every joined room by a fresh member event, as Synapse does. */
    void propagateProfile(String userId) {
        for (Room room : registry.inCreationOrder()) {
            withLock(room, r -> {
                if (!r.isJoined(userId)) {
                    return null;
                }
                ObjectNode content =
                        r.stateEvent("m.room.member", userId).content().deepCopy();
                content.remove("displayname");
                content.remove("avatar_url");
                content.remove("reason");
                members.addProfile(content, userId);
                if (!content.equals(r.stateContent("m.room.member", userId))) {
                    appender.append(r, "m.room.member", userId, content, userId, null, null);
                }
                return null;
            });
        }
    }
}
