package imbridge.applelocal.backup.crypto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A key as Apple stores {@code ManifestKey} and a file record's {@code EncryptionKey}: a 4-byte little-endian
 * protection class, then the 40-byte RFC 3394-wrapped AES-256 key.
 */
public record WrappedKey(int protectionClass, byte[] wrapped) {

    static final int LENGTH = 4 + ClassKeyRing.WRAPPED_KEY_LENGTH;

    public static WrappedKey parse(byte[] bytes, String what) throws EncryptedBackupException {
        if (bytes.length != LENGTH) {
            throw new EncryptedBackupException(what + " has " + bytes.length + " bytes, expected " + LENGTH
                    + " (4-byte class + 40-byte wrapped key)");
        }
        int protectionClass =
                ByteBuffer.wrap(bytes, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return new WrappedKey(protectionClass, Arrays.copyOfRange(bytes, 4, LENGTH));
    }
}
