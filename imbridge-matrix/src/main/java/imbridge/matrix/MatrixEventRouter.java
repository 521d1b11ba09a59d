package imbridge.matrix;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The {@link TransactionHandler} that turns the homeserver's events into {@link MatrixEventListener} calls:
 * <ul>
 *   <li>{@code m.room.member} of a real user, or of the bot when a real user changed it (an invite to a new
 *       management room, a kick) → {@link MatrixEventListener#onMembership};</li>
 *   <li>{@code m.room.message} with a text body from a real user in a management room →
 *       {@link MatrixEventListener#onCommand};</li>
 *   <li>everything else, including the echoes of what the bot and ghosts did, is skipped.</li>
 * </ul>
 */
public final class MatrixEventRouter implements TransactionHandler {
    private static final Logger log = LoggerFactory.getLogger(MatrixEventRouter.class);

    private final String bot;
    private final GhostNames ghosts;
    private final Predicate<String> isManagementRoom;
    private final MatrixEventListener listener;

    /** {@code isManagementRoom}: whether a room ID is a management room (the app keeps that list). */
    public MatrixEventRouter(MatrixConfig cfg, Predicate<String> isManagementRoom, MatrixEventListener listener) {
        this.bot = cfg.botUserId();
        this.ghosts = GhostNames.of(cfg);
        this.isManagementRoom = isManagementRoom;
        this.listener = listener;
    }

    @Override
    public void onTransaction(String txnId, List<Map<String, Object>> events) throws Exception {
        for (Map<String, Object> event : events) {
            route(event);
        }
    }

    private void route(Map<String, Object> event) throws Exception {
        String type = text(event, "type");
        String sender = text(event, "sender");
        if (sender == null || isOurs(sender)) {
            return;
        }
        String roomId = text(event, "room_id");
        String eventId = text(event, "event_id");
        long ts = event.get("origin_server_ts") instanceof Number n ? n.longValue() : 0L;
        Map<?, ?> content = event.get("content") instanceof Map<?, ?> m ? m : Map.of();
        if ("m.room.member".equals(type)) {
            String target = text(event, "state_key");
            String membership = content.get("membership") instanceof String s ? s : null;
            if (target == null || membership == null || ghosts.handle(target).isPresent()) {
                return;
            }
            listener.onMembership(new MembershipChange(roomId, eventId, target, sender, membership,
                    previousMembership(event), content.get("reason") instanceof String r ? r : null, ts));
        } else if ("m.room.message".equals(type) && roomId != null && isManagementRoom.test(roomId)) {
            if (!"m.text".equals(content.get("msgtype")) || !(content.get("body") instanceof String body)) {
                return;
            }
            BotCommand command = BotCommand.parse(roomId, eventId, sender, body, ts);
            if (command != null) {
                log.info("Command '{}' from {} in {}", command.word(), sender, roomId);
                listener.onCommand(command);
            }
        }
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
