package imbridge.core.attachment;

import imbridge.core.model.CloudAttachment;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Checks downloaded bytes against what the attachment record promises: not empty, its size, its SHA-256. */
final class AssetVerifier {
    private AssetVerifier() {}

    /** @throws IOException the bytes are not the attachment (the attempt counts as failed) */
    static void verify(CloudAttachment attachment, byte[] data) throws IOException {
        if (data.length == 0) {
            throw new IOException("empty data");
        }
        if (attachment.size() > 0 && data.length != attachment.size()) {
            throw new IOException("size " + data.length + " != expected " + attachment.size());
        }
        String expected = attachment.checksumSha256();
        if (expected != null && !expected.isEmpty()) {
            String actual = sha256(data);
            if (!actual.equalsIgnoreCase(expected)) {
                throw new IOException("checksum mismatch");
            }
        }
    }

    /** Lower-case hex SHA-256 of {@code data}. */
    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }
}
