package imbridge.applelocal.contacts;

import imbridge.applelocal.chatdb.ChatDbSnapshot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A Mac's address books (Core Data SQLite, behaviour.md §AL11): {@code AddressBook-v22.abcddb} at the top of
 * {@code <home>/Library/Application Support/AddressBook/} ("On My Mac") and in each {@code Sources/<UUID>/}
 * (iCloud, Exchange, …). Each is copied with SQLite's online backup into the work folder and read there, so the
 * live databases are never written or held open. A database that cannot be read is logged and skipped.
 */
public final class MacAddressBook {
    static final String DB_NAME = "AddressBook-v22.abcddb";
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

    private MacAddressBook() {}

    /** {@code <home>/Library/Application Support/AddressBook}. */
    public static Path folder(Path home) {
        return home.resolve("Library").resolve("Application Support").resolve("AddressBook");
    }

    /** The address-book databases of a Mac home: the top-level one, then each source's, in name order. */
    public static List<Path> databases(Path home) throws IOException {
        Path root = folder(home);
        List<Path> out = new ArrayList<>();
        if (Files.isRegularFile(root.resolve(DB_NAME))) {
            out.add(root.resolve(DB_NAME));
        }
        Path sources = root.resolve("Sources");
        if (Files.isDirectory(sources)) {
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(sources, Files::isDirectory)) {
                dirs.forEach(dir -> {
                    if (Files.isRegularFile(dir.resolve(DB_NAME))) {
                        found.add(dir.resolve(DB_NAME));
                    }
                });
            }
            found.sort(null);
            out.addAll(found);
        }
        return out;
    }

    /** Every contact with a phone number or an e-mail address, from every address book of {@code home}. */
    public static List<ContactRecord> read(Path home, Path workDir, ContactSkips skips) {
        List<Path> databases;
        try {
            databases = databases(home);
        } catch (IOException e) {
            skips.record(ContactSkips.ADDRESS_BOOK_UNREADABLE, "address books under " + folder(home), e.toString());
            return List.of();
        }
        List<ContactRecord> out = new ArrayList<>();
        for (int i = 0; i < databases.size(); i++) {
            Path db = databases.get(i);
            try (ChatDbSnapshot copy = ChatDbSnapshot.copyOf(db, workDir.resolve("mac-" + i), BUSY_TIMEOUT)) {
                out.addAll(readOne(copy.connection(), db, skips));
            } catch (IOException | SQLException | RuntimeException e) {
                skips.record(ContactSkips.ADDRESS_BOOK_UNREADABLE, "address book " + db, e.getMessage());
            }
        }
        return out;
    }

    /** The contacts of one (copied) database; {@code original} names it and locates its {@code Images/}. */
    static List<ContactRecord> readOne(Connection connection, Path original, ContactSkips skips) throws SQLException {
        TableColumns records = TableColumns.of(connection, "ZABCDRECORD");
        if (!records.has("Z_PK")) {
            throw new SQLException("no ZABCDRECORD table with Z_PK: not a Contacts database");
        }
        Map<Long, List<ContactAddress>> phones = addresses(connection, "ZABCDPHONENUMBER", "ZFULLNUMBER");
        Map<Long, List<ContactAddress>> emails = addresses(connection, "ZABCDEMAILADDRESS", "ZADDRESS");
        Path images = original.resolveSibling("Images");
        String sql = "SELECT Z_PK, "
                + String.join(
                        ", ",
                        records.or("ZFIRSTNAME"),
                        records.or("ZMIDDLENAME"),
                        records.or("ZLASTNAME"),
                        records.or("ZNICKNAME"),
                        records.or("ZORGANIZATION"),
                        records.or("ZUNIQUEID"),
                        records.boundedBlob("ZTHUMBNAILIMAGEDATA", ContactSkips.MAX_PHOTO_BYTES))
                + " FROM ZABCDRECORD ORDER BY Z_PK";
        List<ContactRecord> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long pk = rs.getLong("Z_PK");
                List<ContactAddress> p = phones.getOrDefault(pk, List.of());
                List<ContactAddress> e = emails.getOrDefault(pk, List.of());
                if (p.isEmpty() && e.isEmpty()) {
                    continue; // nothing a handle could match (also groups and the owner's "Me" stubs)
                }
                String what = "contact " + pk + " of " + original;
                Optional<ContactPhoto> photo =
                        PhotoReads.fromColumn(rs, "ZTHUMBNAILIMAGEDATA", ContactPhoto::ofMarkedThumbnail, what, skips);
                String uniqueId = rs.getString("ZUNIQUEID");
                if (photo.isEmpty() && uniqueId != null && !uniqueId.isBlank()) {
                    photo = PhotoReads.fromFile(images.resolve(imageName(uniqueId)), what, skips);
                }
                out.add(new ContactRecord(
                        original.toString(),
                        pk,
                        rs.getString("ZFIRSTNAME"),
                        rs.getString("ZMIDDLENAME"),
                        rs.getString("ZLASTNAME"),
                        rs.getString("ZNICKNAME"),
                        rs.getString("ZORGANIZATION"),
                        p,
                        e,
                        photo.orElse(null)));
            }
        }
        return out;
    }

    /** {@code ZUNIQUEID} is {@code <UUID>:ABPerson}; the image file is named by the part before the colon. */
    static String imageName(String uniqueId) {
        int colon = uniqueId.indexOf(':');
        String name = colon < 0 ? uniqueId : uniqueId.substring(0, colon);
        return name.replace("/", "").replace("\\", ""); // a file name, never a path
    }

    private static Map<Long, List<ContactAddress>> addresses(Connection connection, String table, String valueColumn)
            throws SQLException {
        TableColumns columns = TableColumns.of(connection, table);
        Map<Long, List<ContactAddress>> out = new HashMap<>();
        if (!columns.has("ZOWNER") || !columns.has(valueColumn)) {
            return out;
        }
        String order = columns.has("ZORDERINGINDEX") ? "ZORDERINGINDEX" : "NULL";
        String tiebreak = columns.has("Z_PK") ? ", Z_PK" : "";
        String sql = "SELECT ZOWNER, " + valueColumn + ", " + order + " AS ORD FROM " + table
                + " WHERE ZOWNER IS NOT NULL AND " + valueColumn + " IS NOT NULL ORDER BY ZOWNER, ORD" + tiebreak;
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<ContactAddress> list = out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>());
                int ordering = rs.getInt(3);
                list.add(new ContactAddress(rs.getString(2), rs.wasNull() ? list.size() : ordering));
            }
        }
        return out;
    }
}
