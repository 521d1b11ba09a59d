package imbridge.applelocal.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Checks the structure of a {@code bplist00} before dd-plist parses it. dd-plist trusts counts (it allocates an
 * array of the announced size before reading any element) and recurses once per nesting level, so a few hostile
 * bytes could make it allocate gigabytes or overflow the stack. Here every object's announced size is checked
 * against the bytes really present, every reference against the object count, and the reference graph for cycles
 * and depth, all without recursion or allocation beyond the reference lists.
 */
final class BinaryPlistGuard {
    /** Nesting of real Messages plists is below 15 (NSKeyedArchiver flattens its graph); deeper is hostile. */
    static final int MAX_DEPTH = 64;

    private static final byte[] MAGIC = "bplist00".getBytes(StandardCharsets.US_ASCII);
    private static final int TRAILER = 32;

    private final byte[] data;
    private final int offsetSize;
    private final int refSize;
    private final int objectCount;
    private final int topObject;
    private final int tableStart;

    private BinaryPlistGuard(byte[] data) throws AppleDecodeException {
        this.data = data;
        if (data.length < MAGIC.length + 1 + TRAILER || !startsWithMagic(data)) {
            throw fail("not a binary plist (bplist00)");
        }
        int trailer = data.length - TRAILER;
        offsetSize = data[trailer + 6] & 0xFF;
        refSize = data[trailer + 7] & 0xFF;
        long objects = unsigned(trailer + 8, 8);
        long top = unsigned(trailer + 16, 8);
        long table = unsigned(trailer + 24, 8);
        if (offsetSize < 1 || offsetSize > 8 || refSize < 1 || refSize > 8) {
            throw fail("trailer integer sizes " + offsetSize + "/" + refSize);
        }
        if (objects < 1 || objects > trailer || top < 0 || top >= objects) {
            throw fail("trailer object count " + objects + " / top " + top);
        }
        if (table < MAGIC.length + 1 || table > trailer || objects * offsetSize > trailer - table) {
            throw fail("offset table at " + table + " does not fit");
        }
        objectCount = (int) objects;
        topObject = (int) top;
        tableStart = (int) table;
    }

    /** @throws AppleDecodeException when the plist is not a structurally sound, acyclic, shallow bplist00 */
    static void check(byte[] data) throws AppleDecodeException {
        BinaryPlistGuard guard = new BinaryPlistGuard(data);
        int[][] children = new int[guard.objectCount][];
        for (int i = 0; i < guard.objectCount; i++) {
            children[i] = guard.checkObject(i);
        }
        checkDepth(children, guard.topObject);
    }

    /** Validates object {@code index}'s extent and returns the objects it references. */
    private int[] checkObject(int index) throws AppleDecodeException {
        long offset = unsigned(tableStart + (long) index * offsetSize, offsetSize);
        if (offset < MAGIC.length || offset >= tableStart) {
            throw fail("object " + index + " offset " + offset + " outside the object area");
        }
        int at = (int) offset;
        int marker = data[at] & 0xFF;
        int type = marker >> 4;
        int info = marker & 0x0F;
        return switch (type) {
            case 0x0 -> {
                if (info != 0x0 && info != 0x8 && info != 0x9 && info != 0xF) {
                    throw fail("object " + index + " has unknown marker " + Integer.toHexString(marker));
                }
                yield new int[0];
            }
            case 0x1 -> fixed(index, at, info <= 4 ? 1L << info : -1);
            case 0x2 -> fixed(index, at, info == 2 || info == 3 ? 1L << info : -1);
            case 0x3 -> fixed(index, at, info == 3 ? 8 : -1);
            case 0x8 -> fixed(index, at, info + 1L);
            case 0x4, 0x5, 0x7 -> sized(index, at, info, 1);
            case 0x6 -> sized(index, at, info, 2);
            case 0xA, 0xB, 0xC -> references(index, at, info, 1);
            case 0xD -> references(index, at, info, 2);
            default -> throw fail("object " + index + " has unknown type " + Integer.toHexString(type));
        };
    }

