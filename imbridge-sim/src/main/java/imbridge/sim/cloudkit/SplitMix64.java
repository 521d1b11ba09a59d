package imbridge.sim.cloudkit;

import java.util.List;
import java.util.UUID;

/**
 * SplitMix64 pseudo-random generator. Written out here (rather than using {@code java.util.Random} and friends)
 * so that datasets stay byte-identical across JDK versions: the algorithm is fixed by this file alone.
 */
final class SplitMix64 {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** An independent stream for one aspect of generation, so aspects don't shift each other's numbers. */
    SplitMix64 fork(String label) {
        return new SplitMix64(mix(nextLong() ^ mix(label.hashCode())));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        int bits;
        int value;
        do {
            bits = (int) (nextLong() >>> 33);
            value = bits % bound;
        } while (bits - value + (bound - 1) < 0);
        return value;
    }

    /** Uniform in [lo, hi] (both inclusive). */
    int nextInt(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    /** Uniform in [0, bound). */
    long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long bits;
        long value;
        do {
            bits = nextLong() >>> 1;
            value = bits % bound;
        } while (bits - value + (bound - 1) < 0);
        return value;
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    boolean chance(double probability) {
        return nextDouble() < probability;
    }

    <T> T pick(List<T> items) {
        return items.get(nextInt(items.size()));
    }

    <T> T pick(T[] items) {
        return items[nextInt(items.length)];
    }

    <T> void shuffle(List<T> items) {
        for (int i = items.size() - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            T tmp = items.get(i);
            items.set(i, items.get(j));
            items.set(j, tmp);
        }
    }

    /** Fills {@code out[from..]} with random bytes. */
    void nextBytes(byte[] out, int from) {
        int i = from;
        while (i < out.length) {
            long word = nextLong();
            for (int b = 0; b < Long.BYTES && i < out.length; b++, i++) {
                out[i] = (byte) word;
                word >>>= 8;
            }
        }
    }

    /** A random version-4 UUID. */
    UUID nextUuid() {
        long msb = (nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** 32 lower-case hex characters, used for record names. */
    String nextHex128() {
        return String.format("%016x%016x", nextLong(), nextLong());
    }
}
