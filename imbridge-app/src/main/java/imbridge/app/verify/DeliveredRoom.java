package imbridge.app.verify;

import java.util.List;
import java.util.Objects;

/**
 * One room as read back from the homeserver, its events in timeline order.
 *
 * @param portalId {@code content.channel.id} of the room's {@code m.bridge} state, null for rooms that are
 *                 not bridge portals (e.g. a management room)
 */
public record DeliveredRoom(String roomId, String portalId, List<DeliveredEvent> timeline) {
    public DeliveredRoom {
        Objects.requireNonNull(roomId, "roomId");
        timeline = List.copyOf(timeline);
    }
}
