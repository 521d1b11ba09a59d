package imbridge.app.verify;

import java.util.Objects;

/**
 * A room as listed before its timeline is read: small enough to keep for every room of an account.
 *
 * @param portalId        {@code content.channel.id} of the room's bridge state, null for rooms that are not portals
 * @param ownerMembership the bridged user's membership, null when they have none or the reader cannot tell
 * @param name            the room's current {@code m.room.name}, null without one (or an empty one)
 */
public record RoomListing(String roomId, String portalId, String ownerMembership, String name) {
    public RoomListing {
        Objects.requireNonNull(roomId, "roomId");
        name = name == null || name.isEmpty() ? null : name;
    }

    /** The user left or was removed (kicked or banned): the room is deleted for them. */
    public boolean goneForOwner() {
        return DeliveredRoom.LEAVE.equals(ownerMembership) || DeliveredRoom.BAN.equals(ownerMembership);
    }
}
