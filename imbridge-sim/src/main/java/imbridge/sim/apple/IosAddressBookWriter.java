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

/**
 * The address book as an iPhone backup holds it (behaviour.md §AL11): {@code AddressBook.sqlitedb} ({@code ABPerson},
 * {@code ABMultiValue} with property 3 = phone, 4 = e-mail, {@code identifier} = the entry's place) and
 * {@code AddressBookImages.sqlitedb} ({@code ABThumbnailImage}, {@code ABFullSizeImage}).
 */
final class IosAddressBookWriter {
    static final String CONTACTS_DB = "Library/AddressBook/AddressBook.sqlitedb";
    static final String IMAGES_DB = "Library/AddressBook/AddressBookImages.sqlitedb";
    private static final int PROPERTY_PHONE = 3;
    private static final int PROPERTY_EMAIL = 4;

    private IosAddressBookWriter() {}

    static void write(Path contactsDb, Path imagesDb, SimAddressBook book) {
        prepare(contactsDb);
        prepare(imagesDb);
        try (Connection db = ChatDbWriter.open(contactsDb);
                Connection images = ChatDbWriter.open(imagesDb)) {
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, First TEXT, Last TEXT, "
                        + "Middle TEXT, FirstPhonetic TEXT, LastPhonetic TEXT, Organization TEXT, Department TEXT, "
                        + "Note TEXT, Kind INTEGER, Nickname TEXT, CreationDate INTEGER, ModificationDate INTEGER)");
                s.execute("CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id INTEGER, property INTEGER, "
                        + "identifier INTEGER, label INTEGER, value TEXT, guid TEXT)");
                s.execute("CREATE INDEX ABMultiValueRecordIDIndex ON ABMultiValue(record_id)");
            }
            try (Statement s = images.createStatement()) {
                s.execute("CREATE TABLE ABThumbnailImage (record_id INTEGER, format INTEGER, "
                        + "derived_from_format INTEGER, data BLOB, UNIQUE(record_id, format))");
                s.execute("CREATE TABLE ABFullSizeImage (record_id INTEGER, crop_x INTEGER, crop_y INTEGER, "
                        + "crop_width INTEGER, crop_height INTEGER, data BLOB, UNIQUE(record_id))");
            }
            db.setAutoCommit(false);
            images.setAutoCommit(false);
            for (Contact c : book.contacts()) {
                insertPerson(db, c);
                for (Entry e : c.phones()) {
                    insertValue(db, c.id(), PROPERTY_PHONE, e);
                }
                for (Entry e : c.emails()) {
                    insertValue(db, c.id(), PROPERTY_EMAIL, e);
                }
                if (c.photo() != null) {
                    insertImage(images, c);
                }
            }
            db.commit();
            images.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the backup's address book " + contactsDb, e);
        }
    }

    private static void prepare(Path db) {
        try {
            Files.createDirectories(db.getParent());
            Files.deleteIfExists(db);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + db, e);
        }
    }

    private static void insertPerson(Connection db, Contact c) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO ABPerson (ROWID, First, Last, Middle, "
                + "Organization, Kind, Nickname) VALUES (?, ?, ?, ?, ?, 0, ?)")) {
            ps.setLong(1, c.id());
            ps.setString(2, c.first());
            ps.setString(3, c.last());
            ps.setString(4, c.middle());
            ps.setString(5, c.organization());
            ps.setString(6, c.nickname());
            ps.executeUpdate();
        }
    }

    private static void insertValue(Connection db, long person, int property, Entry e) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO ABMultiValue (record_id, property, identifier, "
                + "label, value, guid) VALUES (?, ?, ?, 1, ?, ?)")) {
            ps.setLong(1, person);
            ps.setInt(2, property);
            ps.setInt(3, e.orderingIndex());
            ps.setString(4, e.typed());
            ps.setString(5, Choices.guid(person, "multivalue", e.handle()));
            ps.executeUpdate();
        }
    }

    private static void insertImage(Connection images, Contact c) throws SQLException {
        String sql = c.photoPlace() == SimAddressBook.PhotoPlace.THUMBNAIL
                ? "INSERT INTO ABThumbnailImage (record_id, format, derived_from_format, data) VALUES (?, 0, 5, ?)"
                : "INSERT INTO ABFullSizeImage (record_id, crop_x, crop_y, crop_width, crop_height, data) "
                        + "VALUES (?, 0, 0, 32, 32, ?)";
        try (PreparedStatement ps = images.prepareStatement(sql)) {
            ps.setLong(1, c.id());
            ps.setBytes(2, c.photo());
            ps.executeUpdate();
        }
    }
}
