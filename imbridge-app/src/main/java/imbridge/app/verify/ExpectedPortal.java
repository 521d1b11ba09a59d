package imbridge.app.verify;

import java.util.List;
import java.util.Objects;

/** One room a correct bridge must create, with its parts in the order they must appear. */
public record ExpectedPortal(
        String portalId, String kind, String name, List<String> members, List<ExpectedPart> parts) {
    public ExpectedPortal {
        Objects.requireNonNull(portalId, "portalId");
        members = members == null ? List.of() : List.copyOf(members);
        parts = List.copyOf(parts);
    }
}
