package imbridge.applelocal.backup;

import java.io.IOException;
import java.nio.file.Path;

/** Opens an encrypted backup's files with its password (the decryption lives in {@code backup.crypto}). */
@FunctionalInterface
public interface EncryptedBackupOpener {

    /**
     * @param workDir a private folder for decrypted files
     * @throws IOException when the password is wrong or the backup cannot be decrypted
     */
    BackupFiles open(Path backupDir, BackupManifest manifest, String password, Path workDir) throws IOException;
}
