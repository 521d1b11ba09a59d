package imbridge.applelocal.contacts;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ghost's display name made from a contact ({@code source.ghost_name_template}): placeholders {@code {name}}
 * (the contact's name: "First Last", else nickname, else organization), {@code {first}}, {@code {middle}},
 * {@code {last}}, {@code {nickname}}, {@code {organization}} and {@code {handle}} (the handle formatted for people).
 * Empty placeholders leave no doubled spaces; a template that yields nothing falls back to the contact's name.
 */
public final class NameTemplate {
    public static final String DEFAULT = "{name}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    private static final java.util.Set<String> KNOWN =
            java.util.Set.of("name", "first", "middle", "last", "nickname", "organization", "handle");

    private final String template;

    /** @throws IllegalArgumentException on an unknown placeholder (a typo must not show in every name) */
    public NameTemplate(String template) {
        this.template = template == null || template.isBlank() ? DEFAULT : template;
        Matcher m = PLACEHOLDER.matcher(this.template);
        while (m.find()) {
            if (!KNOWN.contains(m.group(1))) {
                throw new IllegalArgumentException("unknown placeholder {" + m.group(1) + "} in the ghost name "
                        + "template '" + this.template + "'; known: {name} {first} {middle} {last} {nickname} "
                        + "{organization} {handle}");
            }
        }
    }

    /** The display name for a contact matched by a handle shown as {@code formattedHandle}. */
    public String apply(ContactRecord contact, String formattedHandle) {
        Map<String, String> values = Map.of(
                "name", ContactRecord.blankToEmpty(contact.name()),
                "first", ContactRecord.blankToEmpty(contact.first()),
                "middle", ContactRecord.blankToEmpty(contact.middle()),
                "last", ContactRecord.blankToEmpty(contact.last()),
                "nickname", ContactRecord.blankToEmpty(contact.nickname()),
                "organization", ContactRecord.blankToEmpty(contact.organization()),
                "handle", formattedHandle);
        String filled = PLACEHOLDER
                .matcher(template)
                .replaceAll(m -> Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
        String tidy = filled.replaceAll("\\s+", " ").strip();
        if (!tidy.isEmpty()) {
            return tidy;
        }
        String name = contact.name();
        return name == null ? formattedHandle : name;
    }
}
