package imbridge.app.verify;

/**
 * The verdict for one portal. {@code roomId} is null when no room was found; {@code portalId} is null for
 * rooms without {@code m.bridge} state that nevertheless hold bridged messages. {@code delivered} counts every
 * {@code m.room.message} event attributed to the portal, including ones in extra rooms.
 */
public record PortalRow(
        String portalId,
        String roomId,
        long expected,
        long delivered,
        long missing,
        long duplicates,
        long outOfOrder,
        long unexpected,
        long mismatched) {
    public long problems() {
        return missing + duplicates + outOfOrder + unexpected + mismatched;
    }

    public boolean ok() {
        return problems() == 0;
    }
}
