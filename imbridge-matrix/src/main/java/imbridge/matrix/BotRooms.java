package imbridge.matrix;

import static imbridge.matrix.AppserviceSession.isRefusedOrUnknown;
import static imbridge.matrix.AppserviceSession.roomPath;
import static imbridge.matrix.AppserviceSession.withReason;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.port.MatrixException;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's own memberships: joining and leaving rooms (the management room's invites), whether it is in a room and
 * who else is, and leaving a portal room for good when its chat was deleted.
 */
final class BotRooms {
    private static final Logger log = LoggerFactory.getLogger(BotRooms.class);

    private final AppserviceSession session;
    private final MatrixClient client;
    /** Drops what this run cached about a room the bot left. */
    private final Consumer<String> forgetRoom;

    BotRooms(AppserviceSession session, Consumer<String> forgetRoom) {
        this.session = session;
        this.client = session.client();
        this.forgetRoom = forgetRoom;
    }

    void join(String roomId) throws MatrixException {
        client.postJson(roomPath(roomId) + "/join", session.bot(), Map.of());
    }

    void leave(String roomId, String reason) throws MatrixException {
        client.postJson(roomPath(roomId) + "/leave", session.bot(), withReason(Map.of(), reason));
    }

    /** Whether the bot is joined to the room (as the homeserver sees it now). */
    boolean isJoined(String roomId) throws MatrixException {
        for (JsonNode joinedRoom : client.get(AppserviceSession.CLIENT_V3 + "/joined_rooms", session.bot())
                .path("joined_rooms")) {
            if (roomId.equals(joinedRoom.asText())) {
                return true;
            }
        }
        return false;
    }

    /** The user's current membership as the bot sees it; {@code "none"} when there is no member event. */
    String membership(String roomId, String userId) throws MatrixException {
        try {
            return client.get(roomPath(roomId) + "/state/m.room.member/" + MatrixClient.segment(userId), session.bot())
                    .path("membership")
                    .asText("none");
        } catch (MatrixException e) {
            if ("M_NOT_FOUND".equals(e.errcode())) {
                return "none";
            }
            throw e;
        }
    }

    /**
     * Kicks the owner (with the reason) and has the bot leave, so the room disappears for the user.
     * Ghosts stay: they are ours, invisible to the user once the owner is out, and kicking each one
     * would cost a request per member. Idempotent: a room already left (or one the homeserver no
     * longer knows) is success, and so is an owner who already left when the bot is still in.
     */
    void deleteRoom(String roomId, String reason) throws MatrixException {
        String owner = session.cfg().ownerUserId();
        try {
            client.postJson(roomPath(roomId) + "/kick", session.bot(), withReason(Map.of("user_id", owner), reason));
        } catch (MatrixException e) {
            if (!isRefusedOrUnknown(e)) {
                throw e;
            }
            if (!isJoined(roomId)) {
                log.info("Room {} was already deleted for {} (bot not in it)", roomId, owner);
                forgetRoom.accept(roomId);
                return;
            }
            String ownerMembership = membership(roomId, owner);
            if (!"leave".equals(ownerMembership) && !"ban".equals(ownerMembership)) {
                throw e;
            }
        }
        try {
            leave(roomId, reason);
        } catch (MatrixException e) {
            if (!isRefusedOrUnknown(e) || isJoined(roomId)) {
                throw e;
            }
        }
        forgetRoom.accept(roomId);
        log.info("Deleted room {} for {} ({})", roomId, owner, reason);
    }
}
