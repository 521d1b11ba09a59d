package imbridge.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One event of the live (APNs) push stream, as decoded by the {@link imbridge.core.port.LiveSource}.
 * Message-like kinds carry the same fields as a CloudKit message record so both paths resolve portals and
 * plan parts identically; GUIDs come as APNs spells them (upper-case) and are always compared normalised.
 *
 * @param seq          the source's position of the event (acknowledged once the event is durable)
 * @param kind         what happened
 * @param stored       re-delivered within the reconnect window after a (re)connect (behaviour.md §7.5)
 * @param guid         the message's UUID (MESSAGE); the event's own UUID otherwise, if any
 * @param chatId       the chat identifier as in CloudKit ({@code iMessage;-;+1555…}, or a group UUID)
 * @param sender       the sender handle; for my own messages the owner's handle
 * @param fromMe       sent by the owner (from another Apple device, or the echo of a message the bridge sent)
 * @param timestampMs  when it happened (Unix ms)
 * @param attachments  full attachment metadata (APNs carries it with the message)
 * @param extras       tapback / reply / edit / unsend fields, as for CloudKit records
 * @param targetGuid   UNSEND, EDIT, READ_RECEIPT: the message acted on
 * @param newText      EDIT: the new body; RENAME: the new group name
 * @param participants PARTICIPANTS: the new member handles; MESSAGE: the chat's members when known
 * @param groupName    the group's name when the event carries one
 */
public record LiveEvent(
        long seq,
        Kind kind,
        boolean stored,
        String guid,
        String chatId,
        String sender,
        boolean fromMe,
        long timestampMs,
        String text,
        String subject,
        String service,
        List<CloudAttachment> attachments,
        MessageExtras extras,
        String targetGuid,
        String newText,
        List<String> participants,
        String groupName) {

    public enum Kind {
        /** A message, tapback (extras carry the association) or reply. */
        MESSAGE,
        EDIT,
        UNSEND,
        READ_RECEIPT,
        DELIVERED,
        TYPING,
        RENAME,
        PARTICIPANTS,
        /**
         * Apple-side MoveToRecycleBin / PermanentDelete: ignored, the CloudKit tombstone is authoritative
         * (behaviour.md §8.4).
         */
        CHAT_DELETE
    }

    public LiveEvent {
        Objects.requireNonNull(kind, "kind");
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        participants = participants == null ? List.of() : List.copyOf(participants);
        extras = extras == null ? MessageExtras.NONE : extras;
    }

    /** Idempotency key of the event in the durable inbox: a stored re-delivery is a distinct event. */
    public String eventKey() {
        return seq + (stored ? ":stored" : "");
    }

    public String guidNorm() {
        return guid == null ? "" : Guids.normalize(guid);
    }

    /** The event as the CloudKit-shaped message it stands for (MESSAGE kind), before portal resolution. */
    public CloudMessage asCloudMessage() {
        return new CloudMessage(
                "",
                guid,
                chatId,
                sender,
                fromMe,
                timestampMs,
                text,
                subject,
                service,
                fromMe ? CloudMessage.FLAG_FROM_ME : 0,
                attachments.stream().map(CloudAttachment::guid).toList(),
                true,
                extras);
    }
}
