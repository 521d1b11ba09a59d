package imbridge.sim.cloudkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a realistic Messages-in-iCloud account from a seed. Pure and deterministic: the same seed, sizes and
 * profile give byte-identical records, tokens and truth. Message records enter their zone in a shuffled,
 * non-chronological order, as CloudKit delivers them. Profile {@code full} adds its records ({@link FullProfile})
 * on top of exactly the {@code basic} ones.
 */
public final class DatasetGenerator {

    /** The ordinary conversations before profile extras: plan, records, and each conversation's messages. */
    record Base(
            List<PlannedConversation> planned,
            List<ChatRecord> chatRecords,
            List<AttachmentRecord> attachmentRecords,
            List<MessageRecord> shuffledMessages,
            List<List<MessageRecord>> messagesByConversation,
            List<Conversation> conversations) {}

    private static final double FROM_ME_SHARE = 0.4;
    private static final double ATTACHMENT_ONLY_SHARE = 0.03;
    static final double WITH_ATTACHMENTS_SHARE = 0.10;
    private static final double SUBJECT_SHARE = 0.01;
    private static final double READ_SHARE = 0.9;
    static final String[] OWNER_SENDER_FORMS = {
        "+15550000001", "tel:+15550000001", "mailto:owner@icloud.com", "owner@icloud.com"
    };

    private final long seed;
    private final int chats;
    private final int messages;
    private final SimProfile profile;
    private final Duration lateAfter;
    private final int bigChat;
    private final int bigChats;
    private final double attachmentRatio;

    /** The {@code basic} profile. */
    public DatasetGenerator(long seed, int chats, int messages) {
        this(seed, chats, messages, SimProfile.BASIC, SimConfig.DEFAULT_LATE_AFTER);
    }

    /** @param lateAfter when profile {@code full}'s late records arrive, counted from the dataset's start */
    public DatasetGenerator(long seed, int chats, int messages, SimProfile profile, Duration lateAfter) {
        this(seed, chats, messages, profile, lateAfter, 0, WITH_ATTACHMENTS_SHARE);
    }

    /**
     * @param bigChat         0 for the default split, else the exact message count of the largest conversation
     *                        (one of {@code chats}; the others share the rest)
     * @param attachmentRatio share of ordinary messages that carry attachments (default 0.10)
     */
    public DatasetGenerator(
            long seed,
            int chats,
            int messages,
            SimProfile profile,
            Duration lateAfter,
            int bigChat,
            double attachmentRatio) {
        this(seed, chats, messages, profile, lateAfter, bigChat, 1, attachmentRatio);
    }

    /** @param bigChats how many conversations get exactly {@code bigChat} messages (several large histories) */
    public DatasetGenerator(
            long seed,
            int chats,
            int messages,
            SimProfile profile,
            Duration lateAfter,
            int bigChat,
            int bigChats,
            double attachmentRatio) {
        if (bigChats < 1
                || (bigChat > 0
                        && (bigChats > chats
                                || (long) bigChat * bigChats > messages - Math.max(chats - bigChats, 0)))) {
            throw new IllegalArgumentException(bigChats + " big chat(s) of " + bigChat + " messages do not fit "
                    + messages + " messages over " + chats + " chats (every other chat needs at least one)");
        }
        this.bigChats = bigChats;
        if (bigChat < 0 || (bigChat > 0 && bigChat > messages - Math.max(chats - 1, 0))) {
            throw new IllegalArgumentException("big chat of " + bigChat + " messages does not fit " + messages
                    + " messages over " + chats + " chats (every other chat needs at least one)");
        }
        if (!(attachmentRatio >= 0 && attachmentRatio <= 1)) {
            throw new IllegalArgumentException("attachment ratio must be within 0..1, got " + attachmentRatio);
        }
        this.bigChat = bigChat;
        this.attachmentRatio = attachmentRatio;
        if (chats < 0 || messages < chats || (chats == 0 && messages != 0)) {
            throw new IllegalArgumentException("need chats >= 0 and messages >= chats (every conversation gets a "
                    + "message), got chats=" + chats + " messages=" + messages);
        }
        this.seed = seed;
        this.chats = chats;
        this.messages = messages;
        this.profile = Objects.requireNonNull(profile, "profile");
        this.lateAfter = Objects.requireNonNull(lateAfter, "lateAfter");
        if (lateAfter.isNegative()) {
            throw new IllegalArgumentException("lateAfter must not be negative: " + lateAfter);
        }
    }

    public Dataset generate() {
        SplitMix64 root = new SplitMix64(seed);
        Base base = base(root);
        if (profile == SimProfile.FULL) {
            return new FullProfile(root.fork("full-profile"), seed, lateAfter, base).build();
        }
        return Dataset.builder(seed)
                .addAll(base.chatRecords())
                .addAll(base.attachmentRecords())
                .addAll(base.shuffledMessages())
                .conversations(base.conversations())
                .summary(new DatasetSummary(
                        chats, messages, base.attachmentRecords().size()))
                .build();
    }

