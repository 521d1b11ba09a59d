package imbridge.sim.hs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Room endpoints of the client-server API. */
final class RoomRoutes {
    private static final String V3 = "/_matrix/client/v3";
    private static final String ROOM = V3 + "/rooms/{roomId}";
    private static final int DEFAULT_PAGE = 10;
    private static final int MAX_PAGE = 1000;

    private final Authenticator auth;
    private final RoomService rooms;
    private final RoomReads reads;

    RoomRoutes(Authenticator auth, RoomService rooms) {
        this.auth = auth;
        this.rooms = rooms;
        this.reads = rooms.reads();
    }

    void register(Javalin app) {
        app.post(V3 + "/createRoom", this::createRoom);
        app.post(V3 + "/join/{roomIdOrAlias}", ctx -> join(ctx, ctx.pathParam("roomIdOrAlias")));
        app.post(ROOM + "/join", ctx -> join(ctx, ctx.pathParam("roomId")));
        app.post(ROOM + "/invite", this::invite);
        app.post(ROOM + "/leave", this::leave);
        app.post(ROOM + "/kick", ctx -> moderate(ctx, "leave"));
        app.post(ROOM + "/ban", ctx -> moderate(ctx, "ban"));
        app.post(ROOM + "/unban", this::unban);
        app.put(ROOM + "/send/{eventType}/{txnId}", this::send);
        app.put(ROOM + "/state/{eventType}", ctx -> putState(ctx, ""));
        app.put(ROOM + "/state/{eventType}/{stateKey}", ctx -> putState(ctx, ctx.pathParam("stateKey")));
        app.get(ROOM + "/state", this::state);
        app.get(ROOM + "/state/{eventType}", ctx -> stateContent(ctx, ""));
        app.get(ROOM + "/state/{eventType}/{stateKey}", ctx -> stateContent(ctx, ctx.pathParam("stateKey")));
        app.get(ROOM + "/messages", this::messages);
        app.get(ROOM + "/event/{eventId}", this::event);
        app.put(ROOM + "/redact/{eventId}/{txnId}", this::redact);
        app.get(V3 + "/joined_rooms", this::joinedRooms);
        app.get(ROOM + "/joined_members", this::joinedMembers);
        app.get(ROOM + "/members", this::members);
        app.put(ROOM + "/typing/{userId}", this::typing);
        app.post(ROOM + "/receipt/{receiptType}/{eventId}", this::receipt);
        app.post(ROOM + "/read_markers", this::readMarkers);
    }

    private void createRoom(Context ctx) {
        Requester requester = auth.require(ctx);
        ObjectNode body = HttpSupport.jsonBody(ctx);
        HttpSupport.json(ctx, Map.of("room_id", rooms.createRoom(requester, body)));
    }

    private void join(Context ctx, String roomIdOrAlias) {
        Requester requester = auth.require(ctx);
        ObjectNode body = HttpSupport.jsonBodyOrEmpty(ctx);
        HttpSupport.json(ctx, Map.of("room_id", rooms.join(requester, roomIdOrAlias, body)));
    }

    private void invite(Context ctx) {
        Requester requester = auth.require(ctx);
        ObjectNode body = HttpSupport.jsonBody(ctx);
        String target = UserIds.requireValid(Json.requireString(body, "user_id"), "user_id");
        rooms.invite(requester, ctx.pathParam("roomId"), target, body);
        HttpSupport.emptyObject(ctx);
    }

    private void leave(Context ctx) {
        Requester requester = auth.require(ctx);
        ObjectNode body = HttpSupport.jsonBodyOrEmpty(ctx);
        rooms.setMembership(requester, ctx.pathParam("roomId"), requester.userId(), "leave", body);
        HttpSupport.emptyObject(ctx);
    }

    private void moderate(Context ctx, String membership) {
        Requester requester = auth.require(ctx);
        ObjectNode body = HttpSupport.jsonBody(ctx);
        String target = UserIds.requireValid(Json.requireString(body, "user_id"), "user_id");
        rooms.setMembership(requester, ctx.pathParam("roomId"), target, membership, body);
        HttpSupport.emptyObject(ctx);
    }

    private void unban(Context ctx) {
        Requester requester = auth.require(ctx);
        ObjectNode body = HttpSupport.jsonBody(ctx);
        String target = UserIds.requireValid(Json.requireString(body, "user_id"), "user_id");
        rooms.unban(requester, ctx.pathParam("roomId"), target, body);
        HttpSupport.emptyObject(ctx);
    }

    private void send(Context ctx) {
        Requester requester = auth.require(ctx);
        Long ts = HttpSupport.massagedTimestamp(ctx, requester);
        ObjectNode content = HttpSupport.jsonBody(ctx);
        String eventId = rooms.send(
                requester, ctx.pathParam("roomId"), ctx.pathParam("eventType"), ctx.pathParam("txnId"), content, ts);
        HttpSupport.json(ctx, Map.of("event_id", eventId));
    }

