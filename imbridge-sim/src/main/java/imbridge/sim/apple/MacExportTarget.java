package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import java.nio.file.Path;
import java.util.List;

/**
 * A Mac's Messages folder: {@code <home>/Library/Messages/chat.db} (WAL) and its Attachments tree, and the
 * account's address books under {@code <home>/Library/Application Support/AddressBook}.
 */
final class MacExportTarget implements ExportTarget {

    private final Path home;
    private final SimAddressBook contacts;

    MacExportTarget(Path home, SimAddressBook contacts) {
        this.home = home;
        this.contacts = contacts;
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
        MacAddressBookWriter.write(home, contacts);
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
