package imbridge.core.model;

/** What the engine asks the Matrix layer to send for one message part; the Matrix layer renders the JSON. */
public sealed interface OutgoingPart permits OutgoingPart.Text, OutgoingPart.Media, OutgoingPart.Notice {

    PartKey key();

    /** The GUID as CloudKit spelled it (carried in the event's {@code com.imbridge.part} marker). */
    String guid();

    String portalId();

    record Text(PartKey key, String guid, String portalId, String body) implements OutgoingPart {
    }

    record Media(PartKey key, String guid, String portalId, String contentUri, String filename, String mimeType,
                 long size) implements OutgoingPart {
    }

    /**
     * A visible {@code m.notice} standing in for an attachment that could not be obtained (abandoned after its
     * retries): it keeps the attachment's part key, so the message's parts are all accounted for.
     */
    record Notice(PartKey key, String guid, String portalId, String body) implements OutgoingPart {
    }
}
