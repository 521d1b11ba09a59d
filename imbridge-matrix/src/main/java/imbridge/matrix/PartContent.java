package imbridge.matrix;

import imbridge.core.model.OutgoingPart;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders an {@link OutgoingPart} as {@code m.room.message} content (wire-contracts.md §3); a reply's first part
 * carries {@code m.relates_to.m.in_reply_to}; a voice message (a converted voice note) carries {@code info.duration}
 * and the MSC3245 voice fields; a reaction is {@code m.reaction} content (an {@code m.annotation}).
 * Every part carries the {@code com.imbridge.part} marker.
 */
final class PartContent {
    static final String MARKER = "com.imbridge.part";

    private PartContent() {}

    /** The event type a part is sent as: {@code m.reaction} for a tapback, {@code m.room.message} otherwise. */
    static String eventType(OutgoingPart part) {
        return part instanceof OutgoingPart.Reaction ? "m.reaction" : "m.room.message";
    }

    static Map<String, Object> render(OutgoingPart part) {
        Map<String, Object> content = new LinkedHashMap<>();
        switch (part) {
            case OutgoingPart.Text text -> {
                content.put("msgtype", "m.text");
                content.put("body", text.body());
                if (text.html() != null) {
                    content.put("format", "org.matrix.custom.html");
                    content.put("formatted_body", text.html());
                }
            }
            case OutgoingPart.Media media -> {
                content.put("msgtype", msgtype(media.mimeType()));
                content.put("body", media.filename());
                content.put("filename", media.filename());
                content.put("url", media.contentUri());
                Map<String, Object> info = new LinkedHashMap<>();
                if (media.mimeType() != null) {
                    info.put("mimetype", media.mimeType());
                }
                if (media.size() >= 0) {
                    info.put("size", media.size());
                }
                if (media.isVoice()) {
                    info.put("duration", media.voiceDurationMs());
                }
                content.put("info", info);
                if (media.isVoice()) { // MSC3245: clients show a voice message (MSC1767 audio carries its length)
                    content.put("org.matrix.msc1767.audio", Map.of("duration", media.voiceDurationMs()));
                    content.put("org.matrix.msc3245.voice", Map.of());
                }
            }
            case OutgoingPart.Notice notice -> {
                content.put("msgtype", "m.notice");
                content.put("body", notice.body());
            }
            case OutgoingPart.Reaction reaction -> {
                Map<String, Object> relation = new LinkedHashMap<>();
                relation.put("rel_type", "m.annotation");
                relation.put("event_id", reaction.targetEventId());
                relation.put("key", reaction.emoji());
                content.put("m.relates_to", relation);
            }
        }
        if (part.replyToEventId() != null) {
            content.put("m.relates_to", Map.of("m.in_reply_to", Map.of("event_id", part.replyToEventId())));
        }
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("guid", part.guid());
        marker.put("part", part.key().part());
        marker.put("portal", part.portalId());
        content.put(MARKER, marker);
        return content;
    }

    static String msgtype(String mimeType) {
        if (mimeType == null) {
            return "m.file";
        }
        mimeType = mimeType.toLowerCase(Locale.ROOT);
        if (mimeType.startsWith("image/")) {
            return "m.image";
        }
        if (mimeType.startsWith("video/")) {
            return "m.video";
        }
        if (mimeType.startsWith("audio/")) {
            return "m.audio";
        }
        return "m.file";
    }
}
