package imbridge.sim.apple;

import imbridge.sim.cloudkit.HandleNormalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The account owner's address book (behaviour.md §AL11): contacts for about 70 % of the people the account talks to,
 * with
 * names from the generator (first/last, some with a middle name, a nickname or only a company, one without any
 * name), numbers typed the ways people type them, some with a second number or an e-mail address, photos for
 * some, and two handles claimed by two contacts each (one decided by the ordering index, one by the name). The
 * Mac writer spreads the contacts over "On My Mac" and an iCloud source; the backup writer keeps one database.
 * {@link #expected} restates what a correct bridge shows for a handle, independently of the bridge's code.
 * <p>
 * Over 400 lines because the address book and its independent statement of the expected names must stay side by side
 * to be checked against each other.
 */
public final class SimAddressBook {
    static final double CONTACT_PERCENT = 70;
    private static final String[] FIRST = {
        "Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Niaj", "Olivia",
        "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Zoë", "José", "Anaïs", "Björn", "Chloé", "Émile", "Fatima",
        "Giulia", "Hiro", "Ingrid"
    };
    private static final String[] LAST = {
        "Smith",
        "Jones",
        "García",
        "Miller",
        "Davis",
        "Martínez",
        "Wilson",
        "Anderson",
        "Thomas",
        "Moore",
        "Jackson",
        "Lee",
        "Thompson",
        "White",
        "Harris",
        "Clark",
        "Nguyen",
        "Hill",
        "Green",
        "Adams",
        "Baker",
        "O'Brien",
        "Müller"
    };
    private static final String[] COMPANIES = {"Acme Corp", "Globex", "Initech", "Umbrella Dental", "Soylent Bakery"};

    /** Where a contact's photo is stored: the thumbnail column/table, or the full image (Mac Images/, iOS table). */
    enum PhotoPlace {
        THUMBNAIL,
        FULL_IMAGE
    }

    /**
     * One number or address of a contact.
     *
     * @param typed  as written in the address book ({@code (555) 010-1000}, {@code Alice.Smith@Example.com})
     * @param handle the engine handle a correct reader derives from it ({@code tel:+1…}, {@code mailto:lower})
     */
    record Entry(String typed, String handle, int orderingIndex) {}

    /**
     * One contact.
     *
     * @param onMyMac on a Mac: in the top-level ("On My Mac") database rather than the iCloud source's
     * @param photo   JPEG bytes, or null
     */
    record Contact(
            int id,
            String uniqueId,
            String first,
            String middle,
            String last,
            String nickname,
            String organization,
            List<Entry> phones,
            List<Entry> emails,
            byte[] photo,
            PhotoPlace photoPlace,
            boolean onMyMac) {
        /** "First Last", else nickname, else organization; null without any. */
        String name() {
            String full = (orEmpty(first) + " " + orEmpty(last)).strip();
            if (!full.isEmpty()) {
                return full;
            }
            if (!orEmpty(nickname).isEmpty()) {
                return nickname;
            }
            return orEmpty(organization).isEmpty() ? null : organization;
        }

        private static String orEmpty(String s) {
            return s == null ? "" : s.strip();
        }
    }

    /** What a correct bridge shows for a handle: the ghost's name and avatar, and the DM room's name. */
    public record Expected(String displayName, String contactName, byte[] photo) {}

    private final long seed;
    private final List<Contact> contacts;
    private final Map<String, Contact> byHandle;

    private SimAddressBook(long seed, List<Contact> contacts) {
        this.seed = seed;
        this.contacts = List.copyOf(contacts);
        this.byHandle = chooseOwners(this.contacts);
    }

    /** The address book of the people in {@code plan}: the same plan and seed give the same contacts and photos. */
    static SimAddressBook generate(AppleExportPlan plan) {
        long seed = plan.choiceSeed();
        List<String> people = plan.handles().stream()
                .map(AppleExportPlan.HandleRow::id)
                .filter(id -> !HandleIds.isOwner(id))
                .map(HandleNormalizer::normalize)
                .filter(h -> h.startsWith("tel:+") || h.startsWith("mailto:"))
                .distinct()
                .sorted()
                .toList();
        Set<String> taken = new HashSet<>(people);
        List<Contact> out = new ArrayList<>();
        List<String> withContact = people.stream()
                .filter(h -> Choices.percent(seed, "contact", h, CONTACT_PERCENT))
                .toList();
        for (String handle : withContact) {
            out.add(contact(seed, out.size() + 1, handle, taken));
        }
        addSharedHandles(seed, out, new HashSet<>(people));
        return new SimAddressBook(seed, out);
    }

    /** The seed of the export's choices (names of invented folders derive from it). */
    long seed() {
        return seed;
    }

    /** The contacts in the order a reader meets them within one database (by id). */
    List<Contact> contacts() {
        return contacts;
    }

    /** What a correct bridge shows for {@code handle} (a normalised handle). */
    public Expected expected(String handle) {
        Contact owner = byHandle.get(handle);
        String shown = forPeople(handle);
        if (owner == null) {
            return new Expected(shown, null, null);
        }
        String name = owner.name();
        return new Expected(name == null ? shown : name, name, owner.photo());
    }

    /** How many handles some contact claims. */
    public int matchedHandles() {
        return byHandle.size();
    }

    /** {@code +1 555-010-1000} for a North American number, the address for an e-mail. */
    static String forPeople(String handle) {
        if (handle.startsWith("mailto:")) {
            return handle.substring(7);
        }
        String digits = handle.startsWith("tel:") ? handle.substring(4) : handle;
        if (digits.matches("\\+1\\d{10}")) {
            return "+1 " + digits.substring(2, 5) + "-" + digits.substring(5, 8) + "-" + digits.substring(8);
        }
        return digits;
    }

    /** The first contacts take each kind of name (and a second number) in turn, so every account has them all. */
    private static Contact contact(long seed, int id, String handle, Set<String> taken) {
        String key = handle;
        int nameKind = id <= 6 ? id - 1 : Choices.below(seed, "contact-name", key, 20);
        String first = pick(seed, "first", key, FIRST);
        String last = pick(seed, "last", key, LAST);
        String middle = null;
        String nickname = null;
        String organization = Choices.percent(seed, "company", key, 15) ? pick(seed, "company", key, COMPANIES) : null;
        switch (nameKind) {
            case 0 -> { // known by a nickname only
                nickname = first.substring(0, Math.min(3, first.length())) + "y";
                first = null;
                last = null;
            }
            case 1 -> { // a company's number
                organization = pick(seed, "company", key, COMPANIES);
                first = null;
                last = null;
            }
            case 2, 3 -> middle = pick(seed, "middle", key, FIRST);
            case 4 -> last = null;
            case 5 -> { // a bare number (a photo, perhaps, but no name)
                first = null;
                last = null;
                organization = null;
            }
            default -> {}
        }
        List<Entry> phones = new ArrayList<>();
        List<Entry> emails = new ArrayList<>();
        boolean secondFirst = Choices.percent(seed, "second-first", key, 50);
        Entry own = handle.startsWith("tel:")
                ? new Entry(typedNumber(seed, key, handle), handle, 0)
                : new Entry(typedEmail(handle), handle, 0);
        (handle.startsWith("tel:") ? phones : emails).add(own);
        if (id == 7 || id == 8 || Choices.percent(seed, "second-number", key, 20)) {
            String other = inventedNumber(seed, key, taken);
            phones.add(secondFirst ? 0 : phones.size(), new Entry(typedNumber(seed, key + "#2", other), other, 0));
        }
        if (Choices.percent(seed, "email", key, 25) && handle.startsWith("tel:")) {
            String address = "mailto:" + ascii(orDefault(first, "info")).toLowerCase(Locale.ROOT) + "."
                    + Integer.toHexString(id) + "@example.net";
            taken.add(address);
            emails.add(new Entry(typedEmail(address), address, 0));
        }
        byte[] photo = Choices.percent(seed, "photo", key, 35) ? SimPhotos.jpeg(seed, key) : null;
        return new Contact(
                id,
                uniqueId(seed, key),
                first,
                middle,
                last,
                nickname,
                organization,
                reindexed(phones),
                reindexed(emails),
                photo,
                Choices.percent(seed, "photo-place", key, 50) ? PhotoPlace.THUMBNAIL : PhotoPlace.FULL_IMAGE,
                Choices.percent(seed, "on-my-mac", key, 35));
    }

    /**
     * Two handles claimed twice: a named contact listing the first one at ordering index 0 beats its owner listing
     * it at 1 or more; and a nameless card listing the second one at index 0 loses to its named owner.
     */
    private static void addSharedHandles(long seed, List<Contact> out, Set<String> people) {
        List<Contact> phoneOwners = out.stream()
                .filter(c -> c.phones().stream().anyMatch(e -> people.contains(e.handle())))
                .toList();
        if (phoneOwners.size() < 2) {
            return;
        }
        Contact a = phoneOwners.get(0);
        Entry aPhone = accountNumber(a, people);
        Contact ownerOfA = withOrderingIndex(a, aPhone, Math.max(1, a.phones().size()));
        out.set(out.indexOf(a), ownerOfA);
        out.add(new Contact(
                out.size() + 1,
                uniqueId(seed, "shared-1"),
                "Reception",
                null,
                "Desk",
                null,
                null,
                List.of(new Entry(typedNumber(seed, "shared-1", aPhone.handle()), aPhone.handle(), 0)),
                List.of(),
                null,
                PhotoPlace.THUMBNAIL,
                !ownerOfA.onMyMac()));
        Contact b = phoneOwners.get(1);
        Entry bPhone = accountNumber(b, people);
        out.add(new Contact(
                out.size() + 1,
                uniqueId(seed, "shared-2"),
                null,
                null,
                null,
                null,
                null,
                List.of(new Entry(typedNumber(seed, "shared-2", bPhone.handle()), bPhone.handle(), 0)),
                List.of(),
                SimPhotos.jpeg(seed, "shared-2"),
                PhotoPlace.THUMBNAIL,
                b.onMyMac()));
    }

    /** The contact's number that is one of the account's handles (not an invented second number). */
    private static Entry accountNumber(Contact c, Set<String> people) {
        return c.phones().stream()
                .filter(e -> people.contains(e.handle()))
                .findFirst()
                .orElseThrow();
    }

    private static Contact withOrderingIndex(Contact c, Entry entry, int index) {
        List<Entry> phones = new ArrayList<>();
        for (Entry e : c.phones()) {
            phones.add(e.equals(entry) ? new Entry(e.typed(), e.handle(), index) : e);
        }
        return new Contact(
                c.id(),
                c.uniqueId(),
                c.first(),
                c.middle(),
                c.last(),
                c.nickname(),
                c.organization(),
                phones,
                c.emails(),
                c.photo(),
                c.photoPlace(),
                c.onMyMac());
    }

    /**
     * The bridging rule restated: for each handle the contact with a name wins, then the lowest ordering index,
     * then the one read first (the Mac reads "On My Mac" before its sources; each database by id).
     */
    private static Map<String, Contact> chooseOwners(List<Contact> contacts) {
        record Claim(Contact contact, int orderingIndex, int readOrder) {}
        List<Contact> readOrder = new ArrayList<>(contacts);
        readOrder.sort(Comparator.comparing((Contact c) -> !c.onMyMac()).thenComparingInt(Contact::id));
        Map<String, List<Claim>> claims = new LinkedHashMap<>();
        for (int i = 0; i < readOrder.size(); i++) {
            Contact c = readOrder.get(i);
            for (Entry e : c.phones()) {
                claims.computeIfAbsent(e.handle(), h -> new ArrayList<>()).add(new Claim(c, e.orderingIndex(), i));
            }
            for (Entry e : c.emails()) {
                claims.computeIfAbsent(e.handle(), h -> new ArrayList<>()).add(new Claim(c, e.orderingIndex(), i));
            }
        }
        Map<String, Contact> owners = new LinkedHashMap<>();
        claims.forEach((handle, list) -> owners.put(
                handle,
                list.stream()
                        .min(Comparator.comparing((Claim c) -> c.contact().name() == null)
                                .thenComparingInt(Claim::orderingIndex)
                                .thenComparingInt(Claim::readOrder))
                        .orElseThrow()
                        .contact()));
        return owners;
    }

    private static List<Entry> reindexed(List<Entry> entries) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            out.add(new Entry(entries.get(i).typed(), entries.get(i).handle(), i));
        }
        return out;
    }

    /** A {@code tel:+1555…} number written one of the ways people write it. */
    private static String typedNumber(long seed, String key, String handle) {
        String d = handle.substring("tel:+1".length());
        String area = d.substring(0, 3);
        String mid = d.substring(3, 6);
        String end = d.substring(6);
        return switch (Choices.below(seed, "typed-number", key, 5)) {
            case 0 -> "(" + area + ") " + mid + "-" + end;
            case 1 -> "+1 " + area + " " + mid + " " + end;
            case 2 -> area + "." + mid + "." + end;
            case 3 -> "1-" + area + "-" + mid + "-" + end;
            default -> "+1" + d;
        };
    }

    /** An address with capitals where people put them ({@code Alice.Smith@Example.com}). */
    private static String typedEmail(String handle) {
        String address = handle.substring("mailto:".length());
        StringBuilder out = new StringBuilder(address.length());
        boolean start = true;
        for (char ch : address.toCharArray()) {
            out.append(start ? Character.toUpperCase(ch) : ch);
            start = ch == '.' || ch == '@' || ch == '_';
        }
        return out.toString();
    }

    private static String inventedNumber(long seed, String key, Set<String> taken) {
        for (int attempt = 0; ; attempt++) {
            String n = String.format(
                    Locale.ROOT,
                    "tel:+1555%07d",
                    Choices.below(seed, "second-number-digits", key + "#" + attempt, 10_000_000));
            if (taken.add(n)) {
                return n;
            }
        }
    }

    private static String uniqueId(long seed, String key) {
        return Choices.guid(seed, "contact-uid", key) + ":ABPerson";
    }

    private static String pick(long seed, String decision, String key, String[] options) {
        return options[Choices.below(seed, decision, key, options.length)];
    }

    private static String orDefault(String s, String fallback) {
        return s == null ? fallback : s;
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "");
    }
}
