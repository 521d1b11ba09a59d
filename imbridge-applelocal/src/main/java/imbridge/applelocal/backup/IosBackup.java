package imbridge.applelocal.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An iPhone (Finder/iTunes) backup folder: checks it, opens its files (plain, or encrypted through a caller-supplied
 * opener), and restores its Messages database ({@code HomeDomain} {@code Library/SMS/sms.db}, with its {@code -wal}
 * when the backup holds one) into a private work folder under matching names, where it can be opened.
 */
public final class IosBackup {
    private static final Logger log = LoggerFactory.getLogger(IosBackup.class);
    public static final String ENCRYPTED_NO_PASSWORD = "this backup is encrypted; give its password with "
            + "source.password / --backup-password, or make an unencrypted backup";
    static final String HOME_DOMAIN = "HomeDomain";
    static final String SMS_DB = "Library/SMS/sms.db";

    private IosBackup() {}

    /** Reads {@code Manifest.plist} after checking that the folder looks like a backup. */
    public static BackupManifest manifest(Path backupDir) throws IosBackupException {
        if (!Files.isDirectory(backupDir)) {
            throw new IosBackupException("no backup folder at " + backupDir);
        }
        BackupManifest manifest = BackupManifest.read(backupDir.resolve("Manifest.plist"));
        if (!Files.isRegularFile(backupDir.resolve("Manifest.db"))) {
            throw new IosBackupException("no Manifest.db in " + backupDir + ": not an iPhone backup folder, or a "
                    + "backup of iOS 9 or older, which imbridge does not read");
        }
        return manifest;
    }

    /**
     * The backup's files: {@link PlainBackupFiles} for a plain backup; for an encrypted one, {@code encrypted}
     * opened with the password.
     *
     * @param password  the backup password, or null
     * @param encrypted opens encrypted backups; null when this build cannot
     * @throws IosBackupException {@link #ENCRYPTED_NO_PASSWORD} when the backup is encrypted and no password is given
     */
    public static BackupFiles open(Path backupDir, String password, EncryptedBackupOpener encrypted, Path workDir)
            throws IOException {
        BackupManifest manifest = manifest(backupDir);
        if (workDir.toAbsolutePath()
                .normalize()
                .startsWith(backupDir.toAbsolutePath().normalize())) {
            throw new IosBackupException("the work folder " + workDir + " is inside the backup folder, which must "
                    + "stay untouched; choose a work folder elsewhere");
        }
        log.info(
                "iPhone backup {}: iOS {} ({}), {}",
                backupDir,
                manifest.productVersion(),
                manifest.deviceName(),
                manifest.encrypted() ? "encrypted" : "not encrypted");
        if (!manifest.encrypted()) {
            return PlainBackupFiles.open(backupDir, workDir);
        }
        if (password == null || password.isEmpty()) {
            throw new IosBackupException(ENCRYPTED_NO_PASSWORD);
        }
        if (encrypted == null) {
            throw new IosBackupException("this backup is encrypted and this build of imbridge cannot decrypt "
                    + "backups; make an unencrypted backup");
        }
        return encrypted.open(backupDir, manifest, password, workDir);
    }

    /**
     * Copies {@code sms.db} (and {@code sms.db-wal} when the backup lists one) into {@code workDir} as
     * {@code sms.db}/{@code sms.db-wal}.
     *
     * @return the copied {@code sms.db}
     */
    public static Path restoreSmsDb(BackupFiles files, Path workDir) throws IOException {
        Optional<Path> db = files.file(HOME_DOMAIN, SMS_DB);
        if (db.isEmpty()) {
            throw new IosBackupException("the backup holds no Messages database (" + HOME_DOMAIN + " " + SMS_DB
                    + "); Messages may be excluded from this backup");
        }
        Files.createDirectories(workDir);
        Path copy = workDir.resolve("sms.db");
        for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(workDir.resolve("sms.db" + suffix));
        }
        Files.copy(db.get(), copy, StandardCopyOption.REPLACE_EXISTING);
        Optional<Path> wal = files.file(HOME_DOMAIN, SMS_DB + "-wal");
        if (wal.isPresent()) {
            Files.copy(wal.get(), workDir.resolve("sms.db-wal"), StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }
}
