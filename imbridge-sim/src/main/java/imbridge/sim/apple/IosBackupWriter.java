package imbridge.sim.apple;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * The account as an unencrypted iPhone backup folder (behaviour.md §AL7.1, apple-local-sources.md "Layouts on disk"):
 * {@code sms.db} stored
 * as {@code 3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28}, attachments in MediaDomain at their hashed names,
 * {@code Manifest.db} indexing every stored file, the address book ({@link IosAddressBookWriter}) in HomeDomain, and
 * the Manifest, Info and Status plists. A missing attachment is absent from both the folder and the manifest.
 */
final class IosBackupWriter implements ExportTarget {

    static final String HOME_DOMAIN = "HomeDomain";
    static final String MEDIA_DOMAIN = "MediaDomain";
    static final String SMS_DB = "Library/SMS/sms.db";
    static final String PRODUCT_VERSION = "17.5.1";
    static final String DEVICE_NAME = "Simulated iPhone";
    private static final long APPLE_EPOCH_UNIX_SECONDS = 978_307_200L;

    private final Path backup;
    private final SimAddressBook contacts;

    IosBackupWriter(Path backup, SimAddressBook contacts) {
        this.backup = backup;
        this.contacts = contacts;
    }

    @Override
    public Path root() {
        return backup;
    }

    @Override
    public Path database() {
        return stored(BackupManifest.Entry.fileId(HOME_DOMAIN, SMS_DB));
    }

    @Override
    public List<Path> writeFirst(AppleExportPlan plan) {
        ChatDbWriter.create(database(), plan, ChatDbWriter.Journal.DELETE);
        IosAddressBookWriter.write(
                stored(BackupManifest.Entry.fileId(HOME_DOMAIN, IosAddressBookWriter.CONTACTS_DB)),
                stored(BackupManifest.Entry.fileId(HOME_DOMAIN, IosAddressBookWriter.IMAGES_DB)),
                contacts);
        return finish(plan);
    }

    @Override
    public List<Path> writeLater(AppleExportPlan plan) {
        ChatDbWriter.rewrite(database(), plan);
        return finish(plan);
    }

    @Override
    public List<Path> filesAdded(AppleExportPlan plan, List<AttachmentRow> rows) {
        List<Path> written = storeAttachments(plan, rows);
        BackupManifest.write(backup.resolve("Manifest.db"), entries(plan));
        return written;
    }

    private List<Path> finish(AppleExportPlan plan) {
        List<Path> written = storeAttachments(plan, plan.attachments());
        BackupManifest.write(backup.resolve("Manifest.db"), entries(plan));
        writePlists(plan);
        return written;
    }

    /** Stores each on-disk attachment not stored yet at {@code <h[0:2]>/<h>}. */
    private List<Path> storeAttachments(AppleExportPlan plan, List<AttachmentRow> rows) {
        List<Path> written = new ArrayList<>();
        for (AttachmentRow row : rows) {
            if (!row.onDisk()) {
                continue;
            }
            Path file = stored(BackupManifest.Entry.fileId(MEDIA_DOMAIN, relativePath(row)));
            if (Files.exists(file)) {
                continue;
            }
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, AttachmentFiles.bytes(plan, row));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store attachment " + file, e);
            }
            written.add(file);
        }
        return written;
    }

    private List<BackupManifest.Entry> entries(AppleExportPlan plan) {
        long when = unixSeconds(plan);
        List<BackupManifest.Entry> entries = new ArrayList<>();
        entries.add(new BackupManifest.Entry(HOME_DOMAIN, "Library/SMS", BackupManifest.FLAG_DIRECTORY, 0, when));
        entries.add(new BackupManifest.Entry(HOME_DOMAIN, SMS_DB, BackupManifest.FLAG_FILE, size(database()), when));
        entries.add(
                new BackupManifest.Entry(HOME_DOMAIN, "Library/AddressBook", BackupManifest.FLAG_DIRECTORY, 0, when));
        for (String addressBook : new String[] {IosAddressBookWriter.CONTACTS_DB, IosAddressBookWriter.IMAGES_DB}) {
            entries.add(new BackupManifest.Entry(
                    HOME_DOMAIN,
                    addressBook,
                    BackupManifest.FLAG_FILE,
                    size(stored(BackupManifest.Entry.fileId(HOME_DOMAIN, addressBook))),
                    when));
        }
        entries.add(new BackupManifest.Entry(
                MEDIA_DOMAIN, "Library/SMS/Attachments", BackupManifest.FLAG_DIRECTORY, 0, when));
        for (AttachmentRow row : plan.attachments()) {
            if (row.onDisk()) {
                entries.add(new BackupManifest.Entry(
                        MEDIA_DOMAIN,
                        relativePath(row),
                        BackupManifest.FLAG_FILE,
                        row.record().size(),
                        when));
            }
        }
        return entries;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot size " + file, e);
        }
    }

    /** The sms.db path without its leading {@code ~/}: {@code Library/SMS/Attachments/…}. */
    static String relativePath(AttachmentRow row) {
        return row.path().substring(2);
    }

    private Path stored(String fileId) {
        return backup.resolve(fileId.substring(0, 2)).resolve(fileId);
    }

    private void writePlists(AppleExportPlan plan) {
        Date date = new Date(unixSeconds(plan) * 1000);
        String udid = Choices.sha1Hex("device-" + plan.choiceSeed());
        NSDictionary lockdown = new NSDictionary();
        lockdown.put("ProductVersion", PRODUCT_VERSION);
        lockdown.put("ProductType", "iPhone15,2");
        lockdown.put("BuildVersion", "21F90");
        lockdown.put("DeviceName", DEVICE_NAME);
        lockdown.put("UniqueDeviceID", udid);
        NSDictionary manifest = new NSDictionary();
        manifest.put("IsEncrypted", false);
        manifest.put("Version", "10.0");
        manifest.put("SystemDomainsVersion", "24.0");
        manifest.put("WasPasscodeSet", false);
        manifest.put("Date", new NSDate(date));
        manifest.put("Lockdown", lockdown);
        manifest.put("Applications", new NSDictionary());

        NSDictionary info = new NSDictionary();
        info.put("Device Name", DEVICE_NAME);
        info.put("Display Name", DEVICE_NAME);
        info.put("Product Version", PRODUCT_VERSION);
        info.put("Product Type", "iPhone15,2");
        info.put("Build Version", "21F90");
        info.put("Unique Identifier", udid.toUpperCase(Locale.ROOT));
        info.put("Target Identifier", udid.toUpperCase(Locale.ROOT));
        info.put("Target Type", "Device");
        info.put("Last Backup Date", new NSDate(date));

        NSDictionary status = new NSDictionary();
        status.put("IsFullBackup", false);
        status.put("Version", "3.3");
        status.put("BackupState", "new");
        status.put("SnapshotState", "finished");
        status.put("UUID", Choices.guid(plan.choiceSeed(), "backup-uuid", Long.toString(plan.snapshotNs())));
        status.put("Date", new NSDate(date));
        try {
            BinaryPropertyListWriter.write(manifest, backup.resolve("Manifest.plist"));
            Files.writeString(backup.resolve("Info.plist"), info.toXMLPropertyList());
            BinaryPropertyListWriter.write(status, backup.resolve("Status.plist"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup's plists in " + backup, e);
        }
    }

    private static long unixSeconds(AppleExportPlan plan) {
        return plan.snapshotNs() / 1_000_000_000L + APPLE_EPOCH_UNIX_SECONDS;
    }
}
