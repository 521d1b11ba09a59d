package imbridge.applelocal.contacts;

import imbridge.applelocal.backup.BackupFiles;
import imbridge.applelocal.chatdb.ChatDbSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An iPhone backup's address book (behaviour.md §AL11): {@code HomeDomain} {@code
 * Library/AddressBook/AddressBook.sqlitedb}
 * ({@code ABPerson}, {@code ABMultiValue} with property 3 = phone, 4 = e-mail) and
 * {@code AddressBookImages.sqlitedb} ({@code ABThumbnailImage}, else {@code ABFullSizeImage}). The files are
 * restored into the work folder (with their {@code -wal} when the backup holds one) and read there; a backup
 * without an address book has no contacts, and one that cannot be read is logged and skipped.
 */
public final class IosAddressBook {
    static final String HOME_DOMAIN = "HomeDomain";
    static final String CONTACTS_DB = "Library/AddressBook/AddressBook.sqlitedb";
    static final String IMAGES_DB = "Library/AddressBook/AddressBookImages.sqlitedb";
    static final int PROPERTY_PHONE = 3;
    static final int PROPERTY_EMAIL = 4;
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

    private IosAddressBook() {}

    /** Every contact with a phone number or an e-mail address; photos where the images database has them. */
    public static List<ContactRecord> read(BackupFiles files, Path workDir, ContactSkips skips) {
        Map<Long, ContactPhoto> photos = readPhotos(files, workDir, skips);
        try {
            Optional<Path> restored = restore(files, CONTACTS_DB, workDir);
            if (restored.isEmpty()) {
                return List.of();
            }
            try (ChatDbSnapshot db = ChatDbSnapshot.privateCopy(restored.get(), BUSY_TIMEOUT, true)) {
                return readPeople(db.connection(), HOME_DOMAIN + "/" + CONTACTS_DB, photos, skips);
            }
        } catch (IOException | SQLException | RuntimeException e) {
            skips.record(ContactSkips.ADDRESS_BOOK_UNREADABLE, "backup address book " + CONTACTS_DB, e.getMessage());
            return List.of();
        }
    }

    static List<ContactRecord> readPeople(
            Connection connection, String source, Map<Long, ContactPhoto> photos, ContactSkips skips)
            throws SQLException {
        TableColumns people = TableColumns.of(connection, "ABPerson");
        if (!people.exists()) {
            throw new SQLException("no ABPerson table: not an iPhone address book");
        }
        Map<Long, List<ContactAddress>> phones = new HashMap<>();
        Map<Long, List<ContactAddress>> emails = new HashMap<>();
        readValues(connection, phones, emails);
        String sql = "SELECT ROWID AS RID, "
                + String.join(
                        ", ",
                        people.or("First"),
                        people.or("Middle"),
                        people.or("Last"),
                        people.or("Nickname"),
                        people.or("Organization"))
                + " FROM ABPerson ORDER BY ROWID";
        List<ContactRecord> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long id = rs.getLong("RID");
                List<ContactAddress> p = phones.getOrDefault(id, List.of());
                List<ContactAddress> e = emails.getOrDefault(id, List.of());
                if (p.isEmpty() && e.isEmpty()) {
                    continue;
                }
                out.add(new ContactRecord(
                        source,
                        id,
                        rs.getString("First"),
                        rs.getString("Middle"),
                        rs.getString("Last"),
                        rs.getString("Nickname"),
                        rs.getString("Organization"),
                        p,
                        e,
                        photos.get(id)));
            }
        }
        return out;
    }

    /** {@code ABMultiValue}: phones and e-mails by person, in their {@code identifier} order (else row order). */
    private static void readValues(
            Connection connection, Map<Long, List<ContactAddress>> phones, Map<Long, List<ContactAddress>> emails)
            throws SQLException {
        TableColumns values = TableColumns.of(connection, "ABMultiValue");
        if (!values.has("record_id") || !values.has("property") || !values.has("value")) {
            return;
        }
        String order = values.has("identifier") ? "identifier" : "NULL";
        String sql = "SELECT record_id, property, value, " + order + " AS ORD FROM ABMultiValue WHERE property IN ("
                + PROPERTY_PHONE + ", " + PROPERTY_EMAIL + ") AND value IS NOT NULL ORDER BY record_id, ORD, ROWID";
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Map<Long, List<ContactAddress>> target = rs.getInt(2) == PROPERTY_PHONE ? phones : emails;
                List<ContactAddress> list = target.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>());
                String value = rs.getString(3);
                int ordering = rs.getInt(4);
                list.add(new ContactAddress(value, rs.wasNull() ? list.size() : ordering));
            }
        }
    }

    /** Person ROWID → photo: the thumbnail when it is JPEG/PNG, else the full-size image. */
    private static Map<Long, ContactPhoto> readPhotos(BackupFiles files, Path workDir, ContactSkips skips) {
        Map<Long, ContactPhoto> out = new HashMap<>();
        try {
            Optional<Path> restored = restore(files, IMAGES_DB, workDir);
            if (restored.isEmpty()) {
                return out;
            }
            try (ChatDbSnapshot db = ChatDbSnapshot.privateCopy(restored.get(), BUSY_TIMEOUT, true)) {
                readImageTable(db.connection(), "ABThumbnailImage", out, skips);
                readImageTable(db.connection(), "ABFullSizeImage", out, skips);
            }
        } catch (IOException | SQLException | RuntimeException e) {
            skips.record(
                    ContactSkips.ADDRESS_BOOK_UNREADABLE, "backup address book images " + IMAGES_DB, e.getMessage());
        }
        return out;
    }

    private static void readImageTable(
            Connection connection, String table, Map<Long, ContactPhoto> out, ContactSkips skips) throws SQLException {
        TableColumns columns = TableColumns.of(connection, table);
        if (!columns.has("record_id") || !columns.has("data")) {
            return;
        }
        String sql = "SELECT record_id, " + columns.boundedBlob("data", ContactSkips.MAX_PHOTO_BYTES) + " FROM " + table
                + " ORDER BY record_id";
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long id = rs.getLong(1);
                if (out.containsKey(id)) {
                    continue;
                }
                PhotoReads.fromColumn(rs, "data", ContactPhoto::of, table + " of person " + id, skips)
                        .ifPresent(photo -> out.put(id, photo));
            }
        }
    }

    /** Copies a backed-up database (and its {@code -wal}) into a folder of its own; empty when not backed up. */
    private static Optional<Path> restore(BackupFiles files, String relativePath, Path workDir) throws IOException {
        Optional<Path> stored = files.file(HOME_DOMAIN, relativePath);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        String name = Path.of(relativePath).getFileName().toString();
        Path dir = workDir.resolve("ios-" + name);
        Files.createDirectories(dir);
        Path copy = dir.resolve(name);
        for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(dir.resolve(name + suffix));
        }
        Files.copy(stored.get(), copy, StandardCopyOption.REPLACE_EXISTING);
        Optional<Path> wal = files.file(HOME_DOMAIN, relativePath + "-wal");
        if (wal.isPresent()) {
            Files.copy(wal.get(), dir.resolve(name + "-wal"), StandardCopyOption.REPLACE_EXISTING);
        }
        return Optional.of(copy);
    }
}
