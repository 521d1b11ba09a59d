package imbridge.sim.cloudkit;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Creates distinct remote contacts: +1 555 numbers (never the owner's) and mixed-case email addresses. */
final class PeopleFactory {

    private static final double PHONE_SHARE = 0.65;
    private static final String OWNER_NATIONAL = "5550000001";
    private static final String[] FIRST = {
        "Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Niaj", "Olivia",
        "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter", "Zoë", "José", "Anaïs", "Björn", "Chloé", "Dmitri",
        "Émile", "Fatima", "Giulia", "Hiro", "Ingrid"
    };
    private static final String[] LAST = {
        "Smith",
        "Jones",
        "Garcia",
        "Miller",
        "Davis",
        "Martinez",
        "Lopez",
        "Wilson",
        "Anderson",
        "Thomas",
        "Moore",
        "Jackson",
        "Martin",
        "Lee",
        "Thompson",
        "White",
        "Harris",
        "Clark",
        "Lewis",
        "Walker",
        "Young",
        "Allen",
        "King",
        "Wright",
        "Scott",
        "Nguyen",
        "Hill",
        "Green",
        "Adams",
        "Baker"
    };
    private static final String[] DOMAINS = {
        "Example.com", "iCloud.com", "Gmail.com", "Me.com", "Outlook.com", "Mac.com", "Proton.me", "Fastmail.FM"
    };
    private static final String[] SEPARATORS = {".", "_", ""};

    private PeopleFactory() {}

    static List<Person> create(SplitMix64 rnd, int count) {
        Set<String> taken = new HashSet<>();
        List<Person> people = new ArrayList<>(count);
        while (people.size() < count) {
            Person person = rnd.chance(PHONE_SHARE) ? phone(rnd) : email(rnd);
            if (taken.add(person.handle())) {
                people.add(person);
            }
        }
        return people;
    }

    private static Person phone(SplitMix64 rnd) {
        String national;
        do {
            national = String.format(Locale.ROOT, "555%07d", rnd.nextInt(10_000_000));
        } while (national.equals(OWNER_NATIONAL));
        return new Person(null, national);
    }

    private static Person email(SplitMix64 rnd) {
        String local = ascii(rnd.pick(FIRST)) + rnd.pick(SEPARATORS) + rnd.pick(LAST);
        if (rnd.chance(0.3)) {
            local += rnd.nextInt(1, 99);
        }
        return new Person(local + "@" + rnd.pick(DOMAINS), null);
    }

    /** Addresses stay ASCII (Zoë → Zoe): case-folding non-ASCII mail is not what these tests are about. */
    private static String ascii(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }
}
