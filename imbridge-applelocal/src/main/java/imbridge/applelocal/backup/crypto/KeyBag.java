package imbridge.applelocal.backup.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * A backup keybag ({@code Manifest.plist} → {@code BackupKeyBag}), parsed but still locked. The first {@code UUID}
 * and {@code WRAP} belong to the keybag itself; every later {@code UUID} starts a class key that collects the
 * {@code CLAS}, {@code WRAP}, {@code KTYP} and {@code WPKY} items following it.
 *
 * @param version          {@code VERS}, or -1 when absent
 * @param type             {@code TYPE} (1 = backup keybag), or -1 when absent
 * @param uuid             the keybag's own {@code UUID}, or null when absent
 * @param wrap             the keybag's own {@code WRAP}, or -1 when absent
 * @param iterations       {@code ITER}: PBKDF2-HMAC-SHA1 rounds of the second derivation step
 * @param salt             {@code SALT} of the second step
 * @param dpIterations     {@code DPIC}: PBKDF2-HMAC-SHA256 rounds of the first step; 0 in keybags older than
 *                         iOS 10.2, which have no first step
 * @param dpSalt           {@code DPSL} of the first step, or null when absent
 * @param dpWrap           {@code DPWT}, or -1 when absent
 * @param hmacKey          {@code HMCK}, or null when absent (not needed to decrypt)
 * @param classKeys        the class key runs in file order; never empty
 */
public record KeyBag(
        int version,
        int type,
        byte[] uuid,
        byte[] hmacKey,
        int wrap,
        byte[] salt,
        int iterations,
        int dpWrap,
        int dpIterations,
        byte[] dpSalt,
        List<ClassKey> classKeys) {

    /** Well above the ≈10 million Apple uses: a corrupt count beyond it would otherwise hang derivation for hours. */
    static final int MAX_ITERATIONS = 100_000_000;

    public KeyBag {
        classKeys = List.copyOf(classKeys);
    }

    public static KeyBag parse(byte[] blob) throws EncryptedBackupException {
        Builder bag = new Builder();
        for (Tlv item : Tlv.split(blob)) {
            bag.accept(item);
        }
        return bag.build();
    }

    /** Collects items in file order; the tag meaning depends on whether a class key run has started. */
    private static final class Builder {
        private int version = -1;
        private int type = -1;
        private byte[] uuid;
        private byte[] hmacKey;
        private int wrap = -1;
        private byte[] salt;
        private int iterations = -1;
        private int dpWrap = -1;
        private int dpIterations;
        private byte[] dpSalt;
        private final List<ClassKey> classKeys = new ArrayList<>();
        private ClassKeyBuilder current;

        void accept(Tlv item) throws EncryptedBackupException {
            if (item.tag().equals("UUID")) {
                if (uuid == null) {
                    uuid = item.value();
                } else {
                    finishClassKey();
                    current = new ClassKeyBuilder(item.value());
                }
            } else if (current != null) {
                current.accept(item);
            } else {
                acceptGlobal(item);
            }
        }

        private void acceptGlobal(Tlv item) throws EncryptedBackupException {
            switch (item.tag()) {
                case "VERS" -> version = item.intValue();
                case "TYPE" -> type = item.intValue();
                case "HMCK" -> hmacKey = item.value();
                case "WRAP" -> wrap = item.intValue();
                case "SALT" -> salt = item.value();
                case "ITER" -> iterations = item.intValue();
                case "DPWT" -> dpWrap = item.intValue();
                case "DPIC" -> dpIterations = item.intValue();
                case "DPSL" -> dpSalt = item.value();
                default -> {} // other global tags carry nothing needed to decrypt
            }
        }

        private void finishClassKey() throws EncryptedBackupException {
            if (current != null) {
                classKeys.add(current.build());
                current = null;
            }
        }

        KeyBag build() throws EncryptedBackupException {
            finishClassKey();
            if (salt == null) {
                throw new EncryptedBackupException("keybag has no SALT");
            }
            checkIterations("ITER", iterations);
            if (dpSalt != null) {
                checkIterations("DPIC", dpIterations);
            }
            if (classKeys.isEmpty()) {
                throw new EncryptedBackupException("keybag has no class keys");
            }
            return new KeyBag(
                    version,
                    type,
                    uuid,
                    hmacKey,
                    wrap,
                    salt,
                    iterations,
                    dpWrap,
                    dpSalt == null ? 0 : dpIterations,
                    dpSalt,
                    classKeys);
        }

        private static void checkIterations(String tag, int count) throws EncryptedBackupException {
            if (count < 1 || count > MAX_ITERATIONS) {
                throw new EncryptedBackupException(
                        "keybag " + tag + " = " + Integer.toUnsignedString(count) + " is outside 1.." + MAX_ITERATIONS);
            }
        }
    }

    private static final class ClassKeyBuilder {
        private final byte[] uuid;
        private int protectionClass = -1;
        private int wrap = -1;
        private int keyType = -1;
        private byte[] wrappedKey;

        ClassKeyBuilder(byte[] uuid) {
            this.uuid = uuid;
        }

        void accept(Tlv item) throws EncryptedBackupException {
            switch (item.tag()) {
                case "CLAS" -> protectionClass = item.intValue();
                case "WRAP" -> wrap = item.intValue();
                case "KTYP" -> keyType = item.intValue();
                case "WPKY" -> wrappedKey = item.value();
                default -> {} // e.g. PBKY (a Curve25519 public key): not needed to unwrap
            }
        }

        ClassKey build() throws EncryptedBackupException {
            if (protectionClass < 0 || wrap < 0) {
                throw new EncryptedBackupException("keybag class key without CLAS or WRAP");
            }
            return new ClassKey(uuid, protectionClass, wrap, keyType, wrappedKey);
        }
    }
}
