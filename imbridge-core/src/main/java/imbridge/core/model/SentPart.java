package imbridge.core.model;

/** One row of {@code message_map}: a message part and the Matrix event it became. */
public record SentPart(String portalId, PartKey key, String guid, String roomId, String eventId, long timestampMs) {}
