package imbridge.applelocal.chatdb;

import imbridge.core.model.CloudMessage;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.RecordReject;
import imbridge.core.model.Zone;
import java.util.OptionalLong;

/**
 * {@code message} row → {@link CloudMessage} by the contract's reader mapping: the chat is the lowest chat holding
 * the row (rows only in Recently Deleted, and orphans, are skipped); a time outside 2001–2100 and a body without
 * any text, attachment, tapback or system meaning are rejects; stickers on bubbles are skipped.
 */
final class MessageRowMapper {
    static final int STICKER_TYPE = 1000;
    static final int TAPBACK_FIRST = 2000;
    static final int TAPBACK_LAST = 3999;

    private final MessageBodyReader bodies;
    private final String ownHandle;

    /** @param ownHandle the owner's handle for sent rows that carry no {@code destination_caller_id}; may be null */
    MessageRowMapper(MessageBodyReader bodies, String ownHandle) {
        this.bodies = bodies;
        this.ownHandle = ownHandle == null || ownHandle.isBlank() ? null : ownHandle;
    }

    RowOutcome<CloudMessage> map(MessageRow row, PageLookups page) {
        return map(row, page, null);
    }

    /** @param targets the page's reply and tapback targets; null resolves no parts (the target's first part) */
    RowOutcome<CloudMessage> map(MessageRow row, PageLookups page, TargetParts targets) {
        Long chatRowId = page.chatOf(row.rowId());
        if (chatRowId == null) {
            return page.inRecentlyDeleted(row.rowId())
                    ? new RowOutcome.Skipped<>(LocalReasons.RECENTLY_DELETED, "only in Recently Deleted")
                    : new RowOutcome.Skipped<>(LocalReasons.ORPHAN, "in no chat");
        }
        ChatRef chat = page.chat(chatRowId);
        if (chat == null) {
            return new RowOutcome.Skipped<>(LocalReasons.ORPHAN, "joined to chat " + chatRowId + ", which is gone");
        }
        OptionalLong time = PlausibleDates.messageTime(row.date());
        if (time.isEmpty()) {
            return reject(row, LocalReasons.BAD_DATE, "date " + row.date() + " is not a time in 2001..2100");
        }
        if (row.associatedType() == STICKER_TYPE) {
            return new RowOutcome.Skipped<>(LocalReasons.STICKER, "sticker placed on " + row.associatedGuid());
        }
        boolean tapback = row.associatedType() >= TAPBACK_FIRST && row.associatedType() <= TAPBACK_LAST;
        boolean system = row.itemType() != 0 || row.systemMessage();
        MessageBody body = bodies.read(
                row.guid(), row.text(), row.attributedBody(), row.summaryInfo(), page.attachments(row.rowId()));
        if (body.text() == null
                && body.attachmentGuids().isEmpty()
                && !body.unsent()
                && !tapback
                && !system
                && row.balloonBundleId() != null
                && !row.balloonBundleId().isBlank()) {
            // an app balloon's content lives in payload_data in the app's own format: nothing to show as a message
            return new RowOutcome.Skipped<>(LocalReasons.APP_BALLOON, row.balloonBundleId());
        }
        boolean subjectOnly = row.subject() != null && !row.subject().isBlank(); // an MMS/iMessage subject line
        if (body.text() == null
                && body.attachmentGuids().isEmpty()
                && !body.unsent()
                && !tapback
                && !system
                && !subjectOnly) {
            return reject(row, LocalReasons.BODY_UNDECODABLE, body.problem());
        }
        long flags = (row.fromMe() ? CloudMessage.FLAG_FROM_ME : 0)
                | (system ? CloudMessage.FLAG_SYSTEM : 0)
                | (row.serviceMessage() ? CloudMessage.FLAG_SERVICE : 0);
        String replyTo = blankToNull(row.threadOriginatorGuid());
        MessageExtras extras = new MessageExtras(
                tapback ? (int) row.associatedType() : null,
                blankToNull(row.associatedGuid()),
                blankToNull(row.associatedEmoji()),
                replyTo,
                body.unsent(),
                body.unsent() ? 0 : PlausibleDates.optionalTime(row.dateEdited()),
                PlausibleDates.optionalTime(row.dateRead()),
                0,
                targetPart(row, tapback, replyTo, targets),
                body.layout());
        return new RowOutcome.Mapped<>(new CloudMessage(
                row.guid(),
                row.guid(),
                chat.chatIdForMessages(),
                sender(row, page),
                row.fromMe(),
                time.getAsLong(),
                body.text(),
                row.subject(),
                row.service(),
                flags,
                body.attachmentGuids(),
                true,
                extras));
    }

    /** The owner for sent rows ({@code destination_caller_id}, else the configured handle); the handle otherwise. */
    private String sender(MessageRow row, PageLookups page) {
        if (row.fromMe()) {
            String owner = blankToNull(row.destinationCallerId());
            return owner != null ? owner : ownHandle;
        }
        return row.handleId() > 0 ? page.handle(row.handleId()) : null;
    }

    /**
     * The part ID of its target that a tapback ({@code p:N/GUID}) or a reply ({@code thread_originator_part}) is
     * aimed at, through the target's own layout; null when unknown (the engine then uses the first part).
     */
    private static String targetPart(MessageRow row, boolean tapback, String replyTo, TargetParts targets) {
        if (targets == null) {
            return null;
        }
        if (tapback) {
            String target = TargetParts.tapbackTarget(row.associatedGuid());
            return targets.partOf(target, MessageExtras.partIndexOf(row.associatedGuid()));
        }
        String index = replyTo == null ? null : replyPart(row.threadOriginatorPart());
        return index == null ? null : targets.partOf(replyTo, Integer.parseInt(index));
    }

    MessageBodyReader bodies() {
        return bodies;
    }

    /** {@code "<part>:<location>:<length>"} → Apple's part index as text; null when it does not start with one. */
    static String replyPart(String threadOriginatorPart) {
        if (threadOriginatorPart == null) {
            return null;
        }
        String first = threadOriginatorPart.trim().split(":", 2)[0].trim();
        if (first.isEmpty() || first.length() > 9 || !first.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return null;
        }
        return String.valueOf(Integer.parseInt(first));
    }

    private static RowOutcome<CloudMessage> reject(MessageRow row, String reason, String detail) {
        return new RowOutcome.Rejected<>(
                new RecordReject(Zone.MESSAGES, row.guid(), reason, RejectJson.messageRow(row, detail)), detail);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
