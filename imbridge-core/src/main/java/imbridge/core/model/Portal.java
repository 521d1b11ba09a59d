package imbridge.core.model;

import java.util.List;

/** A bridged conversation and its Matrix room (null until created). */
public record Portal(String portalId, PortalKind kind, String name, List<String> members, String roomId) {
    public Portal {
        members = members == null ? List.of() : List.copyOf(members);
    }

    public Portal withRoom(String newRoomId) {
        return new Portal(portalId, kind, name, members, newRoomId);
    }
}
