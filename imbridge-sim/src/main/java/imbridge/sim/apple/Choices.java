package imbridge.sim.apple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The export's deterministic decisions: a 64-bit hash of (dataset seed, what is decided, which record), so every
 * choice depends on the seed and the record alone, never on iteration order or on the other records.
 */
final class Choices {

    private Choices() {}

    static long hash(long seed, String decision, String key) {
        long h = 0xcbf29ce484222325L ^ mix(seed);
        for (byte b : (decision + '\0' + key).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** True for about {@code percent} % of keys. */
    static boolean percent(long seed, String decision, String key, double percent) {
        return unit(seed, decision, key) * 100 < percent;
    }

    /** Uniform in [0, 1). */
    static double unit(long seed, String decision, String key) {
        return (hash(seed, decision, key) >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    static int below(long seed, String decision, String key, int bound) {
        return (int) Math.floorMod(hash(seed, decision, key), (long) bound);
    }

    /** The {@code count} keys with the lowest hashes (a seeded sample that does not depend on the keys' order). */
    static List<String> lowest(long seed, String decision, List<String> keys, long count) {
        record Hashed(long hash, String key) {}
        return keys.stream()
                .map(k -> new Hashed(hash(seed, decision, k), k))
                .sorted(Comparator.comparingLong(Hashed::hash).thenComparing(Hashed::key))
                .limit(count)
                .map(Hashed::key)
                .toList();
    }

    /** An upper-case UUID (Apple's GUID form) for something the simulator invents. */
    static String guid(long seed, String decision, String key) {
        long msb = (hash(seed, decision, key + "#1") & ~0xF000L) | 0x4000L;
        long lsb = (hash(seed, decision, key + "#2") & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString().toUpperCase(java.util.Locale.ROOT);
    }

    static String sha1Hex(String text) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JDK", e);
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
