package imbridge.app.verify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps, per visible portal room, only its bridged parts reduced to their markers (a reaction keeps its
 * {@code m.relates_to}): what {@link LiveVerification} judges, without the rest of each event. About a hundred
 * bytes per bridged part, so meant for the live demos, not for a million-message account.
 */
public final class BridgedPartsWatcher implements RoomWatcher {
    private final GhostResolver ghosts;
    private final List<DeliveredRoom> rooms = Collections.synchronizedList(new ArrayList<>());

    public BridgedPartsWatcher(GhostResolver ghosts) {
        this.ghosts = ghosts;
    }

    /** The rooms seen so far, in the order the comparison closed them. */
    public List<DeliveredRoom> rooms() {
        return List.copyOf(rooms);
    }

    @Override
    public Watch open(RoomListing room, ExpectedPortal expected) {
        BridgeOutputFilter filter = new BridgeOutputFilter(ghosts, room.portalId() != null);
        List<DeliveredEvent> parts = new ArrayList<>();
        return new Watch() {
            @Override
            public void event(DeliveredEvent event) {
                DeliveredEvent shown = filter.apply(event);
                if (shown == null
                        || !shown.isBridgedPart()
                        || !(shown.content().get(PartMarker.KEY) instanceof Map<?, ?>)) {
                    return;
                }
                Map<String, Object> content = new HashMap<>(2);
                content.put(PartMarker.KEY, shown.content().get(PartMarker.KEY));
                if (shown.isStandingReaction()) {
                    content.put("m.relates_to", shown.content().get("m.relates_to"));
                }
                parts.add(new DeliveredEvent(null, shown.type(), shown.sender(), shown.originServerTs(), content));
            }

            @Override
            public void close() {
                rooms.add(new DeliveredRoom(room.roomId(), room.portalId(), parts, room.ownerMembership()));
            }
        };
    }
}
