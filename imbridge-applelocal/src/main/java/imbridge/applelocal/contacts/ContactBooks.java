package imbridge.applelocal.contacts;

import imbridge.applelocal.backup.BackupFiles;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the address book that sits beside a local Apple source, as a {@link ContactDirectory}. */
public final class ContactBooks {
    private static final Logger log = LoggerFactory.getLogger(ContactBooks.class);

    private ContactBooks() {}

    /** The Mac account's address books ({@link MacAddressBook}); copies go under {@code workDir}. */
    public static ContactDirectory mac(Path home, Path workDir, ContactDirectory.Settings settings) {
        ContactSkips skips = new ContactSkips();
        return built(
                "Mac address books under " + MacAddressBook.folder(home),
                MacAddressBook.read(home, workDir, skips),
                settings,
                skips);
    }

    /** The iPhone backup's address book ({@link IosAddressBook}); restored copies go under {@code workDir}. */
    public static ContactDirectory iosBackup(BackupFiles files, Path workDir, ContactDirectory.Settings settings) {
        ContactSkips skips = new ContactSkips();
        return built("the backup's address book", IosAddressBook.read(files, workDir, skips), settings, skips);
    }

    private static ContactDirectory built(
            String where, List<ContactRecord> records, ContactDirectory.Settings settings, ContactSkips skips) {
        long photos = records.stream().filter(r -> r.photo() != null).count();
        ContactDirectory directory = new ContactDirectory(records, settings, skips);
        log.info(
                "contacts: read {} contacts ({} with a photo) from {}; left out: {}",
                records.size(),
                photos,
                where,
                skips.snapshot().isEmpty() ? "nothing" : skips.snapshot());
        return directory;
    }
}
