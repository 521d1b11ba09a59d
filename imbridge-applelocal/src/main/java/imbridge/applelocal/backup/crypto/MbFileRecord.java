package imbridge.applelocal.backup.crypto;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.UID;
import imbridge.applelocal.codec.AppleDecodeException;
import imbridge.applelocal.codec.PropertyLists;
import java.util.Optional;

/**
 * The parts of a {@code Manifest.db} {@code Files.file} blob that decryption needs. The blob is an NSKeyedArchiver
 * binary plist whose root object is an {@code MBFile}; its {@code EncryptionKey} points (by UID) at an
 * {@code NSMutableData} archived as {@code {NS.data: <bytes>}} (a bare NSData is accepted too).
 *
 * @param protectionClass {@code ProtectionClass}
 * @param encryptionKey   {@code EncryptionKey}; empty for files stored unencrypted (empty files)
 * @param size            {@code Size}: the plaintext length in bytes
 */
public record MbFileRecord(int protectionClass, Optional<WrappedKey> encryptionKey, long size) {

    public static MbFileRecord parse(byte[] blob, String fileId) throws EncryptedBackupException {
        NSObject archive;
        try {
            archive = PropertyLists.binary(blob, "file record " + fileId);
        } catch (AppleDecodeException e) {
            throw new EncryptedBackupException("file record " + fileId + " is not a readable binary plist: " + e, e);
        }
        return parseArchive(archive, fileId);
    }

    private static MbFileRecord parseArchive(NSObject archive, String fileId) throws EncryptedBackupException {
        if (!(archive instanceof NSDictionary top)
                || !(top.get("$objects") instanceof NSArray objects)
                || !(top.get("$top") instanceof NSDictionary topRefs)) {
            throw new EncryptedBackupException("file record " + fileId + " is not an NSKeyedArchiver archive");
        }
        if (!(resolve(topRefs.get("root"), objects, fileId) instanceof NSDictionary file)) {
            throw new EncryptedBackupException("file record " + fileId + " has no root MBFile object");
        }
        int protectionClass = (int) number(file, "ProtectionClass", fileId);
        long size = number(file, "Size", fileId);
        if (size < 0) {
            throw new EncryptedBackupException("file record " + fileId + " has negative Size " + size);
        }
        Optional<WrappedKey> key = Optional.empty();
        if (file.containsKey("EncryptionKey")) {
            key = Optional.of(WrappedKey.parse(
                    keyBytes(resolve(file.get("EncryptionKey"), objects, fileId), fileId),
                    "file record " + fileId + ": EncryptionKey"));
        }
        return new MbFileRecord(protectionClass, key, size);
    }

    private static byte[] keyBytes(NSObject key, String fileId) throws EncryptedBackupException {
        if (key instanceof NSData data) {
            return data.bytes();
        }
        if (key instanceof NSDictionary archived && archived.get("NS.data") instanceof NSData data) {
            return data.bytes();
        }
        throw new EncryptedBackupException("file record " + fileId + ": EncryptionKey is not data");
    }

    private static long number(NSDictionary file, String key, String fileId) throws EncryptedBackupException {
        if (file.get(key) instanceof NSNumber number && number.isInteger()) {
            return number.longValue();
        }
        throw new EncryptedBackupException("file record " + fileId + " has no integer " + key);
    }

    /** Follows an archiver UID into {@code $objects}; a value that is not a UID is returned as it is. */
    private static NSObject resolve(NSObject value, NSArray objects, String fileId) throws EncryptedBackupException {
        if (!(value instanceof UID uid)) {
            return value;
        }
        long index = 0;
        for (byte b : uid.getBytes()) {
            index = index << 8 | (b & 0xff);
        }
        if (uid.getBytes().length > 4 || index >= objects.count()) {
            throw new EncryptedBackupException("file record " + fileId + ": archive UID " + index
                    + " points past $objects (" + objects.count() + ")");
        }
        return objects.objectAtIndex((int) index);
    }
}
