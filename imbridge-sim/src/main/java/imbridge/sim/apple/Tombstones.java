package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import imbridge.sim.apple.AppleExportPlan.ChatShape;
import imbridge.sim.apple.AppleExportPlan.ChatTombstone;
import imbridge.sim.apple.AppleExportPlan.Tombstone;
import imbridge.sim.cloudkit.AttachmentRecord;
import imbridge.sim.cloudkit.MessageRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code sync_deleted_*} and {@code deleted_messages} rows: an earlier snapshot's rows keep their ROWIDs and
 * new tombstones are appended after them, so a reader's high-water mark on these tables sees exactly the new ones.
 */
final class Tombstones {

    private final AppleExportPlan previous;

    Tombstones(AppleExportPlan previous) {
        this.previous = previous;
    }

    /**
     * Tombstoned message records, then the messages of tombstoned chats; none for a GUID that still has a row
     * (a reader would ignore it anyway).
     */
    List<Tombstone> messages(
            List<MessageRecord> tombstoned, List<MessageRecord> ofDeletedChats, Set<String> liveGuids) {
        List<Tombstone> rows = new ArrayList<>(previous == null ? List.of() : previous.deletedMessages());
        Set<String> seen = guids(rows);
        long rowid = maxRowid(rows);
        List<MessageRecord> gone = new ArrayList<>(tombstoned);
        gone.addAll(ofDeletedChats);
        for (MessageRecord message : gone) {
            String guid = ExportPlanner.upper(message.guid());
            if (!liveGuids.contains(guid) && seen.add(guid)) {
                rows.add(new Tombstone(++rowid, guid, message.recordName()));
            }
        }
        return rows;
    }

    List<Tombstone> attachments(List<AttachmentRecord> tombstoned, List<AttachmentRow> live) {
        List<Tombstone> rows = new ArrayList<>(previous == null ? List.of() : previous.deletedAttachments());
        Set<String> seen = guids(rows);
        live.forEach(a -> seen.add(ExportPlanner.upper(a.record().guid())));
        long rowid = maxRowid(rows);
        for (AttachmentRecord attachment : tombstoned) {
            String guid = ExportPlanner.upper(attachment.guid());
            if (seen.add(guid)) {
                rows.add(new Tombstone(++rowid, attachment.guid(), attachment.recordName()));
            }
        }
        return rows;
    }

    List<ChatTombstone> chats(Collection<ChatShape> deleted, long snapshotNs) {
        List<ChatTombstone> rows = new ArrayList<>(previous == null ? List.of() : previous.deletedChats());
        Set<String> seen = new HashSet<>();
        rows.forEach(c -> seen.add(c.chat().guid()));
        long rowid = rows.stream().mapToLong(ChatTombstone::rowid).max().orElse(0);
        for (ChatShape chat : deleted) {
            if (seen.add(chat.guid())) {
                rows.add(new ChatTombstone(++rowid, chat, snapshotNs));
            }
        }
        return rows;
    }

    private static Set<String> guids(List<Tombstone> rows) {
        Set<String> guids = new HashSet<>();
        rows.forEach(t -> guids.add(ExportPlanner.upper(t.guid())));
        return guids;
    }

    private static long maxRowid(List<Tombstone> rows) {
        return rows.stream().mapToLong(Tombstone::rowid).max().orElse(0);
    }
}
