package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.AttachmentRow;

import java.nio.file.Path;
import java.util.List;

/** A Mac's Messages folder: {@code <home>/Library/Messages/chat.db} (WAL) and its Attachments tree. */
final class MacExportTarget implements ExportTarget {

    private final Path home;

    MacExportTarget(Path home) {
        this.home = home;
    }

    @Override
    public Path root() {
        return home;
    }

    @Override
    public Path database() {
        return home.resolve("Library/Messages/chat.db");
    }

    @Override
    public List<Path> writeFirst(AppleExportPlan plan) {
        ChatDbWriter.create(database(), plan, ChatDbWriter.Journal.WAL);
        return AttachmentFiles.writeUnderHome(home, plan, plan.attachments());
    }

    @Override
    public List<Path> writeLater(AppleExportPlan plan) {
        ChatDbWriter.rewrite(database(), plan);
        return AttachmentFiles.writeUnderHome(home, plan, plan.attachments());
    }

    @Override
    public List<Path> filesAdded(AppleExportPlan plan, List<AttachmentRow> rows) {
        return AttachmentFiles.writeUnderHome(home, plan, rows);
    }
}
