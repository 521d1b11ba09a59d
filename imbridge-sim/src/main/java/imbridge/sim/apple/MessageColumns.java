package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import imbridge.sim.apple.AppleExportPlan.EditVersion;
import imbridge.sim.apple.AppleExportPlan.MessageKind;
import imbridge.sim.apple.AppleExportPlan.MessageRow;
import imbridge.sim.apple.SummaryInfoWriter.PartRange;
import imbridge.sim.apple.SummaryInfoWriter.Version;
import imbridge.sim.cloudkit.MessageMeta;
import imbridge.sim.cloudkit.MessageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders one {@link MessageRow} into the values of {@link #COLUMNS}, in that order: Apple's dates in the row's
 * unit, the body (text column, attributedBody), edit/unsend summaries, tapback and reply links, group events.
 */
final class MessageColumns {

    static final List<String> COLUMNS = List.of(
            "ROWID",
            "guid",
            "text",
            "handle_id",
            "subject",
            "attributedBody",
            "service",
            "account",
            "account_guid",
            "date",
            "date_read",
            "date_delivered",
            "is_delivered",
            "is_finished",
            "is_from_me",
            "is_empty",
            "is_read",
            "is_sent",
            "is_system_message",
            "is_service_message",
            "cache_has_attachments",
            "cache_roomnames",
            "item_type",
            "other_handle",
            "group_title",
            "group_action_type",
            "associated_message_guid",
            "associated_message_type",
            "associated_message_emoji",
            "message_summary_info",
            "ck_sync_state",
            "ck_record_id",
            "destination_caller_id",
            "thread_originator_guid",
            "thread_originator_part",
            "date_retracted",
            "date_edited",
            "part_count");
    static final long NS_PER_SECOND = 1_000_000_000L;
    static final long UNSEND_DELAY_NS = 60 * NS_PER_SECOND;
    private static final String ACCOUNT_GUID = "5E1D0A8C-6F1B-4C33-9A2E-0D7C1B4F9A11";

    private MessageColumns() {}

    static Object[] values(MessageRow row, AppleExportPlan plan) {
        MessageRecord record = row.record();
        MessageMeta meta = record.meta();
        List<AttachmentRow> attachments =
                row.attachmentRowids().stream().map(plan::attachment).toList();
        boolean edited = meta.editedAtNs() != null && row.hasText();
        boolean unsent = meta.unsent();
        boolean fromMe = record.fromMe();
        long date = date(row, record.timeNs());
        AppleExportPlan.ChatRow chat = row.chatRowid() == 0 ? null : plan.chat(row.chatRowid());
        boolean incomingRead = !fromMe && (record.flags() & MessageRecord.FLAG_READ) != 0;
        long dateRead = meta.dateReadNs() != null ? date(row, meta.dateReadNs()) : 0; // contract: only dateReadNs
        int parts = (row.hasText() ? 1 : 0) + attachments.size();
        return new Object[] {
            row.rowid(),
            row.guid(),
            textColumn(row, attachments.size(), edited || unsent),
            row.handleRowid(),
            record.subject(),
            attributedBody(row, attachments, unsent),
            row.service(),
            HandleIds.OWNER_ACCOUNT,
            ACCOUNT_GUID,
            date,
            dateRead,
            fromMe ? date : 0,
            fromMe ? 1 : 0,
            1,
            fromMe ? 1 : 0,
            unsent ? 1 : 0,
            fromMe || incomingRead || meta.dateReadNs() != null ? 1 : 0,
            fromMe ? 1 : 0,
            0,
            (record.flags() & MessageRecord.FLAG_SERVICE) != 0 ? 1 : 0,
            attachments.isEmpty() ? 0 : 1,
            chat != null && chat.isGroup() ? chat.shape().roomName() : null,
            row.system() == null ? 0 : row.system().itemType(),
            row.system() == null ? 0 : row.system().otherHandleRowid(),
            row.system() == null ? null : row.system().groupTitle(),
            row.system() == null ? 0 : row.system().groupActionType(),
            row.links().associatedGuid(),
            meta.assocType() == null ? 0 : meta.assocType(),
            meta.assocType() != null && meta.assocType() % 1000 == 6 ? meta.assocEmoji() : null,
            summaryInfo(row, plan, attachments.size(), edited, unsent),
            row.kind() == MessageKind.DATASET ? 1 : 0,
            row.kind() == MessageKind.DATASET ? record.recordName() : null,
            HandleIds.OWNER_ID,
            row.links().threadOriginatorGuid(),
            row.links().threadOriginatorPart(),
            0,
            edited ? meta.editedAtNs() : unsent ? record.timeNs() + UNSEND_DELAY_NS : 0,
            parts
        };
    }

    /** A column value of the row's unit: whole seconds (floored) on an old row, else nanoseconds. */
    static long date(MessageRow row, long appleNanos) {
        return row.secondsDate() ? Math.floorDiv(appleNanos, NS_PER_SECOND) : appleNanos;
    }

    private static String textColumn(MessageRow row, int attachments, boolean editedOrUnsent) {
        if (!row.textColumn() || editedOrUnsent || row.system() != null || row.kind() == MessageKind.BAD_BODY) {
            return null;
        }
        String plain = BodyBuilder.plainText(row, attachments);
        return plain.isEmpty() ? null : plain;
    }

    private static byte[] attributedBody(MessageRow row, List<AttachmentRow> attachments, boolean unsent) {
        if (row.system() != null) {
            return null;
        }
        if (row.kind() == MessageKind.BAD_BODY) {
            return garbage(row.guid());
        }
        if (unsent) {
            return TypedStreamEncoder.encode(AttributedText.empty());
        }
        return TypedStreamEncoder.encode(BodyBuilder.body(row, attachments));
    }

    private static byte[] summaryInfo(
            MessageRow row, AppleExportPlan plan, int attachments, boolean edited, boolean unsent) {
        if (unsent) {
            TreeMap<Integer, PartRange> parts = new TreeMap<>();
            parts.put(0, new PartRange(0, 1));
            return SummaryInfoWriter.unsent(parts, Set.of(0));
        }
        if (!edited) {
            return null;
        }
        List<EditVersion> history = plan.editHistory().get(row.guid());
        if (history == null) {
            history =
                    List.of(new EditVersion(row.bodyText(), row.record().meta().editedAtNs() / 1e9));
        }
        List<Version> versions = new ArrayList<>();
        history.forEach(v -> versions.add(new Version(BodyBuilder.editVersion(v.text()), v.appleSeconds())));
        int originalLength = history.getFirst().text().length();
        TreeMap<Integer, PartRange> parts = new TreeMap<>();
        parts.put(0, new PartRange(0, originalLength));
        for (int i = 0; i < attachments; i++) {
            parts.put(i + 1, new PartRange(originalLength + i, 1));
        }
        TreeMap<Integer, List<Version>> edits = new TreeMap<>();
        edits.put(0, versions);
        return SummaryInfoWriter.edited(parts, edits);
    }

    /**
     * 48 bytes no typedstream reader accepts (no header) and no legacy byte scan recovers text from: they never
     * hold the pair {@code 01 2B} the scan looks for.
     */
    static byte[] garbage(String guid) {
        byte[] bytes = new byte[48];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Choices.hash(0, "garbage-body", guid + "#" + i);
            if (bytes[i] == 0x2B) {
                bytes[i] = 0x2C;
            }
        }
        bytes[0] = 0;
        return bytes;
    }
}