    private Base base(SplitMix64 root) {
        List<PlannedConversation> planned = ConversationPlanner.plan(root.fork("conversations"), chats);
        int[] volume = MessageVolume.allocate(root.fork("volume"), planned.size(), messages, bigChat, bigChats);
        SplitMix64 chatRnd = root.fork("chat-records");
        SplitMix64 timeRnd = root.fork("timeline");
        SplitMix64 contentRnd = root.fork("content");
        AttachmentFactory attachmentFactory = new AttachmentFactory(seed);

        List<ChatRecord> chatRecords = new ArrayList<>();
        List<MessageRecord> messageRecords = new ArrayList<>(messages);
        List<AttachmentRecord> attachmentRecords = new ArrayList<>();
        List<List<MessageRecord>> byConversation = new ArrayList<>();
        List<Conversation> conversations = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            PlannedConversation conversation = planned.get(i);
            if (conversation.chatRecordName() != null) {
                chatRecords.add(conversation.toChatRecord(chatRnd));
            }
            List<MessageRecord> own = new ArrayList<>(volume[i]);
            for (long time : Timeline.times(timeRnd, volume[i])) {
                own.add(message(contentRnd, conversation, time, attachmentFactory, attachmentRecords, attachmentRatio));
            }
            messageRecords.addAll(own);
            byConversation.add(List.copyOf(own));
            conversations.add(conversation.toConversation(volume[i]));
        }
        root.fork("insertion-order").shuffle(messageRecords);
        return new Base(planned, chatRecords, attachmentRecords, messageRecords, byConversation, conversations);
    }

    /** One ordinary message of {@code conversation}: text and/or attachments, from me or from a member. */
    static MessageRecord message(
            SplitMix64 rnd,
            PlannedConversation conversation,
            long time,
            AttachmentFactory attachmentFactory,
            List<AttachmentRecord> attachmentsOut) {
        return message(rnd, conversation, time, attachmentFactory, attachmentsOut, WITH_ATTACHMENTS_SHARE);
    }

    /** @param attachmentRatio share of messages with attachments; a third of those carry no text */
    static MessageRecord message(
            SplitMix64 rnd,
            PlannedConversation conversation,
            long time,
            AttachmentFactory attachmentFactory,
            List<AttachmentRecord> attachmentsOut,
            double attachmentRatio) {
        boolean fromMe = rnd.chance(FROM_ME_SHARE);
        String sender = fromMe
                ? rnd.pick(OWNER_SENDER_FORMS)
                : rnd.pick(conversation.people()).senderForm(rnd);
        long flags = fromMe
                ? MessageRecord.FLAG_FROM_ME | MessageRecord.FLAG_SENT | MessageRecord.FLAG_READ
                : (rnd.chance(READ_SHARE) ? MessageRecord.FLAG_READ : 0);

        double shape = rnd.nextDouble();
        // the default ratio keeps the exact thresholds, so default datasets stay byte-identical
        double attachmentOnlyShare = attachmentRatio == WITH_ATTACHMENTS_SHARE
                ? ATTACHMENT_ONLY_SHARE
                : attachmentRatio * ATTACHMENT_ONLY_SHARE / WITH_ATTACHMENTS_SHARE;
        boolean attachmentOnly = shape < attachmentOnlyShare;
        boolean withAttachments = shape < attachmentRatio;
        List<String> attachmentGuids = new ArrayList<>();
        if (withAttachments) {
            int count = attachmentCount(rnd);
            for (int index = 0; index < count; index++) {
                AttachmentRecord attachment = attachmentFactory.next(rnd, index);
                attachmentsOut.add(attachment);
                attachmentGuids.add(attachment.guid());
            }
        }
        String text = attachmentOnly ? placeholderText(rnd, attachmentGuids.size()) : bodyText(rnd, conversation);
        if (withAttachments && !attachmentOnly && rnd.chance(0.5)) {
            text = String.valueOf(MessageBody.OBJECT_REPLACEMENT).repeat(attachmentGuids.size()) + text;
        }
        String subject = rnd.chance(SUBJECT_SHARE) ? TextFactory.subject(rnd) : null;
        return new MessageRecord(
                rnd.nextHex128(),
                rnd.nextUuid().toString(),
                conversation.messageChatId(rnd),
                sender,
                time,
                flags,
                text,
                subject,
                attachmentGuids,
                conversation.service(),
                0);
    }

    private static int attachmentCount(SplitMix64 rnd) {
        double p = rnd.nextDouble();
        return p < 0.7 ? 1 : p < 0.9 ? 2 : 3;
    }

    /** Attachment-only messages have no text, or only iMessage's U+FFFC placeholders. */
    private static String placeholderText(SplitMix64 rnd, int attachments) {
        return rnd.chance(0.5)
                ? null
                : String.valueOf(MessageBody.OBJECT_REPLACEMENT).repeat(attachments);
    }

    /**
     * A body that can't be mistaken for a system row: the bridge drops text-only rows equal to the group's
     * display name (behaviour.md §5.3), which the ground truth does not model.
     */
    static String bodyText(SplitMix64 rnd, PlannedConversation conversation) {
        String text = TextFactory.next(rnd);
        if (conversation.name() != null
                && (text.equals(conversation.name()) || text.strip().equals(conversation.name()))) {
            text = text + " 🙂";
        }
        return text;
    }
}
