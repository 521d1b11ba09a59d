package imbridge.applelocal.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.ContactCard;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Matching handles to contacts: normalisation, formatting, e-mail case, ambiguity and the name template. */
class ContactDirectoryTest {
    private static final ContactDirectory.Settings US = ContactDirectory.Settings.DEFAULTS;

    private static ContactRecord contact(
            long id, String first, String last, List<ContactAddress> phones, List<ContactAddress> emails) {
        return new ContactRecord("test", id, first, null, last, null, null, phones, emails, null);
    }

    private static List<ContactAddress> numbers(String... typed) {
        return java.util.stream.IntStream.range(0, typed.length)
                .mapToObj(i -> new ContactAddress(typed[i], i))
                .toList();
    }

    @Test
    void numbersTypedAnyWayMatchTheirE164Handle() {
        ContactDirectory directory = new ContactDirectory(
                List.of(contact(1, "Alice", "Smith", numbers("(555) 010-1000", "+1 555.010.2000"), List.of())),
                US,
                new ContactSkips());

        assertThat(directory.lookup("tel:+15550101000"))
                .get()
                .extracting(ContactCard::displayName, ContactCard::contactName)
                .containsExactly("Alice Smith", "Alice Smith");
        assertThat(directory.lookup("tel:+15550102000"))
                .get()
                .extracting(ContactCard::contactName)
                .isEqualTo("Alice Smith");
        assertThat(directory.handles()).isEqualTo(2);
    }

    @Test
    void theDefaultRegionAppliesToNumbersWithoutACountryCode() {
        ContactRecord uk = contact(1, "Harry", "Jones", numbers("07911 123456"), List.of());

        assertThat(new ContactDirectory(List.of(uk), new ContactDirectory.Settings("GB", null), new ContactSkips())
                        .lookup("tel:+447911123456"))
                .get()
                .extracting(ContactCard::contactName)
                .isEqualTo("Harry Jones");
        assertThat(new ContactDirectory(List.of(uk), US, new ContactSkips()).lookup("tel:+447911123456"))
                .get()
                .extracting(ContactCard::contactName)
                .as("read as a US number, it is another one")
                .isNull();
    }

    @Test
    void anUnmatchedHandleIsShownFormattedForPeople() {
        ContactDirectory directory = ContactDirectory.empty(US);

        assertThat(directory.lookup("tel:+15551234567"))
                .get()
                .isEqualTo(new ContactCard("+1 555-123-4567", null, null, null));
        assertThat(directory.lookup("tel:+447911123456").orElseThrow().displayName())
                .isEqualTo("+44 7911 123456");
        assertThat(directory.lookup("mailto:bob@example.org").orElseThrow().displayName())
                .isEqualTo("bob@example.org");
        assertThat(directory.lookup("tel:12345").orElseThrow().displayName())
                .as("a short code")
                .isEqualTo("12345");
        assertThat(directory.lookup("")).isEmpty();
    }

    @Test
    void eMailsMatchWhateverTheirCase() {
        ContactDirectory directory = new ContactDirectory(
                List.of(contact(1, "Bob", null, List.of(), List.of(new ContactAddress("Bob.Builder@Example.ORG", 0)))),
                US,
                new ContactSkips());

        assertThat(directory.lookup("mailto:bob.builder@example.org"))
                .get()
                .extracting(ContactCard::displayName)
                .isEqualTo("Bob");
        assertThat(directory.lookup("mailto:BOB.builder@EXAMPLE.org"))
                .get()
                .extracting(ContactCard::contactName)
                .isEqualTo("Bob");
    }

    @Test
    void aContactWithANameBeatsOneWithoutThenTheLowestOrderingIndexWins() {
        ContactRecord nameless = new ContactRecord(
                "test", 1, null, null, null, null, null, List.of(new ContactAddress("5550101000", 0)), List.of(), null);
        ContactRecord second = contact(
                2,
                "Second",
                "Listed",
                List.of(new ContactAddress("5550101000", 3), new ContactAddress("5550109999", 0)),
                List.of());
        ContactRecord first = contact(3, "First", "Listed", List.of(new ContactAddress("+15550101000", 1)), List.of());
        ContactSkips skips = new ContactSkips();

        ContactDirectory directory = new ContactDirectory(List.of(nameless, second, first), US, skips);

        assertThat(directory.lookup("tel:+15550101000").orElseThrow().contactName())
                .isEqualTo("First Listed");
        assertThat(directory.lookup("tel:+15550109999").orElseThrow().contactName())
                .isEqualTo("Second Listed");
        assertThat(skips.count(ContactSkips.CONTACT_AMBIGUOUS))
                .as("logged once, for the one shared number")
                .isEqualTo(1);
        directory.lookup("tel:+15550101000");
        assertThat(skips.count(ContactSkips.CONTACT_AMBIGUOUS)).isEqualTo(1);
    }

