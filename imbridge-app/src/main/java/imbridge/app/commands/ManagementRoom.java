package imbridge.app.commands;

import imbridge.core.matrixside.MembershipChange;
import imbridge.core.port.MatrixException;
import imbridge.matrix.AppserviceGateway;
import imbridge.store.SqlManagementRooms;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's management room: the bot's DM with the owner where commands are typed, remembered in the
 * database. {@link #ensure()} at start reuses the remembered room while the bot is in it and the owner
 * has not left, and creates a new one otherwise. When the owner leaves it, it is forgotten (a new one
 * comes at the next start); an invite of the bot by the owner becomes the management room when there is
 * none, and is declined when there is one.
 */
public final class ManagementRoom {
    private static final Logger log = LoggerFactory.getLogger(ManagementRoom.class);
    private static final Set<String> OWNER_PRESENT = Set.of("join", "invite");

    private final String owner;
    private final String bot;
    private final SqlManagementRooms rooms;
    private final AppserviceGateway gateway;
    private volatile String roomId;

    public ManagementRoom(String owner, String bot, SqlManagementRooms rooms, AppserviceGateway gateway) {
        this.owner = owner;
        this.bot = bot;
        this.rooms = rooms;
        this.gateway = gateway;
        this.roomId = rooms.find(owner).orElse(null);
    }

    /** The current management room, or null. */
    public String roomId() {
        return roomId;
    }

    public boolean is(String candidate) {
        return candidate != null && candidate.equals(roomId);
    }

    /** Makes sure a usable management room exists (the handshake must have run). Returns its ID. */
    public synchronized String ensure() throws MatrixException {
        String current = roomId;
        if (current != null) {
            boolean botIn = gateway.isBotJoined(current);
            String ownerMembership = botIn ? gateway.membership(current, owner) : "unknown";
            if (botIn && OWNER_PRESENT.contains(ownerMembership)) {
                log.info("Management room with {} is {}", owner, current);
                return current;
            }
            log.info(
                    "Management room {} is no longer usable (bot joined: {}, owner: {}); opening a new one",
                    current,
                    botIn,
                    ownerMembership);
            rooms.forget(owner, current);
        }
        String created = gateway.createManagementRoom();
        rooms.save(owner, created);
        roomId = created;
        return created;
    }

    /**
     * Handles a membership change if it concerns the management room or invites the bot; returns false
     * (not handled) otherwise.
     */
    public synchronized boolean onMembership(MembershipChange change) throws MatrixException {
        if (is(change.roomId())) {
            if (owner.equals(change.userId()) && change.departure()) {
                rooms.forget(owner, change.roomId());
                roomId = null;
                gateway.leaveRoomAsBot(change.roomId(), "the owner left the management room");
                log.info(
                        "{} left the management room {}; a new one opens at the next start or when they invite "
                                + "the bot",
                        owner,
                        change.roomId());
            }
            return true;
        }
        if (!bot.equals(change.userId()) || !"invite".equals(change.membership())) {
            return false;
        }
        if (!owner.equals(change.sender()) || roomId != null) {
            String reason = owner.equals(change.sender())
                    ? "a management room already exists"
                    : "only the bridge's owner can open a management room";
            log.info("Declining the invite of {} to {} ({})", change.sender(), change.roomId(), reason);
            gateway.leaveRoomAsBot(change.roomId(), reason);
            return true;
        }
        gateway.joinRoomAsBot(change.roomId());
        rooms.save(owner, change.roomId());
        roomId = change.roomId();
        log.info("{} invited the bot to {}: it is the management room now", owner, change.roomId());
        return true;
    }
}
