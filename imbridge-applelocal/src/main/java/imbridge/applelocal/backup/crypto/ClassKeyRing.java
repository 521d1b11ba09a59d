package imbridge.applelocal.backup.crypto;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keybag's class keys, unwrapped. Holds key material: {@link #destroy()} overwrites it when the backup is
 * closed. Class keys wrapped only with the device key (no {@code WRAP & 2}) cannot be opened from a backup
 * password and are left out; a file of such a class then fails with a clear message.
 */
public final class ClassKeyRing {
    /** A wrapped AES-256 key: 32 key bytes plus the 8-byte RFC 3394 integrity block. */
    static final int WRAPPED_KEY_LENGTH = 40;

    private final Map<Integer, byte[]> keysByClass;

    private ClassKeyRing(Map<Integer, byte[]> keysByClass) {
        this.keysByClass = keysByClass;
    }

    /** @throws WrongBackupPasswordException when a password-wrapped class key fails its integrity check */
    public static ClassKeyRing unlock(KeyBag bag, byte[] keyEncryptionKey) throws EncryptedBackupException {
        Map<Integer, byte[]> keys = new HashMap<>();
        for (ClassKey classKey : bag.classKeys()) {
            if (!classKey.wrappedWithPassword() || classKey.wrappedKey() == null) {
                continue;
            }
            checkWrappedLength("class key " + classKey.protectionClass(), classKey.wrappedKey());
            Optional<byte[]> key = AesKeyWrap.unwrap(keyEncryptionKey, classKey.wrappedKey());
            if (key.isEmpty()) {
                keys.values().forEach(k -> Arrays.fill(k, (byte) 0));
                throw new WrongBackupPasswordException("wrong backup password: class key " + classKey.protectionClass()
                        + " does not unwrap with the key derived from it");
            }
            keys.put(classKey.protectionClass(), key.get());
        }
        if (keys.isEmpty()) {
            throw new EncryptedBackupException("keybag has no class key wrapped with the backup password");
        }
        return new ClassKeyRing(keys);
    }

    /** Unwraps a Manifest.db or file key (40 bytes, without the 4-byte class prefix) with its class's key. */
    public byte[] unwrapFileKey(int protectionClass, byte[] wrappedKey, String what) throws EncryptedBackupException {
        byte[] classKey = keysByClass.get(protectionClass);
        if (classKey == null) {
            throw new EncryptedBackupException(
                    what + ": protection class " + protectionClass + " has no password-unlockable key in the keybag");
        }
        checkWrappedLength(what, wrappedKey);
        return AesKeyWrap.unwrap(classKey, wrappedKey)
                .orElseThrow(() -> new EncryptedBackupException(
                        what + ": key does not unwrap with class key " + protectionClass + " (corrupt record)"));
    }

    public void destroy() {
        keysByClass.values().forEach(k -> Arrays.fill(k, (byte) 0));
        keysByClass.clear();
    }

    private static void checkWrappedLength(String what, byte[] wrapped) throws EncryptedBackupException {
        if (wrapped.length != WRAPPED_KEY_LENGTH) {
            throw new EncryptedBackupException(
                    what + ": wrapped key has " + wrapped.length + " bytes, expected " + WRAPPED_KEY_LENGTH);
        }
    }
}
