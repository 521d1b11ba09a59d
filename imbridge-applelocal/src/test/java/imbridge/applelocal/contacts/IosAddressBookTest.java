package imbridge.applelocal.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.applelocal.backup.BackupFolderFixture;
import imbridge.applelocal.backup.PlainBackupFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The iPhone reader on a real backup folder holding real {@code AddressBook*.sqlitedb} files. */
class IosAddressBookTest {

    @TempDir
    Path tmp;

    @Test
    void readsPeopleTheirNumbersAddressesAndPhotosFromTheBackup() throws Exception {
        byte[] thumbnail = TestJpegs.jpeg(0x112233);
        byte[] fullSize = TestJpegs.jpeg(0x445566);
        Path contacts = addressBook(tmp.resolve("src/AddressBook.sqlitedb"));
        Path images = imagesDb(tmp.resolve("src/AddressBookImages.sqlitedb"));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + contacts)) {
            person(db, 1, "Alice", "Smith", null, null, null);
            value(db, 1, 3, 1, "+1 (555) 010-2000");
            value(db, 1, 3, 0, "555-010-1000");
            value(db, 1, 4, 0, "Alice@Example.com");
            value(db, 1, 22, 0, "https://example.com"); // a URL: neither phone nor e-mail
            person(db, 2, null, null, null, "Zed", null);
            value(db, 2, 3, 0, "5550103000");
            person(db, 3, "Only", "Name", null, null, null);
            person(db, 4, null, null, null, null, "Acme");
            value(db, 4, 4, 0, "info@acme.test");
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + images)) {
            image(db, "ABThumbnailImage", 1, thumbnail);
            image(db, "ABFullSizeImage", 1, fullSize);
            image(db, "ABFullSizeImage", 2, fullSize);
            image(db, "ABThumbnailImage", 4, new byte[] {0, 0, 0, 0, 1, 2, 3, 4, 5}); // raw pixels: not an image
        }
        Path backup = backupWith(Files.readAllBytes(contacts), Files.readAllBytes(images));
        ContactSkips skips = new ContactSkips();

        List<ContactRecord> records;
        try (PlainBackupFiles files = PlainBackupFiles.open(backup, tmp.resolve("work"))) {
            records = IosAddressBook.read(files, tmp.resolve("work"), skips);
        }

        assertThat(records).extracting(ContactRecord::recordId).containsExactly(1L, 2L, 4L);
        ContactRecord alice = records.get(0);
        assertThat(alice.name()).isEqualTo("Alice Smith");
        assertThat(alice.phones())
                .containsExactly(new ContactAddress("555-010-1000", 0), new ContactAddress("+1 (555) 010-2000", 1));
        assertThat(alice.emails()).containsExactly(new ContactAddress("Alice@Example.com", 0));
        assertThat(alice.photo().bytes()).as("the thumbnail first").isEqualTo(thumbnail);
        assertThat(records.get(1).name()).isEqualTo("Zed");
        assertThat(records.get(1).photo().bytes())
                .as("the full-size image without a thumbnail")
                .isEqualTo(fullSize);
        assertThat(records.get(2).name()).isEqualTo("Acme");
        assertThat(records.get(2).photo()).isNull();
        assertThat(skips.snapshot()).containsExactly(java.util.Map.entry(ContactSkips.PHOTO_UNRECOGNISED, 1L));
        assertThat(records.get(0).source()).isEqualTo("HomeDomain/Library/AddressBook/AddressBook.sqlitedb");
    }

    @Test
    void aBackupWithoutAnAddressBookHasNoContacts() throws Exception {
        Path backup;
        try (BackupFolderFixture f = BackupFolderFixture.plain(tmp.resolve("backup"))) {
            f.store("HomeDomain", "Library/SMS/sms.db", new byte[] {1});
            backup = f.folder();
        }
        ContactSkips skips = new ContactSkips();
        try (PlainBackupFiles files = PlainBackupFiles.open(backup, tmp.resolve("work"))) {
            assertThat(IosAddressBook.read(files, tmp.resolve("work"), skips)).isEmpty();
        }
        assertThat(skips.snapshot()).isEmpty();
    }

    @Test
    void aCorruptAddressBookIsLoggedAndSkipped() throws Exception {
        Path backup = backupWith("not a database at all".getBytes(), "nor this".getBytes());
        ContactSkips skips = new ContactSkips();

        try (PlainBackupFiles files = PlainBackupFiles.open(backup, tmp.resolve("work"))) {
            assertThat(IosAddressBook.read(files, tmp.resolve("work"), skips)).isEmpty();
        }
        assertThat(skips.count(ContactSkips.ADDRESS_BOOK_UNREADABLE)).isEqualTo(2);
    }

    private Path backupWith(byte[] contacts, byte[] images) throws Exception {
        try (BackupFolderFixture f = BackupFolderFixture.plain(tmp.resolve("backup"))) {
            f.store("HomeDomain", "Library/AddressBook/AddressBook.sqlitedb", contacts);
            f.store("HomeDomain", "Library/AddressBook/AddressBookImages.sqlitedb", images);
            return f.folder();
        }
    }

    private static Path addressBook(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = db.createStatement()) {
            s.execute("CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, First TEXT, Last TEXT, "
                    + "Middle TEXT, Nickname TEXT, Organization TEXT, Kind INTEGER, CreationDate INTEGER)");
            s.execute("CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id INTEGER, property INTEGER, "
                    + "identifier INTEGER, label INTEGER, value TEXT, guid TEXT)");
        }
        return file;
    }

    private static Path imagesDb(Path file) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = db.createStatement()) {
            s.execute("CREATE TABLE ABThumbnailImage (record_id INTEGER, format INTEGER, derived_from_format INTEGER, "
                    + "data BLOB, UNIQUE(record_id, format))");
            s.execute("CREATE TABLE ABFullSizeImage (record_id INTEGER, crop_x INTEGER, crop_y INTEGER, "
                    + "crop_width INTEGER, crop_height INTEGER, data BLOB, UNIQUE(record_id))");
        }
        return file;
    }

    private static void person(
            Connection db, long id, String first, String last, String middle, String nickname, String organization)
            throws Exception {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO ABPerson (ROWID, First, Last, Middle, Nickname, "
                + "Organization, Kind) VALUES (?, ?, ?, ?, ?, ?, 0)")) {
            ps.setLong(1, id);
            ps.setString(2, first);
            ps.setString(3, last);
            ps.setString(4, middle);
            ps.setString(5, nickname);
            ps.setString(6, organization);
            ps.executeUpdate();
        }
    }

    private static void value(Connection db, long person, int property, int identifier, String value) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO ABMultiValue (record_id, property, identifier, "
                + "label, value) VALUES (?, ?, ?, 1, ?)")) {
            ps.setLong(1, person);
            ps.setInt(2, property);
            ps.setInt(3, identifier);
            ps.setString(4, value);
            ps.executeUpdate();
        }
    }

    private static void image(Connection db, String table, long person, byte[] data) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO " + table + " (record_id, data) VALUES (?, ?)")) {
            ps.setLong(1, person);
            ps.setBytes(2, data);
            ps.executeUpdate();
        }
    }
}
