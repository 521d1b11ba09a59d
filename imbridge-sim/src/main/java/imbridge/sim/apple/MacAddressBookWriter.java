package imbridge.sim.apple;

import imbridge.sim.apple.SimAddressBook.Contact;
import imbridge.sim.apple.SimAddressBook.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The address book as a Mac keeps it (behaviour.md §AL11): Core Data SQLite files {@code AddressBook-v22.abcddb} at the
 * top of
 * {@code ~/Library/Application Support/AddressBook/} ("On My Mac") and in {@code Sources/<UUID>/} (an iCloud
 * account), with Core Data's {@code Z_ENT}/{@code Z_OPT} columns, a group and a "Me" card without numbers,
 * thumbnails as a marker byte plus JPEG in {@code ZTHUMBNAILIMAGEDATA}, full images as {@code Images/<UUID>} files.
 */
final class MacAddressBookWriter {
    static final String DB_NAME = "AddressBook-v22.abcddb";
    private static final int ENT_CONTACT = 22;
    private static final int ENT_GROUP = 20;
    private static final int ENT_PHONE = 19;
    private static final int ENT_EMAIL = 11;
    private static final byte THUMBNAIL_MARKER = 0x01;

    private MacAddressBookWriter() {}

    static Path folder(Path home) {
        return home.resolve("Library/Application Support/AddressBook");
    }

    /** Writes both databases (replacing earlier ones) and the full-size images. */
    static void write(Path home, SimAddressBook book) {
        Path onMyMac = folder(home).resolve(DB_NAME);
        Path icloud = folder(home)
                .resolve("Sources")
                .resolve(Choices.guid(book.seed(), "contacts-source", "icloud"))
                .resolve(DB_NAME);
        writeOne(onMyMac, book.contacts().stream().filter(Contact::onMyMac).toList(), true);
        writeOne(icloud, book.contacts().stream().filter(c -> !c.onMyMac()).toList(), false);
    }

    private static void writeOne(Path db, List<Contact> contacts, boolean withMeCard) {
        try {
            Files.createDirectories(db.getParent());
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + db, e);
        }
        try (Connection connection = ChatDbWriter.open(db)) {
            createTables(connection);
            connection.setAutoCommit(false);
            long groupPk = contacts.stream().mapToLong(Contact::id).max().orElse(0) + 1;
            insertRecord(connection, groupPk, ENT_GROUP, null, null, null, null, "Family", "GROUP:ABGroup", null);
            if (withMeCard) { // the owner's own card: no numbers here, nothing a handle could match
                insertRecord(
                        connection, groupPk + 1, ENT_CONTACT, "Owner", null, null, null, null, "ME:ABPerson", null);
            }
            for (Contact c : contacts) {
                byte[] thumbnail = c.photo() != null && c.photoPlace() == SimAddressBook.PhotoPlace.THUMBNAIL
                        ? marked(c.photo())
                        : null;
                insertRecord(
                        connection,
                        c.id(),
                        ENT_CONTACT,
                        c.first(),
                        c.middle(),
                        c.last(),
                        c.nickname(),
                        c.organization(),
                        c.uniqueId(),
                        thumbnail);
                for (Entry e : c.phones()) {
                    insertPhone(connection, c.id(), e);
                }
                for (Entry e : c.emails()) {
                    insertEmail(connection, c.id(), e);
                }
                if (c.photo() != null && c.photoPlace() == SimAddressBook.PhotoPlace.FULL_IMAGE) {
                    Path image = db.resolveSibling("Images")
                            .resolve(c.uniqueId().substring(0, c.uniqueId().indexOf(':')));
                    Files.createDirectories(image.getParent());
                    Files.write(image, c.photo());
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + db, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the images beside " + db, e);
        }
    }

    private static void createTables(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE ZABCDRECORD (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, "
                    + "ZFIRSTNAME VARCHAR, ZMIDDLENAME VARCHAR, ZLASTNAME VARCHAR, ZNICKNAME VARCHAR, "
                    + "ZORGANIZATION VARCHAR, ZNAME VARCHAR, ZUNIQUEID VARCHAR, ZCREATIONDATE TIMESTAMP, "
                    + "ZTHUMBNAILIMAGEDATA BLOB)");
            s.execute("CREATE TABLE ZABCDPHONENUMBER (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, "
                    + "ZISPRIMARY INTEGER, ZORDERINGINDEX INTEGER, ZOWNER INTEGER, ZFULLNUMBER VARCHAR, "
                    + "ZLABEL VARCHAR)");
            s.execute("CREATE TABLE ZABCDEMAILADDRESS (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, "
                    + "ZISPRIMARY INTEGER, ZORDERINGINDEX INTEGER, ZOWNER INTEGER, ZADDRESS VARCHAR, "
                    + "ZADDRESSNORMALIZED VARCHAR, ZLABEL VARCHAR)");
            s.execute("CREATE INDEX ZABCDPHONENUMBER_ZOWNER_INDEX ON ZABCDPHONENUMBER (ZOWNER)");
            s.execute("CREATE INDEX ZABCDEMAILADDRESS_ZOWNER_INDEX ON ZABCDEMAILADDRESS (ZOWNER)");
            s.execute("CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, "
                    + "Z_MAX INTEGER)");
        }
    }

