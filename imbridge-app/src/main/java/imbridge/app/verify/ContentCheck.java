package imbridge.app.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares one delivered event with the part it claims to be (wire-contracts §3): timestamp, sender ghost,
 * marker portal, and text body, file metadata or reaction key. Media bytes are checked separately ({@link MediaVerifier}).
 */
final class ContentCheck {
    private static final int QUOTE_LIMIT = 60;

    private ContentCheck() {
    }

    static List<String> problems(ExpectedPart expected, DeliveredEvent event, PartMarker marker, String portalId,
                                 GhostResolver ghosts) {
        List<String> problems = new ArrayList<>(2);
        if (event.originServerTs() != expected.ts()) {
            problems.add("origin_server_ts " + event.originServerTs() + " ≠ expected " + expected.ts());
        }
        Optional<String> handle = ghosts.handleOf(event.sender());
        if (handle.isEmpty()) {
            problems.add("sender " + event.sender() + " is not a ghost; expected the ghost of " + expected.sender());
        } else if (!handle.get().equals(expected.sender())) {
            problems.add("sender " + event.sender() + " is the ghost of " + handle.get() + ", expected "
                    + expected.sender());
        }
        if (!Objects.equals(marker.portal(), portalId)) {
            problems.add("marker portal " + marker.portal() + " ≠ room portal " + portalId);
        }
        Map<String, Object> content = event.content();
        if (expected.isReaction()) {
            reactionProblems(expected, event, content, problems);
        } else if (expected.isNotice()) {
            noticeProblems(content, problems);
        } else if (expected.isFile()) {
            fileProblems(expected, content, problems);
        } else {
            textProblems(expected, content, problems);
        }
        return problems;
    }

    /** The msgtype a file part must have, by MIME major type (case-insensitive); no MIME type is a plain file. */
    static String fileMsgtype(String mimeType) {
        if (mimeType == null) {
            return "m.file"; // audits: a cached attachment record may lack its MIME type
        }
        String mime = mimeType.toLowerCase(Locale.ROOT);
        if (mime.startsWith("image/")) {
            return "m.image";
        }
        if (mime.startsWith("video/")) {
            return "m.video";
        }
        return mime.startsWith("audio/") ? "m.audio" : "m.file";
    }

    private static void textProblems(ExpectedPart expected, Map<String, Object> content, List<String> problems) {
        if (!"m.text".equals(content.get("msgtype"))) {
            problems.add("msgtype " + content.get("msgtype") + " ≠ expected m.text");
        }
        if (!Objects.equals(content.get("body"), expected.body())) {
            problems.add("body " + quote(content.get("body")) + " ≠ expected " + quote(expected.body()));
        }
    }

    /**
     * A standing tapback: an {@code m.reaction} whose {@code m.annotation} carries the expected key (the event it
     * annotates is checked by {@link PortalComparison}, which knows the room's parts).
     */
    private static void reactionProblems(ExpectedPart expected, DeliveredEvent event, Map<String, Object> content,
                                         List<String> problems) {
        if (!DeliveredEvent.REACTION.equals(event.type())) {
            problems.add("event type " + event.type() + " ≠ expected " + DeliveredEvent.REACTION);
        }
        Map<?, ?> relation = content.get("m.relates_to") instanceof Map<?, ?> m ? m : Map.of();
        if (!"m.annotation".equals(relation.get("rel_type"))) {
            problems.add("m.relates_to.rel_type " + relation.get("rel_type") + " ≠ expected m.annotation");
        }
        if (!Objects.equals(relation.get("key"), expected.key())) {
            problems.add("reaction key " + quote(relation.get("key")) + " ≠ expected " + quote(expected.key()));
        }
    }

    /** An abandoned attachment: a visible notice in the part's place, never a file that could not be verified. */
    private static void noticeProblems(Map<String, Object> content, List<String> problems) {
        if (!"m.notice".equals(content.get("msgtype"))) {
            problems.add("msgtype " + content.get("msgtype") + " ≠ expected m.notice (the simulator broke this "
                    + "attachment for good)");
        }
        if (!(content.get("body") instanceof String body) || body.isBlank()) {
            problems.add("notice without a body");
        }
    }

    private static void fileProblems(ExpectedPart expected, Map<String, Object> content, List<String> problems) {
        String msgtype = fileMsgtype(expected.mime());
        if (!msgtype.equals(content.get("msgtype"))) {
            problems.add("msgtype " + content.get("msgtype") + " ≠ expected " + msgtype);
        }
        Object filename = content.containsKey("filename") ? content.get("filename") : content.get("body");
        if (!Objects.equals(filename, expected.filename())) {
            problems.add("filename " + quote(filename) + " ≠ expected " + quote(expected.filename()));
        }
        Map<?, ?> info = content.get("info") instanceof Map<?, ?> m ? m : Map.of();
        if (!Objects.equals(info.get("mimetype"), expected.mime())) {
            problems.add("info.mimetype " + info.get("mimetype") + " ≠ expected " + expected.mime());
        }
        Long size = info.get("size") instanceof Number n ? n.longValue() : null;
        if (!Objects.equals(size, expected.size())) {
            problems.add("info.size " + info.get("size") + " ≠ expected " + expected.size());
        }
        if (!(content.get("url") instanceof String url) || !isMxc(url)) {
            problems.add("url " + content.get("url") + " is not an mxc://server/mediaId URI");
        }
    }

    static boolean isMxc(String url) {
        try {
            MxcUri.parse(url);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String quote(Object value) {
        if (!(value instanceof String s)) {
            return String.valueOf(value);
        }
        String shown = s.length() > QUOTE_LIMIT ? s.substring(0, QUOTE_LIMIT) + "…" : s;
        return '"' + shown.replace("\n", "\\n") + '"';
    }
}
