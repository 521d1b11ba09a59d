package imbridge.app.verify;

/**
 * A delivered file part whose bytes still have to be fetched and checked: against {@code sha256} and {@code size},
 * or, for a voice message ({@code opus} non-null), as Ogg Opus of {@code size} bytes carrying those packets.
 */
record MediaCheck(
        String portalId,
        String roomId,
        String eventId,
        PartId id,
        String mxcUri,
        String sha256,
        long size,
        ExpectedPart.OpusPackets opus) {

    MediaCheck(String portalId, String roomId, String eventId, PartId id, String mxcUri, String sha256, long size) {
        this(portalId, roomId, eventId, id, mxcUri, sha256, size, null);
    }
}
