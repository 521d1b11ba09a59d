package imbridge.sim.cloudkit;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The simulator's own handle normalisation (behaviour.md §3.10), written independently of the bridge:
 * emails become {@code mailto:<lower-case>}, phone numbers {@code tel:+<digits>} (10 digits get {@code +1},
 * 11 or more get {@code +}); anything shorter (short codes) is returned as given.
 */
public final class HandleNormalizer {

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private HandleNormalizer() {}

    /** The normalised handle, or "" when {@code raw} is null or blank. */
    public static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return "";
        }
        String value = raw.strip();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mailto:")) {
            String address = lower.substring("mailto:".length());
            return address.isEmpty() ? "" : "mailto:" + address;
        }
        if (lower.startsWith("tel:")) {
            value = value.substring("tel:".length());
        }
        if (value.contains("@")) {
            return "mailto:" + value.toLowerCase(Locale.ROOT);
        }
        String digits = value.replaceAll("[^0-9]", "");
        if (digits.length() == 10) {
            return "tel:+1" + digits;
        }
        if (digits.length() >= 11) {
            return "tel:+" + digits;
        }
        return digits.isEmpty() ? "" : value;
    }

    public static boolean isUuid(String value) {
        return value != null && UUID.matcher(value).matches();
    }
}
