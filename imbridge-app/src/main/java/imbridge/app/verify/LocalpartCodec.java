package imbridge.app.verify;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The user-localpart encoding of behaviour.md §BF6.1, written here independently of the bridge's code:
 * {@code A}→{@code _a} for upper-case ASCII letters, {@code _}→{@code __}, {@code [a-z0-9.\-+]} kept, every
 * other UTF-8 byte → {@code =xx} (lower-case hex).
 *
 * <p>Twin of {@link imbridge.matrix.GhostNames}'s codec on purpose: the verifier is an oracle for the bridge, so it
 * must not reuse the code it checks.
 */
public final class LocalpartCodec {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LocalpartCodec() {}

    public static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isKept(c)) {
                out.append((char) c);
            } else if (c >= 'A' && c <= 'Z') {
                out.append('_').append((char) (c + ('a' - 'A')));
            } else if (c == '_') {
                out.append("__");
            } else {
                out.append('=').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * The exact inverse of {@link #encode}: anything {@code encode} would not have produced (stray {@code _},
     * upper-case letters or hex, escapes of kept characters, invalid UTF-8) is rejected.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        int i = 0;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c == '_') {
                char next = i + 1 < encoded.length() ? encoded.charAt(i + 1) : 0;
                if (next == '_') {
                    bytes.write('_');
                } else if (next >= 'a' && next <= 'z') {
                    bytes.write(next - ('a' - 'A'));
                } else {
                    throw invalid(encoded, i, "'_' must be followed by '_' or a lower-case letter");
                }
                i += 2;
            } else if (c == '=') {
                int hi = i + 1 < encoded.length() ? hexValue(encoded.charAt(i + 1)) : -1;
                int lo = i + 2 < encoded.length() ? hexValue(encoded.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) {
                    throw invalid(encoded, i, "'=' must be followed by two lower-case hex digits");
                }
                bytes.write(hi << 4 | lo);
                i += 3;
            } else if (c < 0x80 && isKept(c)) {
                bytes.write(c);
                i++;
            } else {
                throw invalid(encoded, i, "character '" + c + "' is never produced by the encoding");
            }
        }
        String decoded = utf8(bytes.toByteArray(), encoded);
        if (!encode(decoded).equals(encoded)) {
            throw new IllegalArgumentException("'" + encoded + "' is not the canonical encoding of '" + decoded
                    + "' (that is '" + encode(decoded) + "')");
        }
        return decoded;
    }

    private static boolean isKept(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    private static String utf8(byte[] bytes, String encoded) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("'" + encoded + "' decodes to invalid UTF-8", e);
        }
    }

    private static IllegalArgumentException invalid(String encoded, int index, String why) {
        return new IllegalArgumentException("invalid encoded localpart '" + encoded + "' at " + index + ": " + why);
    }
}
