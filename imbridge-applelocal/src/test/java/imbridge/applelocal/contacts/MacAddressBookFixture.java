package imbridge.applelocal.contacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Test-only writer of a Mac address book ({@code AddressBook-v22.abcddb}) with the Core Data tables and columns
 * behaviour.md §AL11 names, plus the bookkeeping columns Core Data adds ({@code Z_ENT}, {@code Z_OPT}).
 */
final class MacAddressBookFixture implements AutoCloseable {
    private final Connection db;
    private final Path file;

    private MacAddressBookFixture(Path file, boolean withPhotoAndNicknameColumns) throws IOException, SQLException {
        this.file = file;
        Files.createDirectories(file.getParent());
        db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE ZABCDRECORD (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, "
                    + "ZFIRSTNAME VARCHAR, ZLASTNAME VARCHAR, ZMIDDLENAME VARCHAR, ZORGANIZATION VARCHAR, "
                    + "ZUNIQUEID VARCHAR"
                    + (withPhotoAndNicknameColumns ? ", ZNICKNAME VARCHAR, " + "ZTHUMBNAILIMAGEDATA BLOB" : "") + ")");
            s.execute("CREATE TABLE ZABCDPHONENUMBER (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, "
                    + "ZOWNER INTEGER, ZORDERINGINDEX INTEGER, ZISPRIMARY INTEGER, ZFULLNUMBER VARCHAR, "
                    + "ZLABEL VARCHAR)");
            s.execute("CREATE TABLE ZABCDEMAILADDRESS (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, "
                    + "ZOWNER INTEGER, ZORDERINGINDEX INTEGER, ZADDRESS VARCHAR, ZADDRESSNORMALIZED VARCHAR, "
                    + "ZLABEL VARCHAR)");
        }
    }

    /** A current schema (nickname and thumbnail columns). */
    static MacAddressBookFixture create(Path file) throws IOException, SQLException {
        return new MacAddressBookFixture(file, true);
    }

    /** An older schema without {@code ZNICKNAME} and {@code ZTHUMBNAILIMAGEDATA}. */
    static MacAddressBookFixture createWithoutPhotoColumns(Path file) throws IOException, SQLException {
        return new MacAddressBookFixture(file, false);
    }

    Path file() {
        return file;
    }

    void person(
            long pk,
            String first,
            String last,
            String middle,
            String nickname,
            String organization,
            String uniqueId,
            byte[] thumbnail)
            throws SQLException {
        boolean full = columnExists("ZNICKNAME");
        try (PreparedStatement ps = db.prepareStatement(
                full
                        ? "INSERT INTO ZABCDRECORD (Z_PK, Z_ENT, Z_OPT, ZFIRSTNAME, ZLASTNAME, ZMIDDLENAME, ZORGANIZATION, "
                                + "ZUNIQUEID, ZNICKNAME, ZTHUMBNAILIMAGEDATA) VALUES (?, 22, 1, ?, ?, ?, ?, ?, ?, ?)"
                        : "INSERT INTO ZABCDRECORD (Z_PK, Z_ENT, Z_OPT, ZFIRSTNAME, ZLASTNAME, ZMIDDLENAME, ZORGANIZATION, "
                                + "ZUNIQUEID) VALUES (?, 22, 1, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, pk);
            ps.setString(2, first);
            ps.setString(3, last);
            ps.setString(4, middle);
            ps.setString(5, organization);
            ps.setString(6, uniqueId);
            if (full) {
                ps.setString(7, nickname);
                ps.setBytes(8, thumbnail);
            }
            ps.executeUpdate();
        }
    }

    void phone(long owner, int orderingIndex, String number) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO ZABCDPHONENUMBER (Z_ENT, Z_OPT, ZOWNER, "
                + "ZORDERINGINDEX, ZISPRIMARY, ZFULLNUMBER, ZLABEL) VALUES (19, 1, ?, ?, 0, ?, '_$!<Mobile>!$_')")) {
            ps.setLong(1, owner);
            ps.setInt(2, orderingIndex);
            ps.setString(3, number);
            ps.executeUpdate();
        }
    }

    void email(long owner, int orderingIndex, String address) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO ZABCDEMAILADDRESS (Z_ENT, Z_OPT, ZOWNER, "
                + "ZORDERINGINDEX, ZADDRESS, ZADDRESSNORMALIZED, ZLABEL) VALUES (11, 1, ?, ?, ?, lower(?), "
                + "'_$!<Home>!$_')")) {
            ps.setLong(1, owner);
            ps.setInt(2, orderingIndex);
            ps.setString(3, address);
            ps.setString(4, address);
            ps.executeUpdate();
        }
    }

    /** A thumbnail blob as Contacts stores it: one marker byte, then the image. */
    static byte[] marked(byte[] image) {
        byte[] blob = new byte[image.length + 1];
        blob[0] = 0x01;
        System.arraycopy(image, 0, blob, 1, image.length);
        return blob;
    }

    private boolean columnExists(String column) throws SQLException {
        return TableColumns.of(db, "ZABCDRECORD").has(column);
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
