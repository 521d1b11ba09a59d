package imbridge.sim.cloudkit;

import java.time.Instant;
import java.util.List;

/**
 * Profile {@code full}'s malformed message and attachment records (the malformed chat records belong to
 * {@link SpecialConversations}). Each sits in an ordinary conversation and would produce a visible part if a
 * bridge accepted it. The malformed attachment is referenced by a well-formed message whose text must still
 * be bridged.
 */
final class MalformedRecords {

    /** Safe for raw (unescaped) output: no quotes, backslashes or control characters. */
    private static final String[] PLAIN_TEXTS = {
        "See you at the station", "Photo from the trip", "Running late, sorry", "Café at noon?"
    };

    private static final long EARLY_NS = appleNanos("1995-06-01T12:00:00Z");
    private static final long LATE_NS = appleNanos("2150-01-01T00:00:00Z");

    private final SplitMix64 rnd;
    private final DatasetGenerator.Base base;
    private final ProfileRecords out;
    private final long seed;

    MalformedRecords(SplitMix64 rnd, long seed, DatasetGenerator.Base base, ProfileRecords out) {
        this.rnd = rnd;
        this.seed = seed;
        this.base = base;
        this.out = out;
    }

    void plan() {
        if (base.planned().isEmpty()) {
            return;
        }
        shaped(Defect.Kind.MISSING_FIELD, "guid");
        shaped(Defect.Kind.MISSING_FIELD, "time");
        shaped(Defect.Kind.MISSING_FIELD, "chatID");
        shaped(Defect.Kind.WRONG_TYPE, "time");
        shaped(Defect.Kind.WRONG_TYPE, "sender");
        shaped(Defect.Kind.INVALID_UTF8, "text");
        shaped(Defect.Kind.INVALID_UTF8, "sender");

        String badGuid = "not-a-guid-" + rnd.nextHex128().substring(0, 8);
        valued(withGuid(message(rnd.pick(PLAIN_TEXTS)), badGuid), Defect.Kind.BAD_GUID, "guid");
        valued(withTime(message(rnd.pick(PLAIN_TEXTS)), EARLY_NS), Defect.Kind.ABSURD_TIMESTAMP, "time");
        valued(withTime(message(rnd.pick(PLAIN_TEXTS)), LATE_NS), Defect.Kind.ABSURD_TIMESTAMP, "time");
        valued(withText(message(rnd.pick(PLAIN_TEXTS)), oversizeText()), Defect.Kind.OVERSIZE_TEXT, "text");

        brokenAttachment();
    }

    /** A well-formed-looking message whose defect is applied when it is rendered. */
    private void shaped(Defect.Kind kind, String field) {
        out.messages.add(new MalformedRecord(message(rnd.pick(PLAIN_TEXTS)), new Defect(kind, field)));
    }

    /** A message whose defect is in its values. */
    private void valued(MessageRecord message, Defect.Kind kind, String field) {
        out.messages.add(new MalformedRecord(message, new Defect(kind, field)));
    }

    /** An attachment without its asset, and a good message with text that references only it. */
    private void brokenAttachment() {
        AttachmentRecord attachment = new AttachmentFactory(seed).next(rnd, 0);
        out.attachments.add(new MalformedRecord(attachment, new Defect(Defect.Kind.MISSING_FIELD, "lqa")));
        PlannedConversation conversation = rnd.pick(base.planned());
        out.messages.add(ExtraMessages.create(
                rnd,
                conversation,
                anchorTime(conversation),
                rnd.chance(0.4),
                0,
                DatasetGenerator.bodyText(rnd, conversation),
                null,
                List.of(attachment.guid()),
                0,
                MessageMeta.NONE));
    }

    /** A plain, not-from-me message in a random ordinary conversation (its sender has a raw-safe form). */
    private MessageRecord message(String text) {
        PlannedConversation conversation = rnd.pick(base.planned());
        return ExtraMessages.create(
                rnd, conversation, anchorTime(conversation), false, 0, text, null, List.of(), 0, MessageMeta.NONE);
    }

    private long anchorTime(PlannedConversation conversation) {
        List<MessageRecord> own =
                base.messagesByConversation().get(base.planned().indexOf(conversation));
        return rnd.pick(own).timeNs() + ExtraMessages.seconds(rnd, 1, 600);
    }

    private String oversizeText() {
        StringBuilder text = new StringBuilder(Defect.OVERSIZE_TEXT_CHARS + 64);
        while (text.length() <= Defect.OVERSIZE_TEXT_CHARS) {
            text.append(rnd.pick(PLAIN_TEXTS)).append(' ');
        }
        return text.toString();
    }

    private static MessageRecord withGuid(MessageRecord m, String guid) {
        return copy(m, guid, m.timeNs(), m.text());
    }

    private static MessageRecord withTime(MessageRecord m, long timeNs) {
        return copy(m, m.guid(), timeNs, m.text());
    }

    private static MessageRecord withText(MessageRecord m, String text) {
        return copy(m, m.guid(), m.timeNs(), text);
    }

    /** The one copy behind the defects: a message with another GUID, time or text. */
    private static MessageRecord copy(MessageRecord m, String guid, long timeNs, String text) {
        return new MessageRecord(
                m.recordName(),
                guid,
                m.chatId(),
                m.sender(),
                timeNs,
                m.flags(),
                text,
                m.subject(),
                m.attachmentGuids(),
                m.service(),
                m.msgType(),
                m.meta());
    }

    private static long appleNanos(String instant) {
        long unixMs = Instant.parse(instant).toEpochMilli();
        return (unixMs - GroundTruth.APPLE_EPOCH_UNIX_MS) * 1_000_000L;
    }
}
