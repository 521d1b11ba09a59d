package imbridge.core.model;

/** A portal ID that has cached, non-deleted messages, with its newest message time (discovery order). */
public record PortalCandidate(String portalId, long newestTimestampMs, long messageCount) {}
