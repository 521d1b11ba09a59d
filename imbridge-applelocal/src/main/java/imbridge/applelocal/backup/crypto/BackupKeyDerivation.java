package imbridge.applelocal.backup.crypto;

import imbridge.core.util.Ticker;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the backup password into the key that unwraps the keybag's class keys:
 * {@code k1 = PBKDF2-HMAC-SHA256(utf8(password), DPSL, DPIC, 32)}, then
 * {@code kek = PBKDF2-HMAC-SHA1(k1, SALT, ITER, 32)}. Keybags from before iOS 10.2 have no DPSL and skip the first
 * step. With Apple's ≈10 million DPIC rounds this takes seconds, so callers derive once and keep the class keys.
 */
public final class BackupKeyDerivation {
    private static final Logger LOG = LoggerFactory.getLogger(BackupKeyDerivation.class);
    private static final int KEY_LENGTH = 32;

    private BackupKeyDerivation() {}

    public static byte[] keyEncryptionKey(char[] password, KeyBag bag) throws EncryptedBackupException {
        return keyEncryptionKey(password, bag, Ticker.SYSTEM);
    }

    /** As {@link #keyEncryptionKey(char[], KeyBag)}; {@code ticker} times the derivation for the log line. */
    public static byte[] keyEncryptionKey(char[] password, KeyBag bag, Ticker ticker) throws EncryptedBackupException {
        long started = ticker.nanos();
        byte[] passwordBytes = utf8(password);
        byte[] firstStep = null;
        try {
            firstStep = bag.dpSalt() == null
                    ? passwordBytes
                    : Pbkdf2.hmacSha256(passwordBytes, bag.dpSalt(), bag.dpIterations(), KEY_LENGTH);
            byte[] kek = Pbkdf2.hmacSha1(firstStep, bag.salt(), bag.iterations(), KEY_LENGTH);
            LOG.info(
                    "Derived the backup key in {} ms (DPIC={}, ITER={})",
                    ticker.millisSince(started),
                    bag.dpIterations(),
                    bag.iterations());
            return kek;
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
            if (firstStep != null) {
                Arrays.fill(firstStep, (byte) 0);
            }
        }
    }

    private static byte[] utf8(char[] password) throws EncryptedBackupException {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(password));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            return bytes;
        } catch (CharacterCodingException e) {
            throw new EncryptedBackupException("the password is not valid UTF-16 text (unpaired surrogate)", e);
        }
    }
}
