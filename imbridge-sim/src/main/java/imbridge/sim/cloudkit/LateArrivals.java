package imbridge.sim.cloudkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Profile {@code full}'s late changes: new messages in a few ordinary conversations, each strictly newer than
 * everything else in its conversation; one entirely new conversation (chat record, messages, an attachment)
 * newer than anything in the account; and a tombstone of one of the new messages after it. (The late chat
 * tombstone is planned by {@link SpecialConversations}.)
 */
final class LateArrivals {

    private static final int CONVERSATIONS_WITH_NEWS = 3;

    private final SplitMix64 rnd;
    private final long seed;
    private final DatasetGenerator.Base base;
    private final ProfileRecords out;

    LateArrivals(SplitMix64 rnd, long seed, DatasetGenerator.Base base, ProfileRecords out) {
        this.rnd = rnd;
        this.seed = seed;
        this.base = base;
        this.out = out;
    }

    /** Runs after every other planner, so "newest" covers all records of the account. */
    void plan() {
        Map<String, Long> newestByChat = newestByChat();
        List<PlannedConversation> candidates = new ArrayList<>(base.planned());
        rnd.shuffle(candidates);
        MessageRecord last = null;
        for (PlannedConversation conversation :
                candidates.subList(0, Math.min(CONVERSATIONS_WITH_NEWS, candidates.size()))) {
            long time = newestByChat.get(chatKey(conversation.isGroup() ? conversation.gid() : conversation.cid()));
            int count = rnd.nextInt(1, 2);
            for (int i = 0; i < count; i++) {
                time += ExtraMessages.seconds(rnd, 30, 3600);
                last = ExtraMessages.create(
                        rnd,
                        conversation,
                        time,
                        rnd.chance(0.4),
                        0,
                        DatasetGenerator.bodyText(rnd, conversation),
                        null,
                        List.of(),
                        0,
                        MessageMeta.NONE);
                out.lateMessages.add(last);
            }
        }
        newConversation(
                newestByChat.values().stream().mapToLong(Long::longValue).max().orElse(0));
        if (last != null) {
            out.lateMessageTombstones.add(last.recordName());
        }
    }

    private void newConversation(long newestInAccount) {
        PlannedConversation conversation = out.lateConversation;
        out.lateChats.add(conversation.toChatRecord(rnd));
        int count = rnd.nextInt(3, 5);
        long time = newestInAccount + ExtraMessages.seconds(rnd, 3600, 7200);
        AttachmentRecord attachment = new AttachmentFactory(seed).next(rnd, 0);
        out.lateAttachments.add(attachment);
        for (int i = 0; i < count; i++) {
            time += ExtraMessages.seconds(rnd, 10, 900);
            List<String> attachments = i == 1 ? List.of(attachment.guid()) : List.of();
            out.lateMessages.add(ExtraMessages.create(
                    rnd,
                    conversation,
                    time,
                    i % 2 == 1,
                    0,
                    DatasetGenerator.bodyText(rnd, conversation),
                    null,
                    attachments,
                    0,
                    MessageMeta.NONE));
        }
        out.conversations.add(conversation.toConversation(count, Conversation.Role.LATE));
    }

    /**
     * The newest time per chat ID (groups by upper-case UUID) over ordinary and extra well-formed messages
     * (malformed ones, absurd times included, are never bridged and do not count).
     */
    private Map<String, Long> newestByChat() {
        Map<String, Long> newest = new HashMap<>();
        List<CkRecord> all = new ArrayList<>(base.shuffledMessages());
        all.addAll(out.messages);
        for (CkRecord record : all) {
            if (record instanceof MessageRecord message && message.chatId() != null) {
                newest.merge(chatKey(message.chatId()), message.timeNs(), Math::max);
            }
        }
        return newest;
    }

    private static String chatKey(String chatId) {
        return chatId.toUpperCase(Locale.ROOT);
    }
}
