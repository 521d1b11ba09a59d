package imbridge.app.verify;

import java.util.Map;

/** Reads the reply relation of an event's content: {@code m.relates_to.m.in_reply_to.event_id}. */
final class ReplyRelation {

    private ReplyRelation() {}

    /** The event ID the content replies to, or null when it is not a reply. */
    static String eventId(Map<String, Object> content) {
        if (content.get("m.relates_to") instanceof Map<?, ?> relates
                && relates.get("m.in_reply_to") instanceof Map<?, ?> inReplyTo
                && inReplyTo.get("event_id") instanceof String eventId) {
            return eventId;
        }
        return null;
    }
}
