package imbridge.sim.cloudkit;

import java.util.List;
import java.util.Objects;

/**
 * The content of one live push event, before the feed numbers it. Null fields are left out on the wire.
 *
 * @param guid         the message's upper-case UUID (MESSAGE only)
 * @param sender       normalised handle ({@code tel:+1…}, {@code mailto:…}); the owner's for my own messages
 * @param ts           Unix milliseconds
 * @param attachments  attachment records whose bytes the asset API serves
 * @param tapbackTarget {@code p:0/<GUID>}
 * @param targetGuid   EDIT, UNSEND, READ_RECEIPT, DELIVERED: the message acted on
 * @param newText      EDIT: the new body; RENAME: the new group name
 * @param participants PARTICIPANTS: the new member handles; MESSAGE: the chat's members and the owner
 */
record LiveEventData(
        LiveKind kind,
        String guid,
        String chatId,
        String sender,
        boolean fromMe,
        long ts,
        String text,
        String subject,
        String service,
        List<AttachmentRecord> attachments,
        Long tapbackType,
        String tapbackTarget,
        String tapbackEmoji,
        String replyTo,
        String targetGuid,
        String newText,
        List<String> participants,
        String groupName) {

    LiveEventData {
        Objects.requireNonNull(kind, "kind");
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        participants = participants == null ? List.of() : List.copyOf(participants);
    }

    /** An event that is not a message: only chat, sender, time and the kind's own fields. */
    static LiveEventData action(
            LiveKind kind,
            String chatId,
            String sender,
            boolean fromMe,
            long ts,
            String targetGuid,
            String newText,
            List<String> participants,
            String groupName) {
        return new LiveEventData(
                kind,
                null,
                chatId,
                sender,
                fromMe,
                ts,
                null,
                null,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                targetGuid,
                newText,
                participants,
                groupName);
    }
}
