package imbridge.matrix;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Percent-encoding for path segments and query values. {@code URLEncoder} is form encoding (space as
 * {@code +}) and would turn the {@code +} of {@code tel:+1555…} ghosts into a space on the server.
 */
final class Urls {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Urls() {}

    /** Encodes every byte outside RFC 3986's unreserved set. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte raw : value.getBytes(StandardCharsets.UTF_8)) {
            int b = raw & 0xff;
            if ((b >= 'a' && b <= 'z')
                    || (b >= 'A' && b <= 'Z')
                    || (b >= '0' && b <= '9')
                    || b == '-'
                    || b == '.'
                    || b == '_'
                    || b == '~') {
                out.append((char) b);
            } else {
                out.append('%').append(HEX.toHexDigits((byte) b));
            }
        }
        return out.toString();
    }

    /** {@code ?k=v&…} with encoded values, or an empty string for no parameters. */
    static String query(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringJoiner joiner = new StringJoiner("&", "?", "");
        params.forEach((k, v) -> joiner.add(encode(k) + "=" + encode(v)));
        return joiner.toString();
    }
}
