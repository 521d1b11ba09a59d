package imbridge.applelocal.contacts;

import imbridge.core.model.ContactCard;
import imbridge.core.port.ContactBook;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The person's address book as a {@link ContactBook}: every phone number (normalised to E.164 with the configured
 * region) and e-mail address (lower case) of every contact, mapped to the contact that owns it. When several
 * contacts claim one handle the one with a name wins, then the one listing it at the lowest ordering index, then
 * the one read first; the choice is logged once. A handle no contact claims still gets a card: the handle
 * formatted for people ({@code +1 555-123-4567}), without a contact name or photo. Immutable after construction.
 */
public final class ContactDirectory implements ContactBook {
    private static final Logger log = LoggerFactory.getLogger(ContactDirectory.class);

    /**
     * @param region       the phone region of numbers written without a country code (e.g. {@code US})
     * @param nameTemplate the ghost display name ({@link NameTemplate}); null or blank = {@value NameTemplate#DEFAULT}
     */
    public record Settings(String region, String nameTemplate) {
        public static final String DEFAULT_REGION = "US";
        public static final Settings DEFAULTS = new Settings(DEFAULT_REGION, NameTemplate.DEFAULT);
    }

    private record Claim(ContactRecord contact, int orderingIndex, int sequence) {}

    private static final Comparator<Claim> PREFERRED = Comparator.comparing(
                    (Claim c) -> c.contact().name() == null)
            .thenComparingInt(Claim::orderingIndex)
            .thenComparingInt(Claim::sequence);

    private final PhoneNumbers numbers;
    private final NameTemplate template;
    private final Map<String, ContactRecord> byHandle;
    private final int contacts;

    /** @throws IllegalArgumentException on an unknown region or a bad template (configuration errors) */
    public ContactDirectory(List<ContactRecord> records, Settings settings, ContactSkips skips) {
        this.numbers = new PhoneNumbers(settings.region());
        this.template = new NameTemplate(settings.nameTemplate());
        this.contacts = records.size();
        Map<String, List<Claim>> claims = new LinkedHashMap<>();
        int sequence = 0;
        for (ContactRecord record : records) {
            for (ContactAddress phone : record.phones()) {
                Optional<String> handle = numbers.phoneHandle(phone.value());
                if (handle.isEmpty()) {
                    skips.record(ContactSkips.PHONE_UNPARSEABLE, describe(record), "'" + phone.value() + "'");
                    continue;
                }
                claims.computeIfAbsent(handle.get(), h -> new ArrayList<>())
                        .add(new Claim(record, phone.orderingIndex(), sequence));
            }
            for (ContactAddress email : record.emails()) {
                Optional<String> handle = PhoneNumbers.emailHandle(email.value());
                if (handle.isEmpty()) {
                    skips.record(ContactSkips.EMAIL_UNPARSEABLE, describe(record), "'" + email.value() + "'");
                    continue;
                }
                claims.computeIfAbsent(handle.get(), h -> new ArrayList<>())
                        .add(new Claim(record, email.orderingIndex(), sequence));
            }
            sequence++;
        }
        Map<String, ContactRecord> chosen = HashMap.newHashMap(claims.size());
        claims.forEach((handle, list) -> {
            Claim best = list.stream().min(PREFERRED).orElseThrow();
            long owners = list.stream().map(Claim::sequence).distinct().count();
            if (owners > 1) {
                skips.record(
                        ContactSkips.CONTACT_AMBIGUOUS,
                        "handle " + handle,
                        owners + " contacts list it; using " + describe(best.contact()));
            }
            chosen.put(handle, best.contact());
        });
        this.byHandle = Map.copyOf(chosen);
        log.info("contacts: {} contacts, {} handles (phone region {})", contacts, byHandle.size(), numbers.region());
    }

    /** No address book: every handle is shown formatted for people. */
    public static ContactDirectory empty(Settings settings) {
        return new ContactDirectory(List.of(), settings, new ContactSkips());
    }

    @Override
    public Optional<ContactCard> lookup(String handle) {
        if (handle == null || handle.isBlank()) {
            return Optional.empty();
        }
        String shown = numbers.forPeople(handle);
        ContactRecord contact = byHandle.get(numbers.key(handle));
        if (contact == null) {
            return Optional.of(new ContactCard(shown, null, null, null));
        }
        ContactPhoto photo = contact.photo();
        return Optional.of(new ContactCard(
                template.apply(contact, shown),
                contact.name(),
                photo == null ? null : photo.bytes(),
                photo == null ? null : photo.mime()));
    }

    /** Contacts read (with or without a usable handle). */
    public int contacts() {
        return contacts;
    }

    /** Distinct handles that a contact claims. */
    public int handles() {
        return byHandle.size();
    }

    private static String describe(ContactRecord record) {
        String name = record.name();
        return "contact " + record.recordId() + (name == null ? " (no name)" : " '" + name + "'") + " of "
                + record.source();
    }
}
