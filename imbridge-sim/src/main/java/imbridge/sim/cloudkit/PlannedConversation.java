package imbridge.sim.cloudkit;

import java.util.List;
import java.util.Locale;

/**
 * A conversation the generator is about to fill: who is in it and how its records identify it.
 *
 * @param chatRecordName null for a DM without a chat record
 */
record PlannedConversation(
        Conversation.Kind kind,
        List<Person> people,
        String service,
        String cid,
        String gid,
        String name,
        String chatRecordName) {

    boolean isGroup() {
        return kind == Conversation.Kind.GROUP;
    }

    /** The chatID messages carry; groups sometimes write their UUID in lower case. */
    String messageChatId(SplitMix64 rnd) {
        if (!isGroup()) {
            return cid;
        }
        return rnd.chance(0.15) ? gid.toLowerCase(Locale.ROOT) : gid;
    }

    String portalId() {
        return isGroup()
                ? "gid:" + gid.toLowerCase(Locale.ROOT)
                : people.getFirst().handle();
    }

    Conversation toConversation(int messageCount) {
        return toConversation(messageCount, Conversation.Role.ORDINARY);
    }

    Conversation toConversation(int messageCount, Conversation.Role role) {
        return new Conversation(portalId(), kind, isGroup() ? gid : cid, chatRecordName, messageCount, role);
    }

    ChatRecord toChatRecord(SplitMix64 rnd) {
        return toChatRecord(rnd, 0);
    }

    /** @param filter the {@code filt} value; non-zero marks a junk chat */
    ChatRecord toChatRecord(SplitMix64 rnd, long filter) {
        List<String> participants =
                people.stream().map(p -> p.participantForm(rnd)).toList();
        if (isGroup()) {
            return new ChatRecord(
                    chatRecordName,
                    cid,
                    gid,
                    ChatRecord.STYLE_GROUP,
                    service,
                    name,
                    participants,
                    filter,
                    service + ";+;" + cid);
        }
        return new ChatRecord(chatRecordName, cid, null, ChatRecord.STYLE_DM, service, null, participants, filter, cid);
    }
}
