package imbridge.app.verify;

import java.util.Map;
import java.util.Objects;

/** One event as the homeserver stores it; {@code stateKey} is null for timeline (non-state) events. */
public record DeliveredEvent(String eventId, String type, String sender, long originServerTs,
                             Map<String, Object> content, String stateKey) {
    public static final String ROOM_MESSAGE = "m.room.message";

    public DeliveredEvent {
        Objects.requireNonNull(type, "type");
        content = content == null ? Map.of() : content;
    }

    public DeliveredEvent(String eventId, String type, String sender, long originServerTs,
                          Map<String, Object> content) {
        this(eventId, type, sender, originServerTs, content, null);
    }

    public boolean isRoomMessage() {
        return ROOM_MESSAGE.equals(type) && stateKey == null;
    }
}
