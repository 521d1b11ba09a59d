package imbridge.core.model;

import java.util.List;

/** What the Matrix layer needs to create a portal room. Members are remote handles (ghosts). */
public record RoomSpec(String portalId, PortalKind kind, String name, List<String> memberHandles) {
    public RoomSpec {
        memberHandles = List.copyOf(memberHandles);
    }
}
