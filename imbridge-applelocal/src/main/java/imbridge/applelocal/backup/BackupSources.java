package imbridge.applelocal.backup;

import imbridge.applelocal.chatdb.ChatDbSnapshot;
import imbridge.applelocal.chatdb.ChatDbSource;
import imbridge.applelocal.chatdb.ChatDbSourceConfig;
import imbridge.applelocal.chatdb.ChatDbSources;
import java.io.IOException;
import java.nio.file.Path;

/** Builds a {@link ChatDbSource} for an iPhone backup folder. */
public final class BackupSources {
    private BackupSources() {}

    /**
     * Opens the backup's files, restores {@code sms.db} into {@code workDir} and reads it; attachments come from the
     * backup's {@code MediaDomain}. Closing the source closes the files and deletes the restored database.
     *
     * @param password  the backup password (null for a plain backup)
     * @param encrypted opens encrypted backups; null when this build cannot
     */
    public static ChatDbSource open(
            Path backupDir, String password, EncryptedBackupOpener encrypted, Path workDir, ChatDbSourceConfig config)
            throws IOException {
        return open(IosBackup.open(backupDir, password, encrypted, workDir), workDir, config);
    }

    /**
     * Reads the Messages database of a backup whose files the caller already opened (e.g. an encrypted backup's
     * decrypting {@link BackupFiles}). The source owns {@code files} from here on: closing it closes them, and so
     * does a failure to open.
     */
    public static ChatDbSource open(BackupFiles files, Path workDir, ChatDbSourceConfig config) throws IOException {
        ChatDbSnapshot db;
        try {
            Path smsDb = IosBackup.restoreSmsDb(files, workDir.resolve("sms"));
            db = ChatDbSnapshot.privateCopy(smsDb, config.busyTimeout(), true);
        } catch (IOException | RuntimeException e) {
            try {
                files.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return ChatDbSources.create(db, new BackupAttachmentLocator(files), config, files);
    }
}
