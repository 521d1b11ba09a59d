package imbridge.applelocal.codec;

/**
 * Checks an XML property list before dd-plist parses it: it must start like XML, nest no deeper than
 * {@link BinaryPlistGuard#MAX_DEPTH} elements (dd-plist recurses once per level, and the JDK's own element-depth
 * limit is off by default before JDK 24) and declare no entities (Apple's plists never do; declared entities are
 * how a few bytes expand into megabytes). The depth count is a scan of the tags, without a parser: markup it does
 * not understand can only make it count deeper, never shallower, so it errs towards refusing.
 */
final class XmlPlistGuard {
    private XmlPlistGuard() {}

    static void check(byte[] data, String what) throws AppleDecodeException {
        int at = skipWhitespaceAndBom(data);
        if (at >= data.length || data[at] != '<') {
            throw new AppleDecodeException(what + ": neither a binary nor an XML property list");
        }
        int depth = 0;
        for (int i = at; i < data.length; i++) {
            if (data[i] != '<' || i + 1 >= data.length) {
                continue;
            }
            byte next = data[i + 1];
            if (next == '!') {
                if (startsWithAt(data, i, "<!ENTITY")) {
                    throw new AppleDecodeException(what + ": XML property list declares entities");
                }
            } else if (next == '/') {
                depth--;
            } else if (next != '?' && !selfClosing(data, i)) {
                depth++;
                if (depth > BinaryPlistGuard.MAX_DEPTH) {
                    throw new AppleDecodeException(
                            what + ": XML property list nested deeper than " + BinaryPlistGuard.MAX_DEPTH);
                }
            }
        }
    }

    /** Whether the tag opening at {@code open} ends with {@code />} (e.g. {@code <true/>}). */
    private static boolean selfClosing(byte[] data, int open) {
        for (int i = open + 1; i < data.length; i++) {
            if (data[i] == '>') {
                return data[i - 1] == '/';
            }
            if (data[i] == '<') {
                return false;
            }
        }
        return false;
    }

    private static int skipWhitespaceAndBom(byte[] data) {
        int at = 0;
        if (data.length >= 3 && (data[0] & 0xFF) == 0xEF && (data[1] & 0xFF) == 0xBB && (data[2] & 0xFF) == 0xBF) {
            at = 3;
        }
        while (at < data.length && Character.isWhitespace(data[at])) {
            at++;
        }
        return at;
    }

    private static boolean startsWithAt(byte[] data, int at, String text) {
        if (at + text.length() > data.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (data[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
