package imbridge.matrix;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Maps remote handles to ghost MXIDs and back (behaviour.md §BF6.1): {@code @<prefix><encoded>:<domain>}
 * where the encoding keeps {@code [a-z0-9.\-+]}, writes an upper-case letter as {@code _} + lower-case,
 * {@code _} as {@code __} and every other UTF-8 byte as {@code =xx} (lower-case hex).
 *
 * <p>The verifier keeps its own copy of this codec ({@code imbridge.app.verify.LocalpartCodec}) on purpose: an oracle
 * that reused this code could not catch a bug in it.
 */
public final class GhostNames {
    private static final HexFormat HEX = HexFormat.of();

    private final String prefix;
    private final String domain;

    public GhostNames(String prefix, String domain) {
        if (prefix == null || prefix.isEmpty() || domain == null || domain.isEmpty()) {
            throw new IllegalArgumentException("ghost prefix and domain are required");
        }
        this.prefix = prefix;
        this.domain = domain;
    }

    public static GhostNames of(MatrixConfig cfg) {
        return new GhostNames(cfg.ghostPrefix(), cfg.domain());
    }

    /** The ghost MXID of a remote handle. */
    public String userId(String handle) {
        if (handle == null || handle.isEmpty()) {
            throw new IllegalArgumentException("a ghost needs a non-empty handle");
        }
        return "@" + localpart(handle) + ":" + domain;
    }

    /** The ghost's localpart (what {@code /register} takes as {@code username}). */
    public String localpart(String handle) {
        return prefix + encodeLocalpart(handle);
    }

    /** The handle behind a ghost MXID, or empty if the MXID is not one of our ghosts. */
    public Optional<String> handle(String userId) {
        String start = "@" + prefix;
        String end = ":" + domain;
        if (userId == null
                || !userId.startsWith(start)
                || !userId.endsWith(end)
                || userId.length() <= start.length() + end.length()) {
            return Optional.empty();
        }
        try {
            return Optional.of(decodeLocalpart(userId.substring(start.length(), userId.length() - end.length())));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    public static String encodeLocalpart(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte raw : s.getBytes(StandardCharsets.UTF_8)) {
            int b = raw & 0xff;
            if (isKept(b)) {
                out.append((char) b);
            } else if (b >= 'A' && b <= 'Z') {
                out.append('_').append((char) (b + ('a' - 'A')));
            } else if (b == '_') {
                out.append("__");
            } else {
                out.append('=').append(HEX.toHexDigits((byte) b));
            }
        }
        return out.toString();
    }

    /**
     * Inverse of {@link #encodeLocalpart}. Only the canonical encoding is accepted, so every ghost
     * localpart maps to exactly one handle; anything else is an {@link IllegalArgumentException}.
     */
    public static String decodeLocalpart(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c < 0x80 && isKept(c)) {
                bytes.write(c);
                i++;
            } else if (c == '_' && i + 1 < s.length() && s.charAt(i + 1) == '_') {
                bytes.write('_');
                i += 2;
            } else if (c == '_' && i + 1 < s.length() && s.charAt(i + 1) >= 'a' && s.charAt(i + 1) <= 'z') {
                bytes.write(s.charAt(i + 1) - ('a' - 'A'));
                i += 2;
            } else if (c == '=' && i + 2 < s.length() && isLowerHex(s.charAt(i + 1)) && isLowerHex(s.charAt(i + 2))) {
                bytes.write(java.util.HexFormat.fromHexDigits(s, i + 1, i + 3));
                i += 3;
            } else {
                throw new IllegalArgumentException("not an encoded localpart (bad sequence at " + i + "): " + s);
            }
        }
        String decoded = utf8(bytes.toByteArray(), s);
        if (!encodeLocalpart(decoded).equals(s)) {
            throw new IllegalArgumentException("not the canonical encoding of a handle: " + s);
        }
        return decoded;
    }

    private static boolean isKept(int b) {
        return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '.' || b == '-' || b == '+';
    }

    private static boolean isLowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static String utf8(byte[] bytes, String source) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("encoded localpart is not UTF-8: " + source, e);
        }
    }
}
