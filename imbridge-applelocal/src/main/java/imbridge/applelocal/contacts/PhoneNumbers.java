package imbridge.applelocal.contacts;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;

/**
 * Phone numbers and e-mail addresses as handles: address-book entries typed any way ({@code (555) 123-4567},
 * {@code +44 7911 123456}) become the engine's {@code tel:+E164} / {@code mailto:lower} keys, and a handle is
 * shown to people as an international number. Numbers without a country code take the configured region's.
 */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final String region;

    /** @throws IllegalArgumentException when {@code region} is not a two-letter region libphonenumber knows */
    public PhoneNumbers(String region) {
        String r = region == null ? "" : region.strip().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(r)) {
            throw new IllegalArgumentException("'" + region + "' is not a known phone region (use a two-letter "
                    + "country code such as US, GB, DE)");
        }
        this.region = r;
    }

    public String region() {
        return region;
    }

    /** The {@code tel:+E164} handle of a number as typed in an address book; empty when it is not a number. */
    public Optional<String> phoneHandle(String typed) {
        return parse(typed).map(n -> "tel:" + UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164));
    }

    /** The {@code mailto:} handle of an address; empty when it is not one. */
    public static Optional<String> emailHandle(String typed) {
        String s = typed == null ? "" : typed.strip();
        if (s.regionMatches(true, 0, "mailto:", 0, 7)) {
            s = s.substring(7);
        }
        int at = s.indexOf('@');
        return at <= 0 || at == s.length() - 1 ? Optional.empty() : Optional.of("mailto:" + s.toLowerCase(Locale.ROOT));
    }

    /**
     * The lookup key of a normalised engine handle: {@code tel:+…} numbers re-normalised the way address-book
     * numbers are, e-mails lower case; anything else (a short code) as it is.
     */
    public String key(String handle) {
        if (handle.startsWith("tel:+")) {
            return phoneHandle(handle.substring(4)).orElse(handle);
        }
        if (handle.startsWith("mailto:")) {
            return emailHandle(handle).orElse(handle);
        }
        return handle;
    }

    /** A handle as people read it: {@code +1 555-123-4567}, {@code alice@example.com}; short codes as digits. */
    public String forPeople(String handle) {
        if (handle.startsWith("mailto:")) {
            return handle.substring(7);
        }
        if (handle.startsWith("tel:+")) {
            return parse(handle.substring(4))
                    .map(n -> UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL))
                    .orElse(handle.substring(4));
        }
        return handle.startsWith("tel:") ? handle.substring(4) : handle;
    }

    private Optional<PhoneNumber> parse(String typed) {
        if (typed == null || typed.isBlank() || typed.contains("@")) {
            return Optional.empty();
        }
        try {
            return Optional.of(UTIL.parse(typed, region));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
