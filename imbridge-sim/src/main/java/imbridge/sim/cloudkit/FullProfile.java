package imbridge.sim.cloudkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link SimProfile#FULL} account: the basic records unchanged, plus what {@link SpecialConversations},
 * {@link MessageVariety}, {@link MalformedRecords} and {@link LateArrivals} plan, laid out in change order:
 * <ul>
 *   <li>chat zone: basic chats, special chats (junk, self, to-be-deleted, malformed), then the initial chat
 *       tombstones, after their records;</li>
 *   <li>attachment zone: basic attachments, then the extra ones (the malformed one included);</li>
 *   <li>message zone: basic and extra messages shuffled together, then the initial message tombstones;</li>
 *   <li>late, {@code lateAfter} after the start, in this order per zone: the new conversation's chat record and
 *       the late chat tombstone; its attachment; the late messages and then the late message tombstone.</li>
 * </ul>
 */
final class FullProfile {

    private final SplitMix64 rnd;
    private final long seed;
    private final Duration lateAfter;
    private final DatasetGenerator.Base base;

    FullProfile(SplitMix64 rnd, long seed, Duration lateAfter, DatasetGenerator.Base base) {
        this.rnd = rnd;
        this.seed = seed;
        this.lateAfter = lateAfter;
        this.base = base;
    }

    Dataset build() {
        ProfileRecords extra = new ProfileRecords();
        new SpecialConversations(rnd.fork("special"), seed, base, extra).plan();
        new MessageVariety(rnd.fork("variety"), base, extra).plan();
        new MalformedRecords(rnd.fork("malformed"), seed, base, extra).plan();
        new LateArrivals(rnd.fork("late"), seed, base, extra).plan();

        List<CkRecord> messages = new ArrayList<>(base.shuffledMessages());
        messages.addAll(extra.messages);
        rnd.fork("insertion-order").shuffle(messages);

        Dataset.Builder builder =
                Dataset.builder(seed).addAll(base.chatRecords()).addAll(extra.chats);
        extra.chatTombstones.forEach(name -> builder.tombstone(Zones.CHATS, name));
        builder.addAll(base.attachmentRecords()).addAll(extra.attachments).addAll(messages);
        extra.messageTombstones.forEach(name -> builder.tombstone(Zones.MESSAGES, name));

        extra.lateChats.forEach(record -> builder.late(lateAfter, record));
        extra.lateChatTombstones.forEach(name -> builder.lateTombstone(lateAfter, Zones.CHATS, name));
        extra.lateAttachments.forEach(record -> builder.late(lateAfter, record));
        extra.lateMessages.forEach(record -> builder.late(lateAfter, record));
        extra.lateMessageTombstones.forEach(name -> builder.lateTombstone(lateAfter, Zones.MESSAGES, name));

        List<Conversation> conversations = new ArrayList<>(base.conversations());
        conversations.addAll(extra.conversations);
        return builder.conversations(conversations)
                .summary(new DatasetSummary(
                        conversations.size(),
                        messages.size() + extra.lateMessages.size(),
                        base.attachmentRecords().size() + extra.attachments.size() + extra.lateAttachments.size()))
                .build();
    }
}