    private void putState(Context ctx, String stateKey) {
        Requester requester = auth.require(ctx);
        Long ts = HttpSupport.massagedTimestamp(ctx, requester);
        ObjectNode content = HttpSupport.jsonBody(ctx);
        String eventId =
                rooms.putState(requester, ctx.pathParam("roomId"), ctx.pathParam("eventType"), stateKey, content, ts);
        HttpSupport.json(ctx, Map.of("event_id", eventId));
    }

    private void state(Context ctx) {
        Requester requester = auth.require(ctx);
        HttpSupport.json(ctx, reads.state(requester, ctx.pathParam("roomId")));
    }

    private void stateContent(Context ctx, String stateKey) {
        Requester requester = auth.require(ctx);
        HttpSupport.json(
                ctx, reads.stateContent(requester, ctx.pathParam("roomId"), ctx.pathParam("eventType"), stateKey));
    }

    private void messages(Context ctx) {
        Requester requester = auth.require(ctx);
        String dir = ctx.queryParam("dir");
        if (dir != null && !dir.equals("b") && !dir.equals("f")) {
            throw MatrixException.invalidParam("Query parameter \"dir\" must be one of [b, f]");
        }
        Long from = HttpSupport.streamToken(ctx, "from");
        Long to = HttpSupport.streamToken(ctx, "to");
        int limit = HttpSupport.intParam(ctx, "limit", DEFAULT_PAGE, 0, MAX_PAGE);
        // Synapse defaults dir to "f" when absent.
        HttpSupport.json(ctx, reads.messages(requester, ctx.pathParam("roomId"), "b".equals(dir), from, to, limit));
    }

    private void event(Context ctx) {
        Requester requester = auth.require(ctx);
        HttpSupport.json(ctx, reads.event(requester, ctx.pathParam("roomId"), ctx.pathParam("eventId")));
    }

    private void redact(Context ctx) {
        Requester requester = auth.require(ctx);
        ObjectNode body = HttpSupport.jsonBodyOrEmpty(ctx);
        String eventId = rooms.redact(
                requester, ctx.pathParam("roomId"), ctx.pathParam("eventId"), ctx.pathParam("txnId"), body);
        HttpSupport.json(ctx, Map.of("event_id", eventId));
    }

    private void joinedRooms(Context ctx) {
        Requester requester = auth.require(ctx);
        HttpSupport.json(ctx, Map.of("joined_rooms", reads.joinedRooms(requester.userId())));
    }

    private void joinedMembers(Context ctx) {
        Requester requester = auth.require(ctx);
        HttpSupport.json(ctx, reads.joinedMembers(requester, ctx.pathParam("roomId")));
    }

    private void members(Context ctx) {
        Requester requester = auth.require(ctx);
        HttpSupport.json(ctx, Map.of("chunk", reads.members(requester, ctx.pathParam("roomId"))));
    }

    private void typing(Context ctx) {
        Requester requester = auth.require(ctx);
        if (!requester.userId().equals(ctx.pathParam("userId"))) {
            throw MatrixException.forbidden("Cannot set another user's typing state");
        }
        HttpSupport.jsonBody(ctx);
        reads.requireMember(requester, ctx.pathParam("roomId"));
        HttpSupport.emptyObject(ctx);
    }

    private void receipt(Context ctx) {
        Requester requester = auth.require(ctx);
        HttpSupport.jsonBodyOrEmpty(ctx);
        rooms.receipt(requester, ctx.pathParam("roomId"), ctx.pathParam("receiptType"), ctx.pathParam("eventId"), null);
        HttpSupport.emptyObject(ctx);
    }

    /**
     * {@code {"m.read"?, "m.read.private"?, "m.fully_read"?}}; other keys are ignored, as Synapse does, except
     * Beeper's {@code com.beeper.read.extra.ts}, recorded as the time the client asked for.
     */
    private void readMarkers(Context ctx) {
        Requester requester = auth.require(ctx);
        ObjectNode body = HttpSupport.jsonBody(ctx);
        JsonNode requested = body.path("com.beeper.read.extra").path("ts");
        Long requestedTs = requested.canConvertToLong() ? requested.asLong() : null;
        Map<String, String> markers = new LinkedHashMap<>();
        for (String type : RoomService.RECEIPT_TYPES) {
            JsonNode eventId = body.get(type);
            if (eventId != null) {
                if (!eventId.isTextual()) {
                    throw MatrixException.invalidParam("Receipt event ID must be a string");
                }
                markers.put(type, eventId.textValue());
            }
        }
        for (Map.Entry<String, String> marker : markers.entrySet()) {
            rooms.receipt(requester, ctx.pathParam("roomId"), marker.getKey(), marker.getValue(), requestedTs);
        }
        HttpSupport.emptyObject(ctx);
    }
}
