package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import java.nio.file.Path;
import java.util.List;

/** Where an export's files go: a Mac home folder or an iPhone backup folder. */
interface ExportTarget {

    /** The folder the export was asked to write into ({@code <home>} or {@code <backup>}). */
    Path root();

    /** The live database file ({@code chat.db}, or the backup's {@code sms.db}). */
    Path database();

    /** Writes the first snapshot; returns the attachment files written. */
    List<Path> writeFirst(AppleExportPlan plan);

    /** Replaces the files by a later snapshot of the same account; returns the attachment files added. */
    List<Path> writeLater(AppleExportPlan plan);

    /** Stores the files of attachments added to the live database (after their rows were committed). */
    List<Path> filesAdded(AppleExportPlan plan, List<AttachmentRow> rows);
}
