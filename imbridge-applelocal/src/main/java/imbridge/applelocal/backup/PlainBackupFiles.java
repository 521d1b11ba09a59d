package imbridge.applelocal.backup;

import imbridge.applelocal.chatdb.ChatDbOpenException;
import imbridge.applelocal.chatdb.ChatDbSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of an unencrypted backup: a file is listed in {@code Manifest.db}'s {@code Files} table under
 * {@code fileID} = lower-case hex SHA-1 of {@code domain-relativePath} and stored as {@code <backup>/<id[0:2]>/<id>}.
 * The stored files are handed out as they are (read-only use); {@code Manifest.db} is opened immutable, or from a
 * private copy when a {@code -wal} lies beside it, so the backup folder is never written.
 */
public final class PlainBackupFiles implements BackupFiles {
    private static final Logger log = LoggerFactory.getLogger(PlainBackupFiles.class);
    private static final String LOOKUP = "SELECT flags FROM Files WHERE fileID = ? AND domain = ? AND relativePath = ?";
    /** {@code Files.flags} of a directory and of a symbolic link: never a file to hand out. */
    private static final int FLAG_DIRECTORY = 2;

    private static final int FLAG_SYMLINK = 4;

    private final Path backupDir;
    private final ChatDbSnapshot manifest;
    private final Object lock = new Object();

    private PlainBackupFiles(Path backupDir, ChatDbSnapshot manifest) {
        this.backupDir = backupDir;
        this.manifest = manifest;
    }

    /** @param workDir where a copy of Manifest.db goes when it has a {@code -wal} (then deleted on close) */
    public static PlainBackupFiles open(Path backupDir, Path workDir) throws IOException {
        Path db = backupDir.resolve("Manifest.db");
        if (!Files.isRegularFile(db)) {
            throw new IosBackupException("no Manifest.db in " + backupDir + ": not an iPhone backup folder"
                    + (Files.exists(backupDir.resolve("Manifest.mbdb"))
                            ? " that imbridge reads (Manifest.mbdb backups of iOS 9 and older are not supported)"
                            : ""));
        }
        try {
            Path wal = backupDir.resolve("Manifest.db-wal");
            if (!Files.exists(wal)) {
                return new PlainBackupFiles(backupDir, ChatDbSnapshot.immutable(db));
            }
            Path copyDir = workDir.resolve("manifest");
            Files.createDirectories(copyDir);
            Files.copy(db, copyDir.resolve("Manifest.db"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(wal, copyDir.resolve("Manifest.db-wal"), StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(copyDir.resolve("Manifest.db-shm"));
            return new PlainBackupFiles(
                    backupDir, ChatDbSnapshot.privateCopy(copyDir.resolve("Manifest.db"), Duration.ofSeconds(5), true));
        } catch (ChatDbOpenException e) {
            throw new IosBackupException(
                    "Manifest.db in " + backupDir + " cannot be read (" + e.getMessage()
                            + "); an encrypted backup needs its password",
                    e);
        }
    }

    /** The backup's file ID of a logical file: lower-case hex SHA-1 of {@code domain + "-" + relativePath}. */
    public static String fileId(String domain, String relativePath) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((domain + "-" + relativePath).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }

    @Override
    public Optional<Path> file(String domain, String relativePath) throws IOException {
        String id = fileId(domain, relativePath);
        synchronized (lock) {
            try (PreparedStatement ps = manifest.connection().prepareStatement(LOOKUP)) {
                ps.setString(1, id);
                ps.setString(2, domain);
                ps.setString(3, relativePath);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    long flags = rs.getLong(1);
                    if (flags == FLAG_DIRECTORY || flags == FLAG_SYMLINK) {
                        return Optional.empty();
                    }
                }
            } catch (SQLException e) {
                throw new IOException(
                        "looking up " + domain + "/" + relativePath + " in Manifest.db: " + e.getMessage(), e);
            }
        }
        Path stored = backupDir.resolve(id.substring(0, 2)).resolve(id);
        if (StoredBackupFile.escapes(backupDir, stored)) {
            log.info(
                    "backup: {} {} is stored as a link or outside the backup folder at {}; not read (reason=PATH_ESCAPE)",
                    domain,
                    relativePath,
                    stored);
            return Optional.empty();
        }
        if (!Files.isRegularFile(stored)) {
            log.info(
                    "backup: {} {} is listed in Manifest.db but not stored at {} (reason=FILE_MISSING)",
                    domain,
                    relativePath,
                    stored);
            return Optional.empty();
        }
        return Optional.of(stored);
    }

    @Override
    public void close() throws IOException {
        manifest.close();
    }
}
