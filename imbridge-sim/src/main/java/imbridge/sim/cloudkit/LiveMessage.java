package imbridge.sim.cloudkit;

import java.util.List;
import java.util.Locale;

/**
 * One message that exists on Apple's side because of the live phase: generated traffic, a message the owner sent
 * through {@code /live/v1/send}, the genuinely new message of a deleted DM, or a stale echo (never stored). Its
 * CloudKit copy is rendered from the current state, so edits and unsends that happen after the copy was written
 * produce a new version of the same record. Mutated only under the {@link LiveFeed}'s lock.
 */
final class LiveMessage {

    enum Origin {
        /** Generated traffic in an existing or brand-new conversation. */
        GENERATED,
        /** Sent by the owner from Matrix: represented by the owner's own event, never a ghost part. */
        SENT,
        /** The genuinely new message in a deleted DM: revives it with a fresh room. */
        REVIVAL,
        /** An echo of a deleted conversation's history: a correct bridge drops it. */
        STALE
    }

    final Origin origin;
    final String guid;
    final String recordName;
    final String portalId;
    final String chatId;
    final String sender;
    final boolean fromMe;
    final long ts;
    final String subject;
    final List<AttachmentRecord> attachments;
    final Long tapbackType;
    final String tapbackTargetGuid;
    final String tapbackEmoji;
    /** A brand-new DM's chat record, written with its first message. */
    final ChatRecord newChat;

    String text;
    boolean emitted;
    boolean written;
    boolean edited;
    long editedAtMs;
    boolean unsent;

    LiveMessage(
            Origin origin,
            String guid,
            String recordName,
            String portalId,
            String chatId,
            String sender,
            boolean fromMe,
            long ts,
            String text,
            String subject,
            List<AttachmentRecord> attachments,
            Long tapbackType,
            String tapbackTargetGuid,
            String tapbackEmoji,
            ChatRecord newChat) {
        this.origin = origin;
        this.guid = guid.toUpperCase(Locale.ROOT);
        this.recordName = recordName;
        this.portalId = portalId;
        this.chatId = chatId;
        this.sender = sender;
        this.fromMe = fromMe;
        this.ts = ts;
        this.text = text;
        this.subject = subject;
        this.attachments = List.copyOf(attachments);
        this.tapbackType = tapbackType;
        this.tapbackTargetGuid = tapbackTargetGuid;
        this.tapbackEmoji = tapbackEmoji;
        this.newChat = newChat;
    }

    boolean isTapback() {
        return tapbackType != null;
    }

    /** Content a bridge shows (as ghost parts, or as the owner's own event for {@link Origin#SENT}). */
    boolean isContent() {
        return !isTapback() && origin != Origin.STALE;
    }

    /** The push event announcing this message. */
    LiveEventData event(List<String> participants, String groupName) {
        return new LiveEventData(
                LiveKind.MESSAGE,
                guid,
                chatId,
                sender,
                fromMe,
                ts,
                text,
                subject,
                "iMessage",
                attachments,
                tapbackType,
                tapbackTargetGuid == null ? null : "p:0/" + tapbackTargetGuid,
                tapbackEmoji,
                null,
                null,
                null,
                participants,
                groupName);
    }

    /** The CloudKit copy as Apple writes it: lower-case GUID, current text, edit and unsend markers. */
    MessageRecord toRecord() {
        long timeNs = (ts - GroundTruth.APPLE_EPOCH_UNIX_MS) * 1_000_000L;
        long flags = fromMe ? MessageRecord.FLAG_FROM_ME | MessageRecord.FLAG_SENT | MessageRecord.FLAG_READ : 0;
        MessageMeta meta = MessageMeta.NONE;
        if (isTapback()) {
            meta = MessageMeta.tapback(tapbackType, tapbackTargetGuid.toLowerCase(Locale.ROOT), tapbackEmoji);
        } else if (unsent) {
            meta = MessageMeta.retracted();
        } else if (edited) {
            meta = MessageMeta.edited((editedAtMs - GroundTruth.APPLE_EPOCH_UNIX_MS) * 1_000_000L);
        }
        return new MessageRecord(
                recordName,
                guid.toLowerCase(Locale.ROOT),
                chatId,
                sender,
                timeNs,
                flags,
                unsent ? null : text,
                unsent ? null : subject,
                attachments.stream().map(AttachmentRecord::guid).toList(),
                "iMessage",
                0,
                meta);
    }
}
