package imbridge.app.verify;

import java.util.Map;
import java.util.Objects;

/** One event as the homeserver stores it; {@code stateKey} is null for timeline (non-state) events. */
public record DeliveredEvent(
        String eventId, String type, String sender, long originServerTs, Map<String, Object> content, String stateKey) {
    public static final String ROOM_MESSAGE = "m.room.message";
    public static final String REACTION = "m.reaction";

    public DeliveredEvent {
        Objects.requireNonNull(type, "type");
        content = content == null ? Map.of() : content;
    }

    public DeliveredEvent(
            String eventId, String type, String sender, long originServerTs, Map<String, Object> content) {
        this(eventId, type, sender, originServerTs, content, null);
    }

    public boolean isRoomMessage() {
        return ROOM_MESSAGE.equals(type) && stateKey == null;
    }

    /**
     * A bridged {@code m.reaction} that still stands: it carries the bridge's part marker (reactions of real users
     * are not the bridge's output), and a redacted one has lost its {@code m.relates_to} (and its marker).
     */
    public boolean isStandingReaction() {
        return REACTION.equals(type)
                && stateKey == null
                && content.get("m.relates_to") instanceof Map<?, ?>
                && content.containsKey("com.imbridge.part");
    }

    /** What the comparison judges: messages and standing reactions (redacted reactions count for nothing). */
    public boolean isBridgedPart() {
        return isRoomMessage() || isStandingReaction();
    }
}
