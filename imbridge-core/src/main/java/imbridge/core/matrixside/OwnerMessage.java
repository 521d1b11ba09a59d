package imbridge.core.matrixside;

/**
 * A message the owner sent in a portal room from a Matrix client: to be delivered to iMessage.
 *
 * @param msgtype  {@code m.text}, {@code m.emote}, {@code m.notice}, or a file type ({@code m.image} …)
 * @param mxcUrl   the file's {@code mxc://} URI (file types), else null
 */
public record OwnerMessage(
        String roomId,
        String eventId,
        String sender,
        String msgtype,
        String body,
        String mxcUrl,
        String filename,
        String mimeType,
        long timestampMs) {

    public boolean isFile() {
        return mxcUrl != null && !mxcUrl.isBlank();
    }
}
