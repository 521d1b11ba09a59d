package imbridge.applelocal.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a backup's stored file ({@code <backup>/<id[0:2]>/<id>}) leads out of the backup folder. iTunes and
 * Finder store only plain files, so a symbolic link there, or an {@code <id[0:2]>} folder that is a link elsewhere,
 * can only come from a crafted folder that would have the bridge upload a file from outside it.
 */
public final class StoredBackupFile {

    private StoredBackupFile() {}

    /** True when {@code stored} is a symbolic link, or exists with its real location outside {@code backupDir}. */
    public static boolean escapes(Path backupDir, Path stored) throws IOException {
        if (Files.isSymbolicLink(stored)) {
            return true;
        }
        return Files.exists(stored) && !stored.toRealPath().startsWith(backupDir.toRealPath());
    }
}
