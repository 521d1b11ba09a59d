package imbridge.cloudkit;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Passes bytes through while hashing and counting them; fails as soon as more than the expected size
 * arrives, and at end of stream when the size or SHA-256 differs. A reader that sees -1 has verified bytes.
 */
final class VerifyingInputStream extends InputStream {
    private final InputStream in;
    private final String label;
    private final long expectedSize;
    private final String expectedSha256;
    private final MessageDigest digest;
    private long count;
    private boolean verified;

    VerifyingInputStream(InputStream in, String label, long expectedSize, String expectedSha256) {
        this.in = Objects.requireNonNull(in, "in");
        this.label = label;
        this.expectedSize = expectedSize;
        this.expectedSha256 = Objects.requireNonNull(expectedSha256, "expectedSha256");
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, len);
        if (n == -1) {
            verifyAtEnd();
            return -1;
        }
        count += n;
        if (count > expectedSize) {
            throw new AssetIntegrityException(label + ": more than the expected " + expectedSize + " bytes arrived");
        }
        digest.update(b, off, n);
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void verifyAtEnd() throws AssetIntegrityException {
        if (verified) {
            return;
        }
        if (count != expectedSize) {
            throw new AssetIntegrityException(
                    label + ": size mismatch, expected " + expectedSize + " bytes, got " + count);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            throw new AssetIntegrityException(
                    label + ": SHA-256 mismatch, expected " + expectedSha256 + ", got " + actual);
        }
        verified = true;
    }
}
