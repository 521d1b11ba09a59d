package imbridge.applelocal.backup.crypto;

import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import imbridge.applelocal.codec.AppleDecodeException;
import imbridge.applelocal.codec.PropertyLists;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What decryption needs from a backup's {@code Manifest.plist}: {@code IsEncrypted} must be true, and it yields
 * the {@code BackupKeyBag} and {@code ManifestKey} blobs.
 */
public record EncryptedManifestPlist(byte[] backupKeyBag, WrappedKey manifestKey) {

    public static EncryptedManifestPlist read(Path manifestPlist) throws EncryptedBackupException {
        NSDictionary root = parse(manifestPlist);
        if (!(root.get("IsEncrypted") instanceof NSNumber encrypted) || !encrypted.boolValue()) {
            throw new EncryptedBackupException(manifestPlist + ": IsEncrypted is not true; this is a plain backup");
        }
        byte[] keyBag = data(root, "BackupKeyBag", manifestPlist);
        // ManifestKey appeared with iOS 10.2; older encrypted backups are a different layout
        byte[] manifestKey = data(root, "ManifestKey", manifestPlist);
        return new EncryptedManifestPlist(keyBag, WrappedKey.parse(manifestKey, "ManifestKey"));
    }

    private static NSDictionary parse(Path manifestPlist) throws EncryptedBackupException {
        if (!Files.isRegularFile(manifestPlist)) {
            throw new EncryptedBackupException(manifestPlist + " not found: not an iPhone backup folder");
        }
        NSObject parsed;
        try {
            parsed = PropertyLists.binaryOrXml(Files.readAllBytes(manifestPlist), "Manifest.plist");
        } catch (AppleDecodeException | IOException e) {
            throw new EncryptedBackupException(manifestPlist + " is not a readable property list: " + e, e);
        }
        if (parsed instanceof NSDictionary dictionary) {
            return dictionary;
        }
        throw new EncryptedBackupException(manifestPlist + " is not a dictionary");
    }

    private static byte[] data(NSDictionary root, String key, Path manifestPlist) throws EncryptedBackupException {
        if (root.get(key) instanceof NSData data) {
            return data.bytes();
        }
        throw new EncryptedBackupException(manifestPlist + " has no " + key + " data");
    }
}
