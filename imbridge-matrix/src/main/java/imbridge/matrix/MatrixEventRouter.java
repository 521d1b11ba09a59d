package imbridge.matrix;

import imbridge.core.matrixside.MembershipChange;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the homeserver's events into {@link MatrixEventListener} calls:
 * <ul>
 *   <li>{@code m.room.member} of a real user, or of the bot when a real user changed it (an invite to a new
 *       management room, a kick) → {@link MatrixEventListener#onMembership};</li>
 *   <li>{@code m.room.message} with a text body from a real user in a management room →
 *       {@link MatrixEventListener#onCommand};</li>
 *   <li>{@code m.room.message} from a real user in a portal room (not an edit) →
 *       {@link MatrixEventListener#onOwnerMessage};</li>
 *   <li>everything else, including the echoes of what the bot and ghosts did, and of what the bridge sent as the
 *       owner's own account (double puppeting), is skipped.</li>
 * </ul>
 * The bridge queues what {@link #wants} durably ({@link MatrixInboxAppender}) and routes it later
 * ({@link MatrixInboxWorker}); used directly as a {@link TransactionHandler} it routes on the transaction
 * thread, which suits tests and tools but loses events on a crash.
 */
public final class MatrixEventRouter implements TransactionHandler {
    private static final Logger log = LoggerFactory.getLogger(MatrixEventRouter.class);

    /** What {@link #route} did with an event. */
    public enum Routed {
        MEMBERSHIP,
        COMMAND,
        OWNER_MESSAGE,
        SKIPPED
    }

    private final String bot;
    private final GhostNames ghosts;
    private final Predicate<String> isManagementRoom;
    private final Predicate<String> isPortalRoom;
    private final MatrixEventListener listener;

    /** {@code isManagementRoom}: whether a room ID is a management room (the app keeps that list). */
    public MatrixEventRouter(MatrixConfig cfg, Predicate<String> isManagementRoom, MatrixEventListener listener) {
        this(cfg, isManagementRoom, roomId -> false, listener);
    }

    /** {@code isPortalRoom}: whether a room ID is a portal's room (messages there go to iMessage). */
    public MatrixEventRouter(
            MatrixConfig cfg,
            Predicate<String> isManagementRoom,
            Predicate<String> isPortalRoom,
            MatrixEventListener listener) {
        this.bot = cfg.botUserId();
        this.ghosts = GhostNames.of(cfg);
        this.isManagementRoom = isManagementRoom;
        this.isPortalRoom = isPortalRoom;
        this.listener = listener;
    }

    @Override
    public void onTransaction(String txnId, List<Map<String, Object>> events) throws Exception {
        for (Map<String, Object> event : events) {
            route(event);
        }
    }

    /** Whether {@link #route} would hand this event to the listener (the events worth queuing). */
    public boolean wants(Map<String, Object> event) {
        return classify(event) != null;
    }

    /** Hands one event to the listener, or skips it. */
    public Routed route(Map<String, Object> event) throws Exception {
        Object routed = classify(event);
        if (routed instanceof MembershipChange change) {
            listener.onMembership(change);
            return Routed.MEMBERSHIP;
        }
        if (routed instanceof BotCommand command) {
            log.info("Command '{}' from {} in {}", command.word(), command.sender(), command.roomId());
            listener.onCommand(command);
            return Routed.COMMAND;
        }
        if (routed instanceof imbridge.core.matrixside.OwnerMessage message) {
            listener.onOwnerMessage(message);
            return Routed.OWNER_MESSAGE;
        }
        return Routed.SKIPPED;
    }

    /** A {@link MembershipChange}, a {@link BotCommand}, or null for an event the bridge does not act on. */
    private Object classify(Map<String, Object> event) {
        String type = text(event, "type");
        String sender = text(event, "sender");
        String roomId = text(event, "room_id");
        if (sender == null || roomId == null || isOurs(sender)) {
            return null;
        }
        String eventId = text(event, "event_id");
        long ts = event.get("origin_server_ts") instanceof Number n ? n.longValue() : 0L;
        Map<?, ?> content = event.get("content") instanceof Map<?, ?> m ? m : Map.of();
        if (content.containsKey(OwnerAccount.SOURCE_KEY) || content.containsKey(PartContent.MARKER)) {
            return null; // the bridge's own send as the owner's account (double puppeting), not the owner writing
        }
        if ("m.room.member".equals(type)) {
            String target = text(event, "state_key");
            String membership = content.get("membership") instanceof String s ? s : null;
            if (target == null || membership == null || ghosts.handle(target).isPresent()) {
                return null;
            }
            return new MembershipChange(
                    roomId,
                    eventId,
                    target,
                    sender,
                    membership,
                    previousMembership(event),
                    content.get("reason") instanceof String r ? r : null,
                    ts);
        }
        if ("m.room.message".equals(type)
                && isManagementRoom.test(roomId)
                && "m.text".equals(content.get("msgtype"))
                && content.get("body") instanceof String body) {
            return BotCommand.parse(roomId, eventId, sender, body, ts);
        }
        if ("m.room.message".equals(type)
                && !isManagementRoom.test(roomId)
                && isPortalRoom.test(roomId)
                && !(content.get("m.relates_to") instanceof Map<?, ?> rel && "m.replace".equals(rel.get("rel_type")))
                && content.get("msgtype") instanceof String msgtype
                && content.get("body") instanceof String body) {
            String url = content.get("url") instanceof String u ? u : null;
            Map<?, ?> info = content.get("info") instanceof Map<?, ?> i ? i : Map.of();
            String filename = content.get("filename") instanceof String f ? f : body;
            String mime = info.get("mimetype") instanceof String m ? m : null;
            return new imbridge.core.matrixside.OwnerMessage(
                    roomId, eventId, sender, msgtype, body, url, filename, mime, ts);
        }
        return null;
    }

    private boolean isOurs(String userId) {
        return userId.equals(bot) || ghosts.handle(userId).isPresent();
    }

    private static String previousMembership(Map<String, Object> event) {
        if (event.get("unsigned") instanceof Map<?, ?> unsigned
                && unsigned.get("prev_content") instanceof Map<?, ?> prev
                && prev.get("membership") instanceof String membership) {
            return membership;
        }
        return null;
    }

    private static String text(Map<String, Object> event, String field) {
        return event.get(field) instanceof String s ? s : null;
    }
}
