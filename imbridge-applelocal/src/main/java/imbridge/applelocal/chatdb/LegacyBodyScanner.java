package imbridge.applelocal.chatdb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Last-resort text recovery from an {@code attributedBody} the strict typedstream decoder refused
 * (behaviour.md §AL3.8),
 * e.g. a blob cut short after its text. Only a blob with the typedstream header qualifies. The text is the
 * payload of the first {@code "+"} value: the literal shared string {@code 84 01 2B}, then a typedstream
 * integer length and that many UTF-8 bytes. Unlike a scan for an end marker, the length is honoured, so long
 * bodies and texts containing the bytes {@code 86 84} come out whole; a length past the end of a truncated blob
 * takes what is there, minus a cut-off trailing character.
 */
final class LegacyBodyScanner {
    private static final byte[] HEADER = {0x04, 0x0B, 's', 't', 'r', 'e', 'a', 'm', 't', 'y', 'p', 'e', 'd'};
    private static final byte[] PLUS_LITERAL = {(byte) 0x84, 0x01, 0x2B};

    private LegacyBodyScanner() {}

    static Optional<String> text(byte[] blob) {
        if (blob == null
                || blob.length < HEADER.length + PLUS_LITERAL.length
                || !Arrays.equals(blob, 0, HEADER.length, HEADER, 0, HEADER.length)) {
            return Optional.empty();
        }
        int at = indexOf(blob, PLUS_LITERAL, HEADER.length);
        if (at < 0) {
            return Optional.empty();
        }
        int pos = at + PLUS_LITERAL.length;
        if (pos >= blob.length) {
            return Optional.empty();
        }
        int head = blob[pos];
        long length;
        int start;
        if (head == (byte) 0x81 && pos + 2 < blob.length) {
            length = (blob[pos + 1] & 0xFF) | (blob[pos + 2] & 0xFF) << 8;
            start = pos + 3;
        } else if (head == (byte) 0x82 && pos + 4 < blob.length) {
            length = ByteBuffer.wrap(blob, pos + 1, 4)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .getInt()
                    & 0xFFFF_FFFFL;
            start = pos + 5;
        } else if (head >= -110) { // one byte: 0..127, or 146..255 read unsigned
            length = head & 0xFF;
            start = pos + 1;
        } else {
            return Optional.empty();
        }
        int available = blob.length - start;
        boolean truncated = length > available;
        int take = (int) Math.min(length, available);
        return decode(blob, start, take, truncated);
    }

    /** Strict UTF-8; a truncated payload may end inside a character, so up to 3 trailing bytes may be dropped. */
    private static Optional<String> decode(byte[] blob, int start, int length, boolean truncated) {
        int maxTrim = truncated ? Math.min(3, length) : 0;
        for (int trim = 0; trim <= maxTrim; trim++) {
            try {
                return Optional.of(StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(blob, start, length - trim))
                        .toString());
            } catch (CharacterCodingException e) {
                // try one byte shorter (a cut multi-byte character), or give up
            }
        }
        return Optional.empty();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
