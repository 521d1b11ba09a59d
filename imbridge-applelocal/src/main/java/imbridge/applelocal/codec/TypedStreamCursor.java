package imbridge.applelocal.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The byte level of a little-endian typedstream (spec 3.1): head bytes, the tagged integer forms and raw byte runs.
 * Every read checks the bytes remaining first, so a length field claiming gigabytes fails here instead of
 * allocating them.
 */
final class TypedStreamCursor {
    /** 2-byte integer follows. */
    static final int TAG_INT16 = -127;
    /** 4-byte integer follows. */
    static final int TAG_INT32 = -126;
    /** 4- or 8-byte IEEE float follows. */
    static final int TAG_FLOAT = -125;
    /** A literal string, object or class follows. */
    static final int TAG_NEW = -124;
    /** Nil string, object or class; ends a superclass chain. */
    static final int TAG_NIL = -123;
    /** End of an object's content. */
    static final int TAG_END = -122;
    /** 8-byte integer follows. */
    static final int TAG_INT64 = -121;
    /** Lowest and highest head values reserved for tags; everything else is a literal one-byte integer. */
    static final int TAG_RANGE_LOW = -128;

    static final int TAG_RANGE_HIGH = -111;
    /** Reference numbers are stored offset by this amount so that the first 110 fit in the byte after the tags. */
    static final int REFERENCE_BASE = -110;

    private final byte[] data;
    private int position;

    TypedStreamCursor(byte[] data, int position) {
        this.data = data;
        this.position = position;
    }

    int position() {
        return position;
    }

    int remaining() {
        return data.length - position;
    }

    /** Consumes one head byte as a signed value. */
    int head() throws AppleDecodeException {
        require(1, "head byte");
        return data[position++];
    }

    /** Consumes one raw byte (types {@code c C B}), signed or not. */
    int rawByte(boolean signed) throws AppleDecodeException {
        require(1, "raw byte");
        byte b = data[position++];
        return signed ? b : b & 0xFF;
    }

    /** Consumes {@code count} raw bytes; the count is checked against the bytes left before any allocation. */
    byte[] bytes(long count, String what) throws AppleDecodeException {
        if (count < 0) {
            throw error("negative length " + count + " for " + what);
        }
        require(count, what);
        byte[] out = Arrays.copyOfRange(data, position, position + (int) count);
        position += (int) count;
        return out;
    }

    /** An integer whose first byte {@code head} was already consumed (tagged forms 81/82/87 or a literal byte). */
    long integer(int head, boolean signed) throws AppleDecodeException {
        switch (head) {
            case TAG_INT16 -> {
                short v = little(2, "2-byte integer").getShort();
                return signed ? v : v & 0xFFFFL;
            }
            case TAG_INT32 -> {
                int v = little(4, "4-byte integer").getInt();
                return signed ? v : v & 0xFFFF_FFFFL;
            }
            case TAG_INT64 -> {
                return little(8, "8-byte integer").getLong();
            }
            default -> {
                if (isTag(head)) {
                    throw error("tag " + hex(head) + " where an integer was expected");
                }
                return signed ? head : head & 0xFF;
            }
        }
    }

    /** A floating-point value of type {@code f} or {@code d}: IEEE after tag 83, else an integer (integral values). */
    double real(int head, boolean isDouble) throws AppleDecodeException {
        if (head == TAG_FLOAT) {
            return isDouble
                    ? little(8, "double").getDouble()
                    : little(4, "float").getFloat();
        }
        return integer(head, true);
    }

    /** A reference number (object or shared-string table index) whose head was already consumed. */
    int reference(int head) throws AppleDecodeException {
        long index = integer(head, true) - REFERENCE_BASE;
        if (index < 0 || index > Integer.MAX_VALUE) {
            throw error("reference number " + index + " out of range");
        }
        return (int) index;
    }

    static boolean isTag(int head) {
        return head >= TAG_RANGE_LOW && head <= TAG_RANGE_HIGH;
    }

    AppleDecodeException error(String message) {
        return new AppleDecodeException("typedstream: " + message + " at offset " + position);
    }

    private ByteBuffer little(int count, String what) throws AppleDecodeException {
        require(count, what);
        ByteBuffer buffer = ByteBuffer.wrap(data, position, count).order(ByteOrder.LITTLE_ENDIAN);
        position += count;
        return buffer;
    }

    private void require(long count, String what) throws AppleDecodeException {
        if (count > remaining()) {
            throw error(what + " needs " + count + " bytes, " + remaining() + " left");
        }
    }

    private static String hex(int head) {
        return String.format("%02X", head & 0xFF);
    }
}