    private int[] fixed(int index, int at, long payload) throws AppleDecodeException {
        if (payload < 0) {
            throw fail("object " + index + " has an unsupported size code");
        }
        requireInObjectArea(index, at + 1L + payload);
        return new int[0];
    }

    private int[] sized(int index, int at, int info, int unitSize) throws AppleDecodeException {
        long[] length = length(index, at, info);
        requireInObjectArea(index, length[1] + length[0] * unitSize);
        return new int[0];
    }

    private int[] references(int index, int at, int info, int refsPerEntry) throws AppleDecodeException {
        long[] length = length(index, at, info);
        long refCount = length[0] * refsPerEntry;
        requireInObjectArea(index, length[1] + refCount * refSize);
        int[] refs = new int[(int) refCount];
        for (int i = 0; i < refCount; i++) {
            long ref = unsigned(length[1] + (long) i * refSize, refSize);
            if (ref >= objectCount) {
                throw fail("object " + index + " references object " + ref + " of " + objectCount);
            }
            refs[i] = (int) ref;
        }
        return refs;
    }

    /** {count, offset of the payload}: the count is in the marker or in a following integer object. */
    private long[] length(int index, int at, int info) throws AppleDecodeException {
        if (info != 0x0F) {
            return new long[] {info, at + 1L};
        }
        requireInObjectArea(index, at + 2L);
        int intMarker = data[at + 1] & 0xFF;
        if (intMarker >> 4 != 0x1 || (intMarker & 0x0F) > 3) {
            throw fail("object " + index + " has a malformed length");
        }
        int size = 1 << (intMarker & 0x0F);
        requireInObjectArea(index, at + 2L + size);
        long count = unsigned(at + 2L, size);
        if (count < 0 || count > data.length) {
            throw fail("object " + index + " announces " + count + " entries in a file of " + data.length + " bytes");
        }
        return new long[] {count, at + 2L + size};
    }

    private void requireInObjectArea(int index, long end) throws AppleDecodeException {
        if (end > tableStart) {
            throw fail("object " + index + " runs past the object area");
        }
    }

    /** Longest reference chain from the top object, rejecting cycles; an explicit stack, no recursion. */
    private static void checkDepth(int[][] children, int top) throws AppleDecodeException {
        int[] depth = new int[children.length]; // 0 = not finished
        boolean[] onPath = new boolean[children.length];
        Deque<int[]> path = new ArrayDeque<>(); // {object, next child to visit}
        path.push(new int[] {top, 0});
        onPath[top] = true;
        while (!path.isEmpty()) {
            int[] frame = path.peek();
            int node = frame[0];
            if (frame[1] < children[node].length) {
                int child = children[node][frame[1]++];
                if (onPath[child]) {
                    throw fail("object " + child + " contains itself");
                }
                if (depth[child] == 0) {
                    if (path.size() >= MAX_DEPTH) {
                        throw fail("nested deeper than " + MAX_DEPTH);
                    }
                    onPath[child] = true;
                    path.push(new int[] {child, 0});
                }
                continue;
            }
            int deepest = 0;
            for (int child : children[node]) {
                deepest = Math.max(deepest, depth[child]);
            }
            depth[node] = deepest + 1;
            if (depth[node] > MAX_DEPTH) {
                throw fail("nested deeper than " + MAX_DEPTH);
            }
            onPath[node] = false;
            path.pop();
        }
    }

    /** A big-endian unsigned integer of {@code size} bytes (8-byte values above 2^63 come out negative). */
    private long unsigned(long from, int size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | (data[(int) from + i] & 0xFF);
        }
        return value;
    }

    private static boolean startsWithMagic(byte[] data) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (data[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static AppleDecodeException fail(String message) {
        return new AppleDecodeException("binary plist: " + message);
    }
}
