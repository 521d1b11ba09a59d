package imbridge.core.model;

public enum PortalKind {
    DM,
    GROUP;

    public static PortalKind ofPortalId(String portalId) {
        return portalId.startsWith("gid:") ? GROUP : DM;
    }
}
