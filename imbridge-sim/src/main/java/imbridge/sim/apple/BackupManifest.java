package imbridge.sim.apple;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSString;
import com.dd.plist.UID;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * An iPhone backup's {@code Manifest.db} (behaviour.md §AL7.1): the {@code Files} index (fileID = SHA-1 of
 * {@code domain-relativePath}, flags 1 file / 2 directory, {@code file} = an NSKeyedArchiver {@code MBFile}
 * plist) and {@code Properties}.
 */
final class BackupManifest {

    static final int FLAG_FILE = 1;
    static final int FLAG_DIRECTORY = 2;
    private static final int MODE_FILE = 0100644;
    private static final int MODE_DIRECTORY = 040755;
    private static final int MOBILE_USER = 501;
    private static final int PROTECTION_CLASS = 3;

    /** One backed-up file or directory. */
    record Entry(String domain, String relativePath, int flags, long size, long unixSeconds) {
        String fileId() {
            return fileId(domain, relativePath);
        }

        static String fileId(String domain, String relativePath) {
            return Choices.sha1Hex(domain + "-" + relativePath);
        }
    }

    private BackupManifest() {}

    /** Writes (or replaces) the manifest's rows, in one transaction. */
    static void write(Path manifest, List<Entry> entries) {
        try (Connection connection = ChatDbWriter.open(manifest)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS Files (fileID TEXT PRIMARY KEY, domain TEXT, "
                        + "relativePath TEXT, flags INTEGER, file BLOB)");
                statement.execute("CREATE TABLE IF NOT EXISTS Properties (key TEXT PRIMARY KEY, value BLOB)");
                statement.execute("CREATE INDEX IF NOT EXISTS FilesDomainIdx ON Files(domain)");
                statement.execute("CREATE INDEX IF NOT EXISTS FilesRelativePathIdx ON Files(relativePath)");
                statement.execute("CREATE INDEX IF NOT EXISTS FilesFlagsIdx ON Files(flags)");
                connection.setAutoCommit(false);
                statement.execute("DELETE FROM Files");
                statement.execute("DELETE FROM Properties");
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO Files (fileID, domain, relativePath, flags, file) VALUES (?, ?, ?, ?, ?)")) {
                long inode = 1000;
                for (Entry entry : entries) {
                    insert.setString(1, entry.fileId());
                    insert.setString(2, entry.domain());
                    insert.setString(3, entry.relativePath());
                    insert.setInt(4, entry.flags());
                    insert.setBytes(5, mbFile(entry, inode++));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement property =
                    connection.prepareStatement("INSERT INTO Properties (key, value) VALUES (?, ?)")) {
                property.setString(1, "salt");
                property.setBytes(2, new byte[20]);
                property.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + manifest, e);
        }
    }

    /** The {@code file} column: an NSKeyedArchiver archive whose root is an {@code MBFile}. */
    static byte[] mbFile(Entry entry, long inode) {
        NSDictionary file = new NSDictionary();
        file.put("$class", uid(3));
        file.put("RelativePath", uid(2));
        file.put("Size", new NSNumber(entry.size()));
        file.put("LastModified", new NSNumber(entry.unixSeconds()));
        file.put("LastStatusChange", new NSNumber(entry.unixSeconds()));
        file.put("Birth", new NSNumber(entry.unixSeconds()));
        file.put("Mode", new NSNumber(entry.flags() == FLAG_DIRECTORY ? MODE_DIRECTORY : MODE_FILE));
        file.put("UserID", new NSNumber(MOBILE_USER));
        file.put("GroupID", new NSNumber(MOBILE_USER));
        file.put("InodeNumber", new NSNumber(inode));
        file.put("Flags", new NSNumber(0));
        file.put("ProtectionClass", new NSNumber(PROTECTION_CLASS));
        NSDictionary mbFileClass = new NSDictionary();
        mbFileClass.put("$classname", "MBFile");
        mbFileClass.put("$classes", new NSArray(new NSString("MBFile"), new NSString("NSObject")));
        NSDictionary top = new NSDictionary();
        top.put("root", uid(1));
        NSDictionary archive = new NSDictionary();
        archive.put("$version", 100000);
        archive.put("$archiver", "NSKeyedArchiver");
        archive.put("$top", top);
        archive.put(
                "$objects", new NSArray(new NSString("$null"), file, new NSString(entry.relativePath()), mbFileClass));
        try {
            return BinaryPropertyListWriter.writeToArray(archive);
        } catch (IOException e) {
            throw new UncheckedIOException("binary plist of an in-memory dictionary", e);
        }
    }

    private static UID uid(int index) {
        return new UID(Integer.toString(index), BigInteger.valueOf(index));
    }
}
