package imbridge.applelocal.chatdb;

/**
 * Apple's in-text placeholders: U+FFFC stands where an attachment sits, U+FFFD where an app balloon sits. They
 * are never part of the text a person wrote.
 */
final class Placeholders {
    static final char ATTACHMENT = '\uFFFC';
    static final char BALLOON = '\uFFFD';

    private Placeholders() {}

    static String strip(String text) {
        if (text == null || (text.indexOf(ATTACHMENT) < 0 && text.indexOf(BALLOON) < 0)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ATTACHMENT && c != BALLOON) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The text without placeholders, or null when nothing is left. */
    static String visible(String text) {
        String s = strip(text);
        return s == null || s.isEmpty() ? null : s;
    }
}
