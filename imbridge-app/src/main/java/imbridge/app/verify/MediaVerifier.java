package imbridge.app.verify;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Fetches delivered media (bounded concurrency) and compares size and SHA-256 with the ground truth; a voice message
 * is parsed as Ogg Opus and its packets compared with the voice note's ({@link OggOpusCheck}).
 */
final class MediaVerifier {
    static final int PARALLEL_FETCHES = 8;
    private static final int BUFFER = 64 * 1024;

    private MediaVerifier() {}

    /** For each check, null when the bytes are right, else what is wrong; same order as {@code checks}. */
    static List<String> verify(List<MediaCheck> checks, MediaFetcher fetcher) {
        return BoundedParallel.map(checks, PARALLEL_FETCHES, check -> verifyOne(check, fetcher));
    }

    private static String verifyOne(MediaCheck check, MediaFetcher fetcher) {
        MessageDigest sha = sha256();
        long count = 0;
        java.io.ByteArrayOutputStream kept = check.opus() == null ? null : new java.io.ByteArrayOutputStream();
        try (InputStream in = fetcher.open(check.mxcUri())) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                count += n;
                if (kept != null) {
                    kept.write(buffer, 0, n);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "media " + check.mxcUri() + " unavailable: " + e.getMessage();
        }
        if (kept != null) { // a voice message: Ogg Opus carrying the voice note's packets
            if (count != check.size()) {
                return "media " + check.mxcUri() + " has " + count + " bytes, info.size says " + check.size();
            }
            String problem = OggOpusCheck.problem(kept.toByteArray(), check.opus());
            return problem == null ? null : "media " + check.mxcUri() + ": " + problem;
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (count != check.size()) {
            return "media " + check.mxcUri() + " has " + count + " bytes, expected " + check.size();
        }
        if (!actual.equalsIgnoreCase(check.sha256())) {
            return "media " + check.mxcUri() + " sha256 " + actual + " ≠ expected " + check.sha256();
        }
        return null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
