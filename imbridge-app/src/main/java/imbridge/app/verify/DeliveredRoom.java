package imbridge.app.verify;

import java.util.List;
import java.util.Objects;

/**
 * One room as read back from the homeserver, its events in timeline order.
 *
 * @param portalId        {@code content.channel.id} of the room's {@code m.bridge} state, null for rooms that are
 *                        not bridge portals (e.g. a management room)
 * @param ownerMembership the bridged user's membership ({@code join}, {@code invite}, {@code leave}, {@code ban}…),
 *                        null when the user has none or the reader cannot tell
 */
public record DeliveredRoom(String roomId, String portalId, List<DeliveredEvent> timeline, String ownerMembership) {
    public static final String LEAVE = "leave";
    public static final String BAN = "ban";

    public DeliveredRoom {
        Objects.requireNonNull(roomId, "roomId");
        timeline = List.copyOf(timeline);
    }

    public DeliveredRoom(String roomId, String portalId, List<DeliveredEvent> timeline) {
        this(roomId, portalId, timeline, null);
    }

    /** The user left or was removed (kicked or banned): the room is deleted for them. */
    public boolean goneForOwner() {
        return LEAVE.equals(ownerMembership) || BAN.equals(ownerMembership);
    }
}
