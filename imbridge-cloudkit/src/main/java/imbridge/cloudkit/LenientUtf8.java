package imbridge.cloudkit;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a response body as UTF-8 without failing on invalid bytes: each malformed sequence becomes U+FFFD
 * (as a {@link CodingErrorAction#REPLACE REPLACE} decoder would) and the result says whether that happened, so
 * only records of a damaged body are checked for replacement characters (a genuine U+FFFD in a message elsewhere
 * is kept).
 */
final class LenientUtf8 {
    static final char REPLACEMENT = '\uFFFD';

    /** The decoded text, and whether any bytes were not UTF-8. */
    record Decoded(String text, boolean replacedInvalidBytes) {}

    private LenientUtf8() {}

    static Decoded decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never yields more UTF-16 units than bytes, and a replacement stands for at least one byte.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        boolean replaced = false;
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                break;
            }
            if (result.isError()) {
                out.put(REPLACEMENT);
                in.position(in.position() + result.length());
                replaced = true;
            } else {
                throw new IllegalStateException("UTF-8 decoding overflowed a buffer sized to the input: " + result);
            }
        }
        CoderResult flushed = decoder.flush(out);
        if (!flushed.isUnderflow()) {
            try {
                flushed.throwException();
            } catch (CharacterCodingException e) {
                throw new IllegalStateException("UTF-8 decoder could not flush", e);
            }
        }
        out.flip();
        return new Decoded(out.toString(), replaced);
    }
}
