package imbridge.sim.cloudkit;

/** The text a message's text part carries: trimmed body, with the subject in bold when there is one. */
final class MessageBody {

    /** U+FFFC OBJECT REPLACEMENT CHARACTER: iMessage's inline placeholder for an attachment. */
    static final char OBJECT_REPLACEMENT = '\uFFFC';

    private MessageBody() {}

    static String of(String text, String subject) {
        String body = trim(text == null ? "" : text);
        if (subject == null || subject.isEmpty()) {
            return body;
        }
        return body.isEmpty() ? subject : "**" + subject + "**\n" + body;
    }

    /** Strips spaces, newlines and U+FFFC from both ends. */
    static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isTrimmed(text.charAt(start))) {
            start++;
        }
        while (end > start && isTrimmed(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isTrimmed(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == OBJECT_REPLACEMENT;
    }
}
