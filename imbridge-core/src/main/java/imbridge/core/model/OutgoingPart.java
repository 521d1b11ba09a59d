package imbridge.core.model;

/** What the engine asks the Matrix layer to send for one message part; the Matrix layer renders the JSON. */
public sealed interface OutgoingPart
        permits OutgoingPart.Text, OutgoingPart.Media, OutgoingPart.Notice, OutgoingPart.Reaction {

    PartKey key();

    /** The GUID as CloudKit spelled it (carried in the event's {@code com.imbridge.part} marker). */
    String guid();

    String portalId();

    /**
     * On a reply's first part: the event ID of the first part of the message it answers (rendered as
     * {@code m.relates_to.m.in_reply_to}); null otherwise.
     */
    String replyToEventId();

    /** @param html the Matrix {@code formatted_body} when the source knows the text's formatting; null when plain */
    record Text(PartKey key, String guid, String portalId, String body, String replyToEventId, String html)
            implements OutgoingPart {

        public Text(PartKey key, String guid, String portalId, String body, String replyToEventId) {
            this(key, guid, portalId, body, replyToEventId, null);
        }

        public Text(PartKey key, String guid, String portalId, String body) {
            this(key, guid, portalId, body, null, null);
        }
    }

    /**
     * @param voiceDurationMs for a voice message (a CAF voice note converted to Ogg Opus): its length, rendered with
     *                        the MSC3245 voice fields; null for any other file
     */
    record Media(
            PartKey key,
            String guid,
            String portalId,
            String contentUri,
            String filename,
            String mimeType,
            long size,
            String replyToEventId,
            Long voiceDurationMs)
            implements OutgoingPart {

        public Media(
                PartKey key,
                String guid,
                String portalId,
                String contentUri,
                String filename,
                String mimeType,
                long size,
                String replyToEventId) {
            this(key, guid, portalId, contentUri, filename, mimeType, size, replyToEventId, null);
        }

        public Media(
                PartKey key,
                String guid,
                String portalId,
                String contentUri,
                String filename,
                String mimeType,
                long size) {
            this(key, guid, portalId, contentUri, filename, mimeType, size, null);
        }

        public boolean isVoice() {
            return voiceDurationMs != null;
        }
    }

    /**
     * A visible {@code m.notice} standing in for an attachment that could not be obtained (abandoned after its
     * retries): it keeps the attachment's part key, so the message's parts are all accounted for.
     */
    record Notice(PartKey key, String guid, String portalId, String body, String replyToEventId)
            implements OutgoingPart {

        public Notice(PartKey key, String guid, String portalId, String body) {
            this(key, guid, portalId, body, null);
        }
    }

    /**
     * A tapback as an {@code m.reaction}: {@code m.annotation} of {@code targetEventId} (the target message's first
     * part) with {@code emoji} as its key. Its part key is {@code (tapback GUID, "reaction")}.
     */
    record Reaction(PartKey key, String guid, String portalId, String targetEventId, String emoji)
            implements OutgoingPart {

        public Reaction {
            java.util.Objects.requireNonNull(targetEventId, "targetEventId");
            java.util.Objects.requireNonNull(emoji, "emoji");
        }

        /** A reaction is never a reply. */
        @Override
        public String replyToEventId() {
            return null;
        }
    }
}