    @Test
    void aNamelessMatchKeepsTheFormattedHandleButBringsItsPhoto() {
        byte[] jpeg = TestJpegs.jpeg(42);
        ContactRecord nameless = new ContactRecord(
                "test",
                1,
                " ",
                null,
                null,
                null,
                null,
                List.of(new ContactAddress("5550101000", 0)),
                List.of(),
                ContactPhoto.of(jpeg).orElseThrow());

        ContactCard card = ContactDirectory.empty(US).lookup("tel:+15550101000").orElseThrow();
        ContactCard matched = new ContactDirectory(List.of(nameless), US, new ContactSkips())
                .lookup("tel:+15550101000")
                .orElseThrow();

        assertThat(card.hasPhoto()).isFalse();
        assertThat(matched.displayName()).isEqualTo("+1 555-010-1000");
        assertThat(matched.contactName()).isNull();
        assertThat(matched.photo()).isEqualTo(jpeg);
        assertThat(matched.photoMime()).isEqualTo("image/jpeg");
    }

    @Test
    void theNameFallsBackToNicknameThenOrganization() {
        ContactRecord nick =
                new ContactRecord("t", 1, null, null, null, "Bobby", "Acme", numbers("5550100001"), List.of(), null);
        ContactRecord org =
                new ContactRecord("t", 2, null, null, null, null, "Acme Corp", numbers("5550100002"), List.of(), null);
        ContactDirectory directory = new ContactDirectory(List.of(nick, org), US, new ContactSkips());

        assertThat(directory.lookup("tel:+15550100001").orElseThrow().displayName())
                .isEqualTo("Bobby");
        assertThat(directory.lookup("tel:+15550100002").orElseThrow().displayName())
                .isEqualTo("Acme Corp");
    }

    @Test
    void theTemplateShapesTheDisplayNameButNotTheContactName() {
        ContactRecord alice = new ContactRecord(
                "t", 1, "Alice", "Jane", "Smith", "Ali", null, numbers("5550100001"), List.of(), null);
        ContactRecord org =
                new ContactRecord("t", 2, null, null, null, null, "Acme", numbers("5550100002"), List.of(), null);
        ContactDirectory directory = new ContactDirectory(
                List.of(alice, org),
                new ContactDirectory.Settings("US", "{last}, {first} {middle} ({handle})"),
                new ContactSkips());

        ContactCard card = directory.lookup("tel:+15550100001").orElseThrow();
        assertThat(card.displayName()).isEqualTo("Smith, Alice Jane (+1 555-010-0001)");
        assertThat(card.contactName()).isEqualTo("Alice Smith");
        assertThat(new ContactDirectory(
                                List.of(org), new ContactDirectory.Settings("US", "{first} {last}"), new ContactSkips())
                        .lookup("tel:+15550100002")
                        .orElseThrow()
                        .displayName())
                .as("a template that yields nothing falls back to the contact's name")
                .isEqualTo("Acme");
    }

    @Test
    void unparseableEntriesAreCountedAndConfigurationMistakesRefused() {
        ContactSkips skips = new ContactSkips();
        new ContactDirectory(
                List.of(contact(1, "X", null, numbers("call me"), List.of(new ContactAddress("@", 0)))), US, skips);

        assertThat(skips.count(ContactSkips.PHONE_UNPARSEABLE)).isEqualTo(1);
        assertThat(skips.count(ContactSkips.EMAIL_UNPARSEABLE)).isEqualTo(1);
        assertThatThrownBy(() -> ContactDirectory.empty(new ContactDirectory.Settings("XX", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XX");
        assertThatThrownBy(() -> ContactDirectory.empty(new ContactDirectory.Settings("US", "{frist}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{frist}");
    }
}
