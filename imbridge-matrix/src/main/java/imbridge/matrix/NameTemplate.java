package imbridge.matrix;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Fills a name template ({@code {name}}, {@code {handle}}) for a handle. {@code {name}} is the contact's name when the
 * address book has one, else the handle as people write it: an international number formatted by libphonenumber,
 * an e-mail address without {@code mailto:}. A raw {@code tel:+1555…} never reaches a display name.
 */
final class NameTemplate {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private NameTemplate() {}

    /** The template, or {@code fallback} when absent; one without a placeholder would name everyone alike. */
    static String check(String template, String fallback) {
        if (template == null || template.isBlank()) {
            return fallback;
        }
        if (!template.contains("{name}") && !template.contains("{handle}")) {
            throw new IllegalArgumentException(
                    "name template '" + template + "' needs {name} or {handle}, or every ghost would look the same");
        }
        return template;
    }

    /** @param shownName what {@code {name}} stands for; null or blank: the handle as people write it */
    static String render(String template, String handle, String shownName) {
        String name = shownName == null || shownName.isBlank() ? forPeople(handle) : shownName.strip();
        return template.replace("{name}", name).replace("{handle}", handle).strip();
    }

    /** {@code tel:+15551234567} → {@code +1 555-123-4567}; {@code mailto:a@b.c} → {@code a@b.c}; short codes bare. */
    static String forPeople(String handle) {
        if (handle.startsWith("mailto:")) {
            return handle.substring("mailto:".length());
        }
        if (handle.startsWith("tel:+")) {
            String number = handle.substring("tel:".length());
            try {
                return PHONES.format(PHONES.parse(number, null), PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
            } catch (NumberParseException notANumber) {
                return number;
            }
        }
        return handle.startsWith("tel:") ? handle.substring("tel:".length()) : handle;
    }
}
