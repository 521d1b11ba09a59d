package imbridge.applelocal.backup.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBKDF2 (RFC 8018 §5.2) over a byte-string password. The JDK's {@code PBEKeySpec} only takes chars, but the second
 * step of Apple's backup key derivation feeds the raw 32-byte output of the first step in as the password.
 */
public final class Pbkdf2 {
    private Pbkdf2() {}

    public static byte[] hmacSha1(byte[] password, byte[] salt, int iterations, int length) {
        return derive("HmacSHA1", password, salt, iterations, length);
    }

    public static byte[] hmacSha256(byte[] password, byte[] salt, int iterations, int length) {
        return derive("HmacSHA256", password, salt, iterations, length);
    }

    static byte[] derive(String macAlgorithm, byte[] password, byte[] salt, int iterations, int length) {
        if (iterations < 1 || length < 1) {
            throw new IllegalArgumentException("iterations and length must be positive");
        }
        Mac mac = newMac(macAlgorithm, password);
        int blockLength = mac.getMacLength();
        byte[] output = new byte[length];
        byte[] u = new byte[blockLength];
        byte[] block = new byte[blockLength];
        for (int blockIndex = 1, done = 0; done < length; blockIndex++, done += blockLength) {
            mac.update(salt);
            mac.update(new byte[] {
                (byte) (blockIndex >>> 24), (byte) (blockIndex >>> 16), (byte) (blockIndex >>> 8), (byte) blockIndex
            });
            doFinal(mac, u);
            System.arraycopy(u, 0, block, 0, blockLength);
            for (int round = 1; round < iterations; round++) {
                mac.update(u);
                doFinal(mac, u);
                for (int i = 0; i < blockLength; i++) {
                    block[i] ^= u[i];
                }
            }
            System.arraycopy(block, 0, output, done, Math.min(blockLength, length - done));
        }
        Arrays.fill(u, (byte) 0);
        Arrays.fill(block, (byte) 0);
        return output;
    }

    private static Mac newMac(String algorithm, byte[] password) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            // SecretKeySpec refuses an empty key; HMAC zero-pads keys to its block size, so one zero byte is the
            // same key as none.
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, algorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    private static void doFinal(Mac mac, byte[] into) {
        try {
            mac.doFinal(into, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MAC output buffer too short", e);
        }
    }
}
