package imbridge.applelocal.backup.crypto;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.SecretKeySpec;

/** RFC 3394 AES key unwrap with the default integrity value {@code A6A6A6A6A6A6A6A6} (the JDK's AES/KW). */
public final class AesKeyWrap {
    private AesKeyWrap() {}

    /**
     * The unwrapped key, or empty when the integrity check fails (the wrapping key is not the one used to wrap).
     *
     * @throws IllegalArgumentException if {@code kek} is not an AES key length or {@code wrapped} is not a
     *                                  multiple of 8 bytes of at least 24; parsers check lengths before this
     */
    public static Optional<byte[]> unwrap(byte[] kek, byte[] wrapped) {
        if (wrapped.length < 24 || wrapped.length % 8 != 0) {
            throw new IllegalArgumentException(
                    "wrapped key must be a multiple of 8 bytes, at least 24; got " + wrapped.length);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/KW/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, aesKey(kek));
            return Optional.of(cipher.doFinal(wrapped));
        } catch (IllegalBlockSizeException integrityCheckFailed) {
            // the length was checked above, so this can only be the integrity value not matching
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/KW unavailable", e);
        }
    }

    static SecretKeySpec aesKey(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes; got " + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }
}
