package imbridge.applelocal.backup.crypto;

import imbridge.applelocal.backup.BackupFiles;
import imbridge.applelocal.backup.StoredBackupFile;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of an encrypted Finder/iTunes backup, decrypted on demand into a private folder under the caller's
 * work folder (never inside the backup, which is only read). Opening derives the key from the password once
 * (seconds: Apple uses ≈10 million PBKDF2 rounds) and decrypts {@code Manifest.db}; each {@link #file} call then
 * decrypts one file, at {@code <private>/files/<domain>/<relativePath>} so that e.g. {@code sms.db} and
 * {@code sms.db-wal} sit side by side with their real names. {@link #close()} deletes everything decrypted.
 */
public final class EncryptedBackupFiles implements BackupFiles {
    private static final Logger LOG = LoggerFactory.getLogger(EncryptedBackupFiles.class);

    private final Path backupDir;
    private final Path privateDir;
    private final Path manifestDb;
    private final ClassKeyRing keys;
    private final ManifestIndex index;
    private final Map<String, Path> decrypted = new HashMap<>();
    private final Map<String, Integer> skipped = new TreeMap<>();
    private boolean closed;

    private EncryptedBackupFiles(
            Path backupDir, Path privateDir, Path manifestDb, ClassKeyRing keys, ManifestIndex index) {
        this.backupDir = backupDir;
        this.privateDir = privateDir;
        this.manifestDb = manifestDb;
        this.keys = keys;
        this.index = index;
    }

    /**
     * Unlocks the backup in {@code backupDir} with {@code password} (not retained; the caller may wipe it after).
     *
     * @param workDir a folder outside the backup; a private subfolder is created in it
     * @throws WrongBackupPasswordException if the password does not unlock the keybag
     * @throws EncryptedBackupException     if the backup is not encrypted, incomplete or corrupt
     * @throws IllegalArgumentException     if {@code workDir} lies inside {@code backupDir}
     */
    public static EncryptedBackupFiles open(Path backupDir, char[] password, Path workDir) throws IOException {
        if (!Files.isDirectory(backupDir)) {
            throw new EncryptedBackupException(backupDir + " is not a folder");
        }
        Path backup = backupDir.toRealPath();
        Files.createDirectories(workDir);
        if (workDir.toRealPath().startsWith(backup)) {
            throw new IllegalArgumentException("work folder " + workDir + " must not be inside the backup " + backup);
        }
        EncryptedManifestPlist plist = EncryptedManifestPlist.read(backup.resolve("Manifest.plist"));
        KeyBag bag = KeyBag.parse(plist.backupKeyBag());
        byte[] kek = BackupKeyDerivation.keyEncryptionKey(password, bag);
        ClassKeyRing keys;
        try {
            keys = ClassKeyRing.unlock(bag, kek);
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
        Path privateDir = Files.createTempDirectory(workDir.toRealPath(), "decrypted-backup-");
        try {
            Path manifestDb = privateDir.resolve("Manifest.db");
            ManifestDbDecryption.decrypt(backup.resolve("Manifest.db"), manifestDb, plist.manifestKey(), keys);
            return new EncryptedBackupFiles(backup, privateDir, manifestDb, keys, ManifestIndex.open(manifestDb));
        } catch (IOException | RuntimeException e) {
            keys.destroy();
            deleteTree(privateDir);
            throw e;
        }
    }

    /** The decrypted {@code Manifest.db} (valid until {@link #close()}). */
    public Path decryptedManifest() {
        return manifestDb;
    }

    /**
     * The decrypted file, or empty when {@code Manifest.db} does not list it as a regular file or its stored copy
     * is missing (both logged and counted in {@link #skippedByReason()}).
     *
     * @throws EncryptedBackupException if the stored file or its record is corrupt or truncated
     */
    @Override
    public synchronized Optional<Path> file(String domain, String relativePath) throws IOException {
        if (closed) {
            throw new IllegalStateException("backup files already closed");
        }
        String fileId = BackupFileId.of(domain, relativePath);
        Path done = decrypted.get(fileId);
        if (done != null) {
            return Optional.of(done);
        }
        Optional<ManifestIndex.Entry> entry = index.find(fileId);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        if (entry.get().flags() != ManifestIndex.Entry.REGULAR_FILE) {
            return skip("not-a-regular-file", domain, relativePath, fileId);
        }
        Path stored = BackupFileId.storedPath(backupDir, fileId);
        if (StoredBackupFile.escapes(backupDir, stored)) {
            return skip("stored-file-outside-backup", domain, relativePath, fileId);
        }
        if (!Files.isRegularFile(stored)) {
            return skip("stored-file-missing", domain, relativePath, fileId);
        }
        if (entry.get().file() == null) {
            throw new EncryptedBackupException("Manifest.db row " + fileId + " has no file record");
        }
        MbFileRecord record = MbFileRecord.parse(entry.get().file(), fileId);
        Path target = outputPath(domain, relativePath, fileId);
        long trimmed = StoredFileDecryption.decrypt(stored, target, record, keys, fileId);
        if (trimmed > 0) {
            count("longer-than-record-size");
            LOG.info(
                    "backup-file-trimmed reason=longer-than-record-size domain={} path={} fileID={} bytes={}",
                    domain,
                    relativePath,
                    fileId,
                    trimmed);
        }
        decrypted.put(fileId, target);
        return Optional.of(target);
    }

    /** How many files were returned empty (or trimmed), by reason code. */
    public synchronized Map<String, Integer> skippedByReason() {
        return Map.copyOf(skipped);
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        keys.destroy();
        try {
            index.close();
        } finally {
            deleteTree(privateDir);
        }
    }

    private Optional<Path> skip(String reason, String domain, String relativePath, String fileId) {
        count(reason);
        LOG.info("backup-file-skipped reason={} domain={} path={} fileID={}", reason, domain, relativePath, fileId);
        return Optional.empty();
    }

    private void count(String reason) {
        skipped.merge(reason, 1, Integer::sum);
    }

    /** The mirrored logical path when it stays inside our folder, else a name by fileID. */
    private Path outputPath(String domain, String relativePath, String fileId) throws IOException {
        Path filesRoot = privateDir.resolve("files");
        try {
            Path domainDir = filesRoot.resolve(domain).normalize();
            Path candidate = domainDir.resolve(relativePath).normalize();
            if (filesRoot.equals(domainDir.getParent())
                    && candidate.startsWith(domainDir)
                    && !candidate.equals(domainDir)
                    && !Files.exists(candidate)) {
                Files.createDirectories(candidate.getParent());
                return candidate;
            }
        } catch (InvalidPathException | FileSystemException unusableName) {
            // fall through: names that this file system cannot hold, or a file where a folder is needed
        }
        Path byId = privateDir.resolve("by-id").resolve(fileId);
        Files.createDirectories(byId.getParent());
        return byId;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
