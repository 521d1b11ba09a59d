package imbridge.sim.cloudkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Deterministic attachment content seeded from (dataset seed, record name): a voice note ({@code audio/x-caf}) is a
 * structurally valid CAF file ({@link CafVoiceNote}); other types are a file-type signature for the MIME type
 * followed by pseudo-random bytes. Regenerated on every download so no bytes are kept in memory.
 */
public final class AssetBytes {
    static final String CAF = "audio/x-caf";

    private static final Map<String, byte[]> SIGNATURES = Map.of(
            "image/jpeg",
            new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0},
            "image/png",
            new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
            "image/gif",
            "GIF89a".getBytes(StandardCharsets.US_ASCII),
            "video/mp4",
            new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'},
            "application/pdf",
            "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII),
            CAF,
            "caff".getBytes(StandardCharsets.US_ASCII));

    private AssetBytes() {}

    public static byte[] generate(long seed, String recordName, String mime, int size) {
        SplitMix64 rnd = random(seed, recordName);
        if (CAF.equals(mime) && CafVoiceNote.fits(size)) {
            return CafVoiceNote.generate(rnd, size).bytes();
        }
        byte[] out = new byte[size];
        byte[] signature = SIGNATURES.getOrDefault(mime, new byte[0]);
        int prefix = Math.min(signature.length, size);
        System.arraycopy(signature, 0, out, 0, prefix);
        rnd.nextBytes(out, prefix);
        return out;
    }

    /**
     * For a voice note holding Opus ({@link CafVoiceNote}): its packet count and the SHA-256 of its packets, which a
     * remux to Ogg Opus must carry unchanged; null for every other asset (AAC voice notes included).
     */
    static CafVoiceNote.OpusPackets opusPackets(long seed, String recordName, String mime, int size) {
        if (!CAF.equals(mime) || !CafVoiceNote.fits(size)) {
            return null;
        }
        return CafVoiceNote.generate(random(seed, recordName), size).opus();
    }

    private static SplitMix64 random(long seed, String recordName) {
        return new SplitMix64(SplitMix64.mix(seed ^ fnv1a64(recordName)));
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** A hash fixed by this code (unlike {@link String#hashCode()} it covers the full 64 bits). */
    static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
