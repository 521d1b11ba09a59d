package imbridge.sim.cloudkit;

import java.util.List;

/** Building blocks for profile {@code full}'s messages: senders, flags, message types and record assembly. */
final class ExtraMessages {

    static final long NS_PER_SECOND = 1_000_000_000L;
    private static final long[] UNUSUAL_MSG_TYPES = {1, 2, 3, 5};

    private ExtraMessages() {}

    /**
     * A message of {@code conversation}; the sender is the owner (in one of its raw forms) when {@code fromMe},
     * else a member. {@code extraFlags} adds e.g. the system or service bit.
     */
    static MessageRecord create(
            SplitMix64 rnd,
            PlannedConversation conversation,
            long timeNs,
            boolean fromMe,
            long extraFlags,
            String text,
            String subject,
            List<String> attachments,
            long msgType,
            MessageMeta meta) {
        String sender = fromMe
                ? rnd.pick(DatasetGenerator.OWNER_SENDER_FORMS)
                : rnd.pick(conversation.people()).senderForm(rnd);
        long flags = (fromMe
                        ? MessageRecord.FLAG_FROM_ME | MessageRecord.FLAG_SENT | MessageRecord.FLAG_READ
                        : MessageRecord.FLAG_READ)
                | extraFlags;
        return new MessageRecord(
                rnd.nextHex128(),
                rnd.nextUuid().toString(),
                conversation.messageChatId(rnd),
                sender,
                timeNs,
                flags,
                text,
                subject,
                attachments,
                conversation.service(),
                msgType,
                meta);
    }

    /** Half the time 0, else one of the other types seen in the wild; never a filter. */
    static long msgType(SplitMix64 rnd) {
        return rnd.chance(0.5) ? 0 : UNUSUAL_MSG_TYPES[rnd.nextInt(UNUSUAL_MSG_TYPES.length)];
    }

    /** A delay of {@code min}..{@code max} seconds, in ns. */
    static long seconds(SplitMix64 rnd, int min, int max) {
        return rnd.nextInt(min, max) * NS_PER_SECOND;
    }

    /** At most {@code maxCodePoints} of {@code text}, never splitting a surrogate pair. */
    static String snippet(String text, int maxCodePoints) {
        String trimmed = MessageBody.trim(text == null ? "" : text);
        if (trimmed.codePointCount(0, trimmed.length()) <= maxCodePoints) {
            return trimmed;
        }
        return trimmed.substring(0, trimmed.offsetByCodePoints(0, maxCodePoints)) + "…";
    }
}
