package imbridge.applelocal.backup;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSDictionary;
import com.dd.plist.XMLPropertyListWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Date;

/**
 * Test-only builder of a Finder/iTunes backup folder in Apple's layout: {@code Manifest.plist}, {@code Info.plist},
 * {@code Status.plist}, {@code Manifest.db} (Files, Properties) and every file stored as {@code <id[0:2]>/<id>} with
 * id = SHA-1 of {@code domain-relativePath}.
 */
public final class BackupFolderFixture implements AutoCloseable {
    private final Path folder;
    private final Connection manifest;

    private BackupFolderFixture(Path folder, boolean encrypted) throws IOException, SQLException {
        this.folder = Files.createDirectories(folder);
        NSDictionary lockdown = new NSDictionary();
        lockdown.put("ProductVersion", "17.4");
        lockdown.put("DeviceName", "Test iPhone");
        NSDictionary plist = new NSDictionary();
        plist.put("IsEncrypted", encrypted);
        plist.put("Version", "10.0");
        plist.put("Date", new Date(1_700_000_000_000L));
        plist.put("Lockdown", lockdown);
        XMLPropertyListWriter.write(plist, folder.resolve("Manifest.plist"));
        NSDictionary info = new NSDictionary();
        info.put("Device Name", "Test iPhone");
        info.put("Product Version", "17.4");
        BinaryPropertyListWriter.write(info, folder.resolve("Info.plist").toFile());
        NSDictionary status = new NSDictionary();
        status.put("IsFullBackup", false);
        status.put("Version", "3.3");
        BinaryPropertyListWriter.write(status, folder.resolve("Status.plist").toFile());
        this.manifest = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("Manifest.db"));
        try (Statement s = manifest.createStatement()) {
            s.execute("CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, "
                    + "file BLOB)");
            s.execute("CREATE INDEX FilesDomainIdx ON Files(domain)");
            s.execute("CREATE INDEX FilesRelativePathIdx ON Files(relativePath)");
            s.execute("CREATE INDEX FilesFlagsIdx ON Files(flags)");
            s.execute("CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB)");
        }
    }

    public static BackupFolderFixture plain(Path folder) throws IOException, SQLException {
        return new BackupFolderFixture(folder, false);
    }

    /** An encrypted backup: its Manifest.db is ciphertext (here: bytes that are no SQLite file). */
    static Path encrypted(Path folder) throws IOException, SQLException {
        try (BackupFolderFixture f = new BackupFolderFixture(folder, true)) {
            f.manifest.close();
        }
        byte[] noise = new byte[4096];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (i * 131 + 7);
        }
        Files.write(folder.resolve("Manifest.db"), noise);
        return folder;
    }

    public Path folder() {
        return folder;
    }

    /** Lists the file in Manifest.db and stores its bytes at {@code <id[0:2]>/<id>}; returns the stored path. */
    public Path store(String domain, String relativePath, byte[] content) throws IOException, SQLException {
        String id = PlainBackupFiles.fileId(domain, relativePath);
        list(domain, relativePath, 1, content.length);
        Path stored =
                Files.createDirectories(folder.resolve(id.substring(0, 2))).resolve(id);
        Files.write(stored, content);
        return stored;
    }

    /** A Manifest.db row without a stored file, or a directory (flags 2). */
    void list(String domain, String relativePath, int flags, long size) throws SQLException, IOException {
        NSDictionary file = new NSDictionary();
        file.put("Size", size);
        file.put("LastModified", 1_700_000_000L);
        file.put("Birth", 1_700_000_000L);
        file.put("Mode", flags == 2 ? 040755 : 0100644);
        file.put("ProtectionClass", 3);
        try (PreparedStatement ps = manifest.prepareStatement(
                "INSERT INTO Files (fileID, domain, relativePath, flags, file) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, PlainBackupFiles.fileId(domain, relativePath));
            ps.setString(2, domain);
            ps.setString(3, relativePath);
            ps.setInt(4, flags);
            ps.setBytes(5, BinaryPropertyListWriter.writeToArray(file));
            ps.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        if (!manifest.isClosed()) {
            manifest.close();
        }
    }
}
