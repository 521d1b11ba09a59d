package imbridge.applelocal.backup.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;

/**
 * Decrypts a backup's stored file with AES-256-CBC and an all-zero IV, streaming (attachments can be gigabytes).
 * On any failure the partly written target is deleted.
 */
final class AesCbcFiles {
    private static final int BLOCK = 16;
    private static final int CHUNK = 1 << 20;

    private AesCbcFiles() {}

    /** Decrypts and strips PKCS#7 padding; returns the plaintext length. An empty source gives an empty file. */
    static long decryptPadded(Path source, Path target, byte[] key) throws IOException {
        return decrypt(source, target, key, "AES/CBC/PKCS5Padding");
    }

    /** Decrypts every block as it is, padding included; the caller decides what to strip. */
    static long decryptUnpadded(Path source, Path target, byte[] key) throws IOException {
        return decrypt(source, target, key, "AES/CBC/NoPadding");
    }

    private static long decrypt(Path source, Path target, byte[] key, String transformation) throws IOException {
        if (!Files.isRegularFile(source)) {
            throw new EncryptedBackupException(source + " is missing from the backup");
        }
        long sourceSize = Files.size(source);
        if (sourceSize % BLOCK != 0) {
            throw new EncryptedBackupException(
                    source + " is truncated or corrupt: " + sourceSize + " bytes is not a whole number of AES blocks");
        }
        Cipher cipher = cipher(transformation, key);
        long written = 0;
        boolean complete = false;
        try (InputStream in = Files.newInputStream(source);
                OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[CHUNK];
            for (int n; (n = in.read(buffer)) > 0; ) {
                written += write(out, cipher.update(buffer, 0, n));
            }
            if (sourceSize > 0) {
                written += write(out, cipher.doFinal());
            }
            complete = true;
        } catch (BadPaddingException e) {
            throw new EncryptedBackupException(
                    source + " is truncated or corrupt: its last block has no valid padding", e);
        } catch (GeneralSecurityException e) {
            throw new EncryptedBackupException(source + " does not decrypt: " + e.getMessage(), e);
        } finally {
            if (!complete) {
                Files.deleteIfExists(target);
            }
        }
        return written;
    }

    private static int write(OutputStream out, byte[] bytes) throws IOException {
        if (bytes == null) {
            return 0;
        }
        out.write(bytes);
        return bytes.length;
    }

    private static Cipher cipher(String transformation, byte[] key) throws EncryptedBackupException {
        try {
            Cipher cipher = Cipher.getInstance(transformation);
            cipher.init(Cipher.DECRYPT_MODE, AesKeyWrap.aesKey(key), new IvParameterSpec(new byte[BLOCK]));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + transformation, e);
        }
    }
}
