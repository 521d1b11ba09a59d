package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.ChatRow;
import imbridge.sim.apple.AppleExportPlan.Links;
import imbridge.sim.apple.AppleExportPlan.MessageKind;
import imbridge.sim.apple.AppleExportPlan.MessageRow;
import imbridge.sim.apple.AppleExportPlan.Placement;
import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.MessageMeta;
import imbridge.sim.cloudkit.MessageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows that are not in the dataset (contract "Orphans" and "Malformed rows"): a few orphan messages with no join
 * row, and a few rows a reader must reject, joined to one ordinary chat: garbage attributedBody with text NULL
 * (BODY_UNDECODABLE) and dates beyond 2100 or before 2001 (BAD_DATE). Created with the first snapshot; later
 * snapshots keep them (moved to another host chat if theirs is gone).
 */
final class SyntheticRows {

    static final int ORPHANS = 3;
    static final int BAD_BODIES = 2;
    static final long AFTER_2100_NS = appleNanos("2150-01-01T00:00:00Z");
    static final long BEFORE_2001_NS = appleNanos("1995-06-01T12:00:00Z");
    private static final String[] TEXTS = {
        "Did you get my last message?", "Left over from an old chat", "See you tomorrow", "Call me when you can"
    };

    private SyntheticRows() {}

    /** The rows of a first snapshot; {@code host} joins the rejected rows, {@code timeNs} dates the others. */
    static List<MessageRow> create(long seed, ChatRow host, long handleRowid, long timeNs, RowIds ids) {
        List<MessageRow> rows = new ArrayList<>();
        for (int i = 0; i < ORPHANS; i++) {
            rows.add(row(seed, MessageKind.ORPHAN, i, null, handleRowid, timeNs + i * 1_000_000_000L, ids));
        }
        for (int i = 0; i < BAD_BODIES; i++) {
            rows.add(row(seed, MessageKind.BAD_BODY, i, host, handleRowid, timeNs + i * 1_000_000_000L, ids));
        }
        rows.add(row(seed, MessageKind.BAD_DATE, 0, host, handleRowid, AFTER_2100_NS, ids));
        rows.add(row(seed, MessageKind.BAD_DATE, 1, host, handleRowid, BEFORE_2001_NS, ids));
        return rows;
    }

    /** An earlier snapshot's row, joined to {@code host} when its own chat is no longer there. */
    static MessageRow carried(MessageRow row, ChatRow host, boolean chatStillThere) {
        if (row.kind() == MessageKind.ORPHAN || chatStillThere) {
            return row;
        }
        return new MessageRow(
                row.rowid(),
                row.guid(),
                row.kind(),
                row.record(),
                host.rowid(),
                row.placement(),
                row.handleRowid(),
                row.service(),
                row.secondsDate(),
                row.textColumn(),
                row.bodyText(),
                row.attachmentRowids(),
                row.formatting(),
                row.mention(),
                row.links(),
                row.system());
    }

    private static MessageRow row(
            long seed, MessageKind kind, int index, ChatRow host, long handleRowid, long timeNs, RowIds ids) {
        String guid = Choices.guid(seed, "synthetic-row", kind + "#" + index);
        boolean fromMe = handleRowid == 0;
        String text =
                kind == MessageKind.BAD_BODY ? null : TEXTS[Choices.below(seed, "synthetic-text", guid, TEXTS.length)];
        long flags = fromMe ? MessageRecord.FLAG_FROM_ME | MessageRecord.FLAG_SENT : MessageRecord.FLAG_READ;
        MessageRecord record = new MessageRecord(
                guid,
                guid,
                host == null ? null : host.guid(),
                fromMe ? Dataset.OWNER_HANDLES.getFirst() : null,
                timeNs,
                flags,
                text,
                null,
                List.of(),
                "iMessage",
                0,
                MessageMeta.NONE);
        return new MessageRow(
                ids.idFor(guid),
                guid,
                kind,
                record,
                host == null ? 0 : host.rowid(),
                host == null ? Placement.ORPHANED : Placement.CHAT,
                handleRowid,
                "iMessage",
                false,
                false,
                text,
                List.of(),
                AppleExportPlan.Formatting.NONE,
                null,
                Links.NONE,
                null);
    }

    private static long appleNanos(String instant) {
        Instant at = Instant.parse(instant);
        return (at.getEpochSecond() - 978_307_200L) * 1_000_000_000L;
    }
}