    private static void insertRecord(
            Connection c,
            long pk,
            int entity,
            String first,
            String middle,
            String last,
            String nickname,
            String organizationOrGroup,
            String uniqueId,
            byte[] thumbnail)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ZABCDRECORD (Z_PK, Z_ENT, Z_OPT, ZFIRSTNAME, "
                + "ZMIDDLENAME, ZLASTNAME, ZNICKNAME, ZORGANIZATION, ZNAME, ZUNIQUEID, ZTHUMBNAILIMAGEDATA) "
                + "VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, pk);
            ps.setInt(2, entity);
            ps.setString(3, first);
            ps.setString(4, middle);
            ps.setString(5, last);
            ps.setString(6, nickname);
            ps.setString(7, entity == ENT_GROUP ? null : organizationOrGroup);
            ps.setString(8, entity == ENT_GROUP ? organizationOrGroup : null);
            ps.setString(9, uniqueId);
            ps.setBytes(10, thumbnail);
            ps.executeUpdate();
        }
    }

    private static void insertPhone(Connection c, long owner, Entry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ZABCDPHONENUMBER (Z_ENT, Z_OPT, ZISPRIMARY, "
                + "ZORDERINGINDEX, ZOWNER, ZFULLNUMBER, ZLABEL) VALUES (?, 1, ?, ?, ?, ?, '_$!<Mobile>!$_')")) {
            ps.setInt(1, ENT_PHONE);
            ps.setInt(2, e.orderingIndex() == 0 ? 1 : 0);
            ps.setInt(3, e.orderingIndex());
            ps.setLong(4, owner);
            ps.setString(5, e.typed());
            ps.executeUpdate();
        }
    }

    private static void insertEmail(Connection c, long owner, Entry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ZABCDEMAILADDRESS (Z_ENT, Z_OPT, ZISPRIMARY, "
                + "ZORDERINGINDEX, ZOWNER, ZADDRESS, ZADDRESSNORMALIZED, ZLABEL) VALUES (?, 1, ?, ?, ?, ?, ?, "
                + "'_$!<Home>!$_')")) {
            ps.setInt(1, ENT_EMAIL);
            ps.setInt(2, e.orderingIndex() == 0 ? 1 : 0);
            ps.setInt(3, e.orderingIndex());
            ps.setLong(4, owner);
            ps.setString(5, e.typed());
            ps.setString(6, e.handle().substring("mailto:".length()));
            ps.executeUpdate();
        }
    }

    private static byte[] marked(byte[] jpeg) {
        byte[] blob = new byte[jpeg.length + 1];
        blob[0] = THUMBNAIL_MARKER;
        System.arraycopy(jpeg, 0, blob, 1, jpeg.length);
        return blob;
    }
}
