package imbridge.sim.apple;

import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.Truth;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated account written as Apple's own files (contract "the simulated account as a real-schema chat.db /
 * iPhone backup"): a Mac's {@code chat.db} with its Attachments folder, or an unencrypted iPhone backup. Holds the
 * current {@link AppleExportPlan}, so {@link #truth()} always describes the files as they are now, also after a
 * {@linkplain #laterSnapshot later snapshot} or rows added by a {@link LiveChatDbAppender}.
 */
public final class AppleExport {

    private static final Logger log = LoggerFactory.getLogger(AppleExport.class);

    /** An attachment whose file a reader cannot open: a bridge sends its notice instead ({@code NOT_ON_DISK}). */
    public record NotOnDisk(String guid, String recordName, AppleExportPlan.FileState state) {}

    /**
     * What one write produced.
     *
     * @param root            the folder written into ({@code <home>} or {@code <backup>})
     * @param database        {@code chat.db} or the backup's stored {@code sms.db}
     * @param attachmentFiles attachment files written by the latest write (a later snapshot: only the new ones),
     *                        plus those of live appends since
     * @param notOnDisk       attachments whose file is missing or whose filename is NULL ({@code NOT_ON_DISK})
     * @param skipped         dataset records left out, by reason code ({@code MALFORMED_RECORD}, …)
     */
    public record Result(
            ExportLayout layout,
            Path root,
            Path database,
            int chats,
            int messages,
            int attachments,
            int deletedMessages,
            int deletedChats,
            List<Path> attachmentFiles,
            List<NotOnDisk> notOnDisk,
            Map<String, Integer> skipped) {
        public Result {
            attachmentFiles = List.copyOf(attachmentFiles);
            notOnDisk = List.copyOf(notOnDisk);
            skipped = Map.copyOf(skipped);
        }
    }

    private final Dataset dataset;
    private final ExportTarget target;
    /** The owner's address book, written once with the first snapshot (people do not change between snapshots). */
    private final SimAddressBook contacts;

    private AppleExportPlan plan;
    private Result result;
    private int generation;

    private AppleExport(Dataset dataset, ExportTarget target, SimAddressBook contacts) {
        this.dataset = dataset;
        this.target = target;
        this.contacts = contacts;
    }

    /** Writes the dataset's current state; the export's own choices follow the dataset's seed. */
    public static AppleExport write(Dataset dataset, String kind, Path dir) {
        return write(dataset, kind, dir, dataset.seed());
    }

    /**
     * Writes the dataset's current state as {@code kind} ({@code chatdb}: {@code dir} is the Mac home folder;
     * {@code ios-backup}: {@code dir} is the backup folder). {@code seed} decides the export's own choices
     * (date units, Recently Deleted, missing files, …); the same dataset and seed give the same files.
     */
    public static AppleExport write(Dataset dataset, String kind, Path dir, long seed) {
        Objects.requireNonNull(dataset, "dataset");
        ExportLayout layout = ExportLayout.parse(kind);
        AppleExportPlan first = ExportPlanner.plan(dataset, dataset.snapshot(), layout, seed);
        SimAddressBook contacts = SimAddressBook.generate(first);
        ExportTarget target = switch (layout) {
            case MAC -> new MacExportTarget(dir, contacts);
            case IOS_BACKUP -> new IosBackupWriter(dir, contacts);
        };
        AppleExport export = new AppleExport(dataset, target, contacts);
        List<Path> files = target.writeFirst(first);
        export.installed(first, files);
        Result written = export.result();
        log.info(
                "apple export ({}) written to {}: {} chats, {} messages, {} attachments ({} not on disk)",
                kind,
                dir,
                written.chats(),
                written.messages(),
                written.attachments(),
                written.notOnDisk().size());
        return export;
    }

    private synchronized void installed(AppleExportPlan newPlan, List<Path> files) {
        this.plan = newPlan;
        this.result = resultOf(newPlan, files);
    }

    private Result resultOf(AppleExportPlan current, List<Path> files) {
        List<NotOnDisk> missing = current.notOnDisk().stream()
                .map(a -> new NotOnDisk(a.record().guid(), a.record().recordName(), a.state()))
                .toList();
        return new Result(
                current.layout(),
                target.root(),
                target.database(),
                current.chats().size(),
                current.messages().size(),
                current.attachments().size(),
                current.deletedMessages().size(),
                current.deletedChats().size(),
                files,
                missing,
                current.skipped());
    }

    private static void rollBack(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.warn("rolling back a failed live append failed too", e);
        }
    }

    /** The account the files were written from (later snapshots and the live appender append to it). */
    public Dataset dataset() {
        return dataset;
    }

    public synchronized AppleExportPlan plan() {
        return plan;
    }

    /** What the latest write produced. */
    public synchronized Result result() {
        return result;
    }

    public Path database() {
        return target.database();
    }

    /** The ground truth of the files as they are now ({@link LocalTruth}), ghost profiles included. */
    public Truth truth() {
        return LocalTruth.compute(plan(), contacts);
    }

    /** The owner's address book written beside the messages. */
    public SimAddressBook addressBook() {
        return contacts;
    }

    /** {@link #laterSnapshot(int, int, int, int)} with 20 new messages, 3 edits, 3 deleted messages, 1 deleted chat. */
    public Result laterSnapshot() {
        AccountEvolution.Changes changes = AccountEvolution.Changes.DEFAULT;
        return laterSnapshot(changes.newMessages(), changes.edits(), changes.deletedMessages(), changes.deletedChats());
    }

    /**
     * Evolves the same account through the dataset's append API (new messages in existing conversations, new edit
     * versions of existing messages, message tombstones, chat tombstones; see {@link AccountEvolution}), then
     * rewrites the files as the newer snapshot. {@link #truth()} describes the newer files from then on.
     */
    public synchronized Result laterSnapshot(int newMessages, int edits, int deletedMessages, int deletedChats) {
        new AccountEvolution(dataset, plan, ++generation)
                .apply(new AccountEvolution.Changes(newMessages, edits, deletedMessages, deletedChats));
        return rewriteFromDataset();
    }

    /**
     * Rewrites the files as a newer snapshot of the dataset's current state (whatever was appended to it since):
     * old rows keep their ROWIDs, new rows get higher ones, rows of deleted records go and leave tombstone rows.
     */
    public synchronized Result rewriteFromDataset() {
        AppleExportPlan later = ExportPlanner.later(dataset, dataset.snapshot(), plan);
        List<Path> files = target.writeLater(later);
        installed(later, files);
        log.info(
                "apple export rewritten as a later snapshot: {} messages, {} tombstones",
                later.messages().size(),
                later.deletedMessages().size());
        return result;
    }

    /**
     * One live message: its attachment file first (a reader that sees the row finds the file), then its rows in
     * one transaction on {@code connection}, then the records appended to the dataset and the plan grown. Runs
     * under this export's lock, so a later snapshot never interleaves with it.
     */
    synchronized void appendLive(Connection connection, LiveRows.LiveMessage live) {
        AppleExportPlan grown = plan.plus(List.of(live.row()), live.attachmentRows());
        List<Path> files = new ArrayList<>(result.attachmentFiles());
        files.addAll(target.filesAdded(grown, live.attachmentRows()));
        try {
            connection.setAutoCommit(false);
            ChatDbWriter.insertAttachments(connection, live.attachmentRows());
            ChatDbWriter.insertMessages(connection, grown, List.of(live.row()));
            connection.commit();
        } catch (SQLException e) {
            rollBack(connection);
            throw new IllegalStateException(
                    "cannot append live message " + live.row().guid(), e);
        }
        if (live.attachment() != null) {
            dataset.append(live.attachment());
        }
        dataset.append(live.message());
        installed(grown, files);
    }
}
