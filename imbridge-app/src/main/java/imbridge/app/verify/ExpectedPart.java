package imbridge.app.verify;

import java.util.Objects;

/**
 * One Matrix event a correct bridge must produce. For {@code kind = text} only {@code body} is set; for
 * {@code kind = file} the file fields are set and {@code body} is null. {@code kind = notice} is a file part
 * whose asset the simulator made permanently broken: the bridge must send an {@code m.notice} with this part
 * ID instead (after its retries); {@code body} then holds the simulator's reason and the file fields describe
 * the attachment that could not be had. {@code replyTo} (on a reply's first part, else null) is the GUID of the
 * message it answers: the event must carry {@code m.relates_to.m.in_reply_to} naming that message's first part.
 * For {@code kind = reaction} (part {@code reaction}, a standing tapback) only {@code key} (the emoji) and
 * {@code target} (the GUID of the message it annotates) are set: the bridge must send an {@code m.reaction}
 * whose {@code m.annotation} names the target's first part with that key. {@code opus} (else null) marks a CAF
 * voice note expected as an Ogg Opus voice message ({@link OpusPackets}).
 *
 * <p>Mirrors the simulator's {@code imbridge.sim.cloudkit.Truth.Part}, but is read from the truth's JSON (any
 * simulator URL, or a file), so the verifier does not depend on the simulator's classes.
 */
public record ExpectedPart(
        String guid,
        String part,
        long ts,
        String sender,
        boolean fromMe,
        String kind,
        String body,
        String filename,
        String mime,
        Long size,
        String sha256,
        String replyTo,
        String key,
        String target,
        OpusPackets opus) {
    public static final String KIND_TEXT = "text";

    /**
     * A CAF voice note holding Opus, which must arrive as an Ogg Opus voice message carrying exactly these packets
     * (the simulator's {@code opusPackets}, {@code opusPacketsSha256}). {@link #UNKNOWN}: a CAF whose codec the
     * expectations do not know (the audit's cache), so either the original file or a valid Ogg Opus voice message
     * will do.
     *
     * @param sha256 hex SHA-256 of the packets concatenated in order; null when unknown
     */
    public record OpusPackets(int count, String sha256) {
        public static final OpusPackets UNKNOWN = new OpusPackets(-1, null);

        public boolean known() {
            return sha256 != null;
        }
    }

    public static final String KIND_FILE = "file";
    public static final String KIND_NOTICE = "notice";
    public static final String KIND_REACTION = "reaction";

    public ExpectedPart {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(kind, "kind");
    }

    public ExpectedPart(
            String guid,
            String part,
            long ts,
            String sender,
            boolean fromMe,
            String kind,
            String body,
            String filename,
            String mime,
            Long size,
            String sha256) {
        this(guid, part, ts, sender, fromMe, kind, body, filename, mime, size, sha256, null, null, null, null);
    }

    /** The same part as the first part of a reply to {@code targetGuid}. */
    public ExpectedPart withReplyTo(String targetGuid) {
        return copy(targetGuid, opus);
    }

    /** The same file part as a voice note that must (or, {@link OpusPackets#UNKNOWN}, may) arrive as Ogg Opus. */
    public ExpectedPart withOpus(OpusPackets packets) {
        return copy(replyTo, packets);
    }

    private ExpectedPart copy(String newReplyTo, OpusPackets newOpus) {
        return new ExpectedPart(
                guid,
                part,
                ts,
                sender,
                fromMe,
                kind,
                body,
                filename,
                mime,
                size,
                sha256,
                newReplyTo,
                key,
                target,
                newOpus);
    }

    /** A standing tapback: an {@code m.reaction} with {@code key} on {@code targetGuid}'s first part. */
    public static ExpectedPart reaction(
            String guid, long ts, String sender, boolean fromMe, String key, String targetGuid) {
        return new ExpectedPart(
                guid,
                KIND_REACTION,
                ts,
                sender,
                fromMe,
                KIND_REACTION,
                null,
                null,
                null,
                null,
                null,
                null,
                Objects.requireNonNull(key, "key"),
                Objects.requireNonNull(targetGuid, "target"),
                null);
    }

    public static ExpectedPart text(String guid, long ts, String sender, boolean fromMe, String body) {
        return new ExpectedPart(guid, "text", ts, sender, fromMe, KIND_TEXT, body, null, null, null, null);
    }

    public static ExpectedPart file(
            String guid,
            int index,
            long ts,
            String sender,
            boolean fromMe,
            String filename,
            String mime,
            long size,
            String sha256) {
        return new ExpectedPart(guid, "att" + index, ts, sender, fromMe, KIND_FILE, null, filename, mime, size, sha256);
    }

    public PartId id() {
        return new PartId(guid, part);
    }

    public boolean isFile() {
        return KIND_FILE.equals(kind);
    }

    /** An abandoned attachment: expected as an {@code m.notice}; {@link #body()} is the reason it broke. */
    public boolean isNotice() {
        return KIND_NOTICE.equals(kind);
    }

    public boolean isReaction() {
        return KIND_REACTION.equals(kind);
    }
}
