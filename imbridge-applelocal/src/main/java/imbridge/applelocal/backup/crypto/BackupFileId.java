package imbridge.applelocal.backup.crypto;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Where a backup stores a file: {@code fileID = hex(SHA-1(domain + "-" + relativePath))} at {@code xx/fileID}. */
public final class BackupFileId {
    private BackupFileId() {}

    public static String of(String domain, String relativePath) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((domain + "-" + relativePath).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-1", e);
        }
    }

    public static Path storedPath(Path backupDir, String fileId) {
        return backupDir.resolve(fileId.substring(0, 2)).resolve(fileId);
    }
}
