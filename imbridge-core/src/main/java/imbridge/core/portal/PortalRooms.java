package imbridge.core.portal;

import imbridge.core.model.ChatRow;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;

import java.util.ArrayList;
import java.util.List;

/** Creates a portal's room once and remembers it; members and name come from the cached chat. */
public final class PortalRooms {
    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final MatrixGateway matrix;
    private final PortalIdResolver resolver;

    public PortalRooms(CloudStore cloud, BridgeStore bridge, MatrixGateway matrix, PortalIdResolver resolver) {
        this.cloud = cloud;
        this.bridge = bridge;
        this.matrix = matrix;
        this.resolver = resolver;
    }

    /** The portal with its room, creating both as needed. */
    public Portal ensureRoom(String portalId) throws MatrixException {
        Portal portal = bridge.portal(portalId).orElseGet(() -> describe(portalId));
        if (portal.roomId() != null) {
            return portal;
        }
        bridge.savePortal(portal); // remembered before the room exists, so discovery is not repeated
        String roomId = matrix.createRoom(new RoomSpec(portal.portalId(), portal.kind(), portal.name(),
                portal.members()));
        Portal withRoom = portal.withRoom(roomId);
        bridge.savePortal(withRoom);
        return withRoom;
    }

    private Portal describe(String portalId) {
        PortalKind kind = PortalKind.ofPortalId(portalId);
        List<String> members = new ArrayList<>();
        String name = null;
        ChatRow chat = cloud.chatForPortal(portalId).orElse(null);
        if (chat != null) {
            name = chat.displayName() == null || chat.displayName().isBlank() ? null : chat.displayName();
            for (String p : chat.participants()) {
                String handle = Handles.normalize(p);
                if (!handle.isEmpty() && !resolver.isOwnHandle(handle) && !members.contains(handle)) {
                    members.add(handle);
                }
            }
        }
        if (kind == PortalKind.DM && members.isEmpty()) {
            members.add(portalId);
        }
        return new Portal(portalId, kind, kind == PortalKind.GROUP ? name : null, members, null);
    }
}
