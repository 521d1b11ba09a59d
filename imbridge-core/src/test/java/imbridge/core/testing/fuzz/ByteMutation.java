package imbridge.core.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One edit of a valid input, the kind that reaches a decoder when a file, a blob or an answer is damaged or crafted.
 * Positions are given in ten-thousandths of the input's length, so the same edit applies to inputs of any size and
 * shrinks towards the start. Each edit prints itself, so a shrunk counterexample can be written down as a test.
 */
public sealed interface ByteMutation {
    /** The scale of every position: 0 is the first byte, {@code SCALE} the end. */
    int SCALE = 10_000;

    byte[] apply(byte[] input);

    /** Replaces one byte. */
    record SetByte(int at, byte value) implements ByteMutation {
        @Override
        public byte[] apply(byte[] input) {
            if (input.length == 0) {
                return input;
            }
            byte[] copy = input.clone();
            copy[index(at, input.length - 1)] = value;
            return copy;
        }
    }

    /** Flips one bit. */
    record FlipBit(int at, int bit) implements ByteMutation {
        @Override
        public byte[] apply(byte[] input) {
            if (input.length == 0) {
                return input;
            }
            byte[] copy = input.clone();
            copy[index(at, input.length - 1)] ^= (byte) (1 << (bit & 7));
            return copy;
        }
    }

    /** Inserts bytes. */
    record Insert(int at, byte[] bytes) implements ByteMutation {
        @Override
        public byte[] apply(byte[] input) {
            int from = index(at, input.length);
            return concat(Arrays.copyOf(input, from), bytes, Arrays.copyOfRange(input, from, input.length));
        }

        @Override
        public String toString() {
            return "Insert[at=" + at + ", bytes=" + HexFormat.of().formatHex(bytes) + "]";
        }
    }

    /** Deletes up to {@code count} bytes. */
    record Delete(int at, int count) implements ByteMutation {
        @Override
        public byte[] apply(byte[] input) {
            int from = index(at, input.length);
            int to = Math.min(input.length, from + count);
            return concat(Arrays.copyOf(input, from), Arrays.copyOfRange(input, to, input.length));
        }
    }

    /** Cuts the input short. */
    record Truncate(int at) implements ByteMutation {
        @Override
        public byte[] apply(byte[] input) {
            return Arrays.copyOf(input, index(at, input.length));
        }
    }

    /** Repeats a slice right after itself: a field, an element or a record seen twice. */
    record Duplicate(int at, int length) implements ByteMutation {
        @Override
        public byte[] apply(byte[] input) {
            int from = index(at, input.length);
            int to = Math.min(input.length, from + length);
            byte[] slice = Arrays.copyOfRange(input, from, to);
            return concat(Arrays.copyOf(input, to), slice, Arrays.copyOfRange(input, to, input.length));
        }
    }

    /** Overwrites bytes with an extreme number (all ones, the sign bit, a 2^31 - 1 length) in place. */
    record Overwrite(int at, byte[] bytes) implements ByteMutation {
        @Override
        public byte[] apply(byte[] input) {
            byte[] copy = input.clone();
            int from = index(at, input.length);
            System.arraycopy(bytes, 0, copy, from, Math.min(bytes.length, copy.length - from));
            return copy;
        }

        @Override
        public String toString() {
            return "Overwrite[at=" + at + ", bytes=" + HexFormat.of().formatHex(bytes) + "]";
        }
    }

    private static int index(int at, int length) {
        return (int) ((long) Math.floorMod(at, SCALE + 1) * length / SCALE);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
