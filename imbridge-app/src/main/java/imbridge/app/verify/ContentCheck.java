package imbridge.app.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Compares one delivered event with the part it claims to be (wire-contracts.md §3): timestamp, sender ghost,
 * marker portal, and text body, file metadata or reaction key. Media bytes are checked separately ({@link MediaVerifier}).
 */
final class ContentCheck {
    private static final int QUOTE_LIMIT = 60;

    private ContentCheck() {}

    static List<String> problems(
            ExpectedPart expected, DeliveredEvent event, PartMarker marker, String portalId, GhostResolver ghosts) {
        List<String> problems = new ArrayList<>(2);
        if (event.originServerTs() != expected.ts()) {
            problems.add("origin_server_ts " + event.originServerTs() + " ≠ expected " + expected.ts());
        }
        String senderProblem = ghosts.senderProblem(event.sender(), expected.sender(), expected.fromMe());
        if (senderProblem != null) {
            problems.add(senderProblem);
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
    private static void reactionProblems(
            ExpectedPart expected, DeliveredEvent event, Map<String, Object> content, List<String> problems) {
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

    /**
     * Whether the event is to be judged as a voice message: always for an Opus voice note, and for a CAF of unknown
     * codec (the audit's) when it arrived as Ogg.
     */
    static boolean judgedAsVoice(ExpectedPart expected, Map<String, Object> content) {
        if (expected.opus() == null) {
            return false;
        }
        Map<?, ?> info = content.get("info") instanceof Map<?, ?> m ? m : Map.of();
        return expected.opus().known() || VOICE_MIME.equals(info.get("mimetype"));
    }

    static final String VOICE_MIME = "audio/ogg";

    /** The name a converted voice note carries: the CAF's with {@code .ogg} in place of {@code .caf}. */
    static String voiceFilename(String cafFilename) {
        if (cafFilename == null || cafFilename.isBlank()) {
            return "Audio Message.ogg";
        }
        boolean caf = cafFilename.toLowerCase(Locale.ROOT).endsWith(".caf");
        return (caf ? cafFilename.substring(0, cafFilename.length() - 4) : cafFilename) + ".ogg";
    }

    /**
     * A CAF voice note as an MSC3245 voice message: {@code m.audio}, Ogg Opus, {@code .ogg} name, a duration in
     * {@code info} and in {@code org.matrix.msc1767.audio}, and the {@code org.matrix.msc3245.voice} marker (the
     * bytes and size are checked by {@link MediaVerifier}).
     */
    private static void voiceProblems(ExpectedPart expected, Map<String, Object> content, List<String> problems) {
        if (!"m.audio".equals(content.get("msgtype"))) {
            problems.add("msgtype " + content.get("msgtype") + " ≠ expected m.audio (a voice message)");
        }
        Object filename = content.containsKey("filename") ? content.get("filename") : content.get("body");
        String expectedName = voiceFilename(expected.filename());
        if (!Objects.equals(filename, expectedName)) {
            problems.add("filename " + quote(filename) + " ≠ expected " + quote(expectedName));
        }
        Map<?, ?> info = content.get("info") instanceof Map<?, ?> m ? m : Map.of();
        if (!VOICE_MIME.equals(info.get("mimetype"))) {
            problems.add("info.mimetype " + info.get("mimetype") + " ≠ expected " + VOICE_MIME
                    + " (an Opus voice note is sent as Ogg Opus)");
        }
        if (!(info.get("size") instanceof Number size) || size.longValue() <= 0) {
            problems.add("info.size " + info.get("size") + " is not a positive size");
        }
        Object duration = info.get("duration");
        if (!(duration instanceof Number d) || d.longValue() <= 0) {
            problems.add("info.duration " + duration + " is not a positive duration");
        }
        Map<?, ?> audio = content.get("org.matrix.msc1767.audio") instanceof Map<?, ?> m ? m : null;
        if (audio == null
                || !(audio.get("duration") instanceof Number d)
                || !(duration instanceof Number i)
                || d.longValue() != i.longValue()) {
            problems.add("org.matrix.msc1767.audio " + audio + " does not carry info.duration " + duration);
        }
        if (!(content.get("org.matrix.msc3245.voice") instanceof Map<?, ?>)) {
            problems.add("org.matrix.msc3245.voice missing: not marked as a voice message");
        }
        if (!(content.get("url") instanceof String url) || !isMxc(url)) {
            problems.add("url " + content.get("url") + " is not an mxc://server/mediaId URI");
        }
    }

    private static void fileProblems(ExpectedPart expected, Map<String, Object> content, List<String> problems) {
        if (judgedAsVoice(expected, content)) {
            voiceProblems(expected, content, problems);
            return;
        }
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
