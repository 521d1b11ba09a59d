package imbridge.applelocal.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The last-resort text recovery of spec 3.8 for an {@code attributedBody} the strict decoder rejects (truncated or
 * odd blobs): find the first NSString payload by its {@code "+"} type literal and take its bytes. All attributes are
 * lost, so callers log each use.
 *
 * <p>Unlike the byte scan the spec describes, the payload's own length prefix (1, 3 or 5 bytes) is honoured when
 * the blob still holds that many bytes; only a truncated payload is cut at the first {@code 86 84} (end of object,
 * next literal) or at the end of the data. So long bodies and text containing {@code 86 84} inside a character
 * (U+2184) come out whole.
 */
public final class LegacyText {
    /** The tail of the literal shared string "+" ({@code 84 01 2B}): the NSString content follows it. */
    private static final byte[] STRING_TYPE = {0x01, 0x2B};
    /** End of the string object followed by the next literal: where the text of a well-formed body stops. */
    private static final byte[] END_OF_STRING = {(byte) 0x86, (byte) 0x84};

    private LegacyText() {}

    /** The recovered text, or empty when the blob has no string payload or it is empty. */
    public static Optional<String> scan(byte[] blob) {
        if (blob == null) {
            return Optional.empty();
        }
        int typeAt = indexOfPair(blob, STRING_TYPE, 0);
        if (typeAt < 0 || typeAt + STRING_TYPE.length >= blob.length) {
            return Optional.empty();
        }
        int prefixAt = typeAt + STRING_TYPE.length;
        int head = blob[prefixAt] & 0xFF;
        long length;
        int start;
        switch (head) {
            case 0x81 -> {
                length = littleEndian(blob, prefixAt + 1, 2);
                start = prefixAt + 3;
            }
            case 0x82 -> {
                length = littleEndian(blob, prefixAt + 1, 4);
                start = prefixAt + 5;
            }
            default -> {
                length = head < 0x80 ? head : -1;
                start = prefixAt + 1;
            }
        }
        if (start > blob.length) {
            return Optional.empty();
        }
        int end;
        if (length >= 0 && start + length <= blob.length) {
            end = start + (int) length;
        } else {
            int marker = indexOfPair(blob, END_OF_STRING, start);
            end = marker < 0 ? blob.length : marker;
        }
        String text = new String(Arrays.copyOfRange(blob, start, end), StandardCharsets.UTF_8);
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** An unsigned little-endian integer, or -1 when the blob ends first. */
    private static long littleEndian(byte[] blob, int from, int size) {
        if (from + size > blob.length) {
            return -1;
        }
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (blob[from + i] & 0xFF);
        }
        return value;
    }

    private static int indexOfPair(byte[] data, byte[] pair, int from) {
        for (int i = from; i + 1 < data.length; i++) {
            if (data[i] == pair[0] && data[i + 1] == pair[1]) {
                return i;
            }
        }
        return -1;
    }
}
