package imbridge.core.portal;

import java.util.Locale;

/** Normalises iMessage handles: {@code mailto:<lower>} for emails, {@code tel:+E164} for phones. */
public final class Handles {
    private Handles() {}

    /** Returns the normalised handle, or "" when nothing usable remains. */
    public static String normalize(String raw) {
        if (raw == null) {
            return "";
        }
        String s = raw.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mailto:")) {
            s = s.substring(7);
        } else if (lower.startsWith("tel:")) {
            s = s.substring(4);
        }
        if (s.isEmpty()) {
            return "";
        }
        if (s.contains("@")) {
            return "mailto:" + s.toLowerCase(Locale.ROOT);
        }
        String digits = s.replaceAll("[^0-9]", "");
        if (digits.isEmpty()) {
            return "";
        }
        if (digits.length() == 10) {
            return "tel:+1" + digits;
        }
        if (digits.length() >= 11) {
            return "tel:+" + digits;
        }
        return "tel:" + digits; // short code: left as is
    }
}
