package imbridge.core.portal;

import imbridge.core.model.ChatRow;
import imbridge.core.model.ContactCard;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.ContactBook;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates a portal's room once and remembers it; members and name come from the cached chat. A DM room is named
 * after the contact the address book has for its member, when it has one (groups keep their own names).
 */
public final class PortalRooms {
    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final MatrixGateway matrix;
    private final PortalIdResolver resolver;
    private final ContactBook contacts;

    public PortalRooms(CloudStore cloud, BridgeStore bridge, MatrixGateway matrix, PortalIdResolver resolver) {
        this(cloud, bridge, matrix, resolver, ContactBook.NONE);
    }

    public PortalRooms(
            CloudStore cloud,
            BridgeStore bridge,
            MatrixGateway matrix,
            PortalIdResolver resolver,
            ContactBook contacts) {
        this.cloud = cloud;
        this.bridge = bridge;
        this.matrix = matrix;
        this.resolver = resolver;
        this.contacts = contacts;
    }

    /** The portal with its room, creating both as needed. */
    public Portal ensureRoom(String portalId) throws MatrixException {
        Portal portal = bridge.portal(portalId).orElseGet(() -> describe(portalId));
        if (portal.roomId() != null) {
            listAsDirect(portal); // a room from before the owner's account was puppeted is listed too
            return portal;
        }
        bridge.savePortal(portal); // remembered before the room exists, so discovery is not repeated
        String roomId =
                matrix.createRoom(new RoomSpec(portal.portalId(), portal.kind(), roomName(portal), portal.members()));
        Portal withRoom = portal.withRoom(roomId);
        bridge.savePortal(withRoom);
        listAsDirect(withRoom);
        return withRoom;
    }

    /** A DM shows as a direct chat in the owner's client (the gateway remembers the rooms it listed). */
    private void listAsDirect(Portal portal) {
        if (portal.kind() == PortalKind.DM && !portal.members().isEmpty()) {
            matrix.listAsDirect(portal.roomId(), portal.members().getFirst());
        }
    }

    /** A group's own name; a DM's contact name (null without one: clients then show the ghost's name). */
    private String roomName(Portal portal) {
        if (portal.kind() != PortalKind.DM || portal.members().isEmpty()) {
            return portal.name();
        }
        return contacts.lookup(portal.members().getFirst())
                .map(ContactCard::contactName)
                .orElse(null);
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
