package imbridge.applelocal.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Mac reader on real Core Data SQLite files laid out like {@code ~/Library/Application Support/AddressBook}. */
class MacAddressBookTest {

    @TempDir
    Path tmp;

    private Path home() {
        return tmp.resolve("home");
    }

    private Path top() {
        return MacAddressBook.folder(home()).resolve(MacAddressBook.DB_NAME);
    }

    private Path source(String uuid) {
        return MacAddressBook.folder(home()).resolve("Sources").resolve(uuid).resolve(MacAddressBook.DB_NAME);
    }

    @Test
    void readsEveryAddressBookWithNamesNumbersAddressesAndPhotos() throws Exception {
        byte[] thumbnail = TestJpegs.jpeg(0x336699);
        byte[] imageFile = TestJpegs.png(0x993366);
        try (MacAddressBookFixture onMyMac = MacAddressBookFixture.create(top());
                MacAddressBookFixture icloud = MacAddressBookFixture.create(source("4A1B-ICLOUD"))) {
            onMyMac.person(
                    1,
                    "Alice",
                    "Smith",
                    "Jane",
                    null,
                    null,
                    "AAAA-1111:ABPerson",
                    MacAddressBookFixture.marked(thumbnail));
            onMyMac.phone(1, 1, "+1 (555) 010-2000");
            onMyMac.phone(1, 0, "(555) 010-1000");
            onMyMac.email(1, 0, "Alice.Smith@Example.com");
            onMyMac.person(2, null, null, null, null, "Acme Corp", "BBBB-2222:ABPerson", null);
            onMyMac.phone(2, 0, "555 010 3000");
            onMyMac.person(3, "Nobody", "Reachable", null, null, null, "CCCC-3333:ABPerson", null);
            icloud.person(7, null, null, null, "Bobby", null, "DDDD-4444:ABPerson", null);
            icloud.email(7, 0, "bob@example.org");
            Path images = Files.createDirectories(source("4A1B-ICLOUD").resolveSibling("Images"));
            Files.write(images.resolve("DDDD-4444"), imageFile);

            // the fixtures stay open: what they wrote is still in their -wal, as while Contacts runs
            ContactSkips skips = new ContactSkips();
            List<ContactRecord> records = MacAddressBook.read(home(), tmp.resolve("work"), skips);

            assertThat(records).extracting(ContactRecord::recordId).containsExactly(1L, 2L, 7L);
            ContactRecord alice = records.get(0);
            assertThat(alice.name()).isEqualTo("Alice Smith");
            assertThat(alice.middle()).isEqualTo("Jane");
            assertThat(alice.phones())
                    .containsExactly(
                            new ContactAddress("(555) 010-1000", 0), new ContactAddress("+1 (555) 010-2000", 1));
            assertThat(alice.emails()).containsExactly(new ContactAddress("Alice.Smith@Example.com", 0));
            assertThat(alice.photo().bytes()).isEqualTo(thumbnail);
            assertThat(alice.photo().mime()).isEqualTo("image/jpeg");
            assertThat(records.get(1).name()).isEqualTo("Acme Corp");
            assertThat(records.get(1).photo()).isNull();
            ContactRecord bob = records.get(2);
            assertThat(bob.name()).isEqualTo("Bobby");
            assertThat(bob.source()).isEqualTo(source("4A1B-ICLOUD").toString());
            assertThat(bob.photo().bytes())
                    .as("from Sources/<id>/Images/<ZUNIQUEID prefix>")
                    .isEqualTo(imageFile);
            assertThat(bob.photo().mime()).isEqualTo("image/png");
            assertThat(skips.snapshot()).isEmpty();
        }
    }

    @Test
    void leavesTheContactsFoldersAsTheyWere() throws Exception {
        try (MacAddressBookFixture book = MacAddressBookFixture.create(top())) {
            book.person(1, "Alice", "Smith", null, null, null, "AAAA:ABPerson", null);
            book.phone(1, 0, "5550101000");
        }
        List<String> before = listing(MacAddressBook.folder(home()));
        byte[] database = Files.readAllBytes(top());

        List<ContactRecord> records = MacAddressBook.read(home(), tmp.resolve("work"), new ContactSkips());

        assertThat(records).hasSize(1);
        assertThat(Files.readAllBytes(top())).isEqualTo(database);
        assertThat(listing(MacAddressBook.folder(home())))
                .as("nothing new beside it but SQLite's own -wal/-shm of a read-only open (as with chat.db)")
                .filteredOn(p -> !p.endsWith("-wal") && !p.endsWith("-shm"))
                .isEqualTo(before);
        assertThat(listing(tmp.resolve("work")))
                .as("the private copies are deleted after reading")
                .noneMatch(p -> p.endsWith(".abcddb"));
    }

    @Test
    void anOlderSchemaWithoutNicknameOrThumbnailColumnsIsRead() throws Exception {
        try (MacAddressBookFixture book = MacAddressBookFixture.createWithoutPhotoColumns(top())) {
            book.person(5, "Carol", "Jones", null, null, null, "EEEE:ABPerson", null);
            book.phone(5, 0, "+15550105000");
        }
        Files.write(Files.createDirectories(top().resolveSibling("Images")).resolve("EEEE"), TestJpegs.jpeg(7));

        List<ContactRecord> records = MacAddressBook.read(home(), tmp.resolve("work"), new ContactSkips());

        assertThat(records).singleElement().satisfies(carol -> {
            assertThat(carol.name()).isEqualTo("Carol Jones");
            assertThat(carol.nickname()).isNull();
            assertThat(carol.photo().mime()).isEqualTo("image/jpeg");
        });
    }

    @Test
    void aMalformedAddressBookIsSkippedAndTheOthersAreRead() throws Exception {
        try (MacAddressBookFixture book = MacAddressBookFixture.create(source("GOOD"))) {
            book.person(1, "Dave", null, null, null, null, "FFFF:ABPerson", new byte[] {1, 'n', 'o', 't', 'j', 'p'});
            book.phone(1, 0, "555-010-9000");
        }
        Files.createDirectories(source("NOT-SQLITE").getParent());
        Files.writeString(source("NOT-SQLITE"), "this is no database");
        Files.createDirectories(source("OTHER-SCHEMA").getParent());
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + source("OTHER-SCHEMA"));
                var s = db.createStatement()) {
            s.execute("CREATE TABLE something (x INTEGER)");
        }
        ContactSkips skips = new ContactSkips();

        List<ContactRecord> records = MacAddressBook.read(home(), tmp.resolve("work"), skips);

        assertThat(records).extracting(ContactRecord::name).containsExactly("Dave");
        assertThat(records.getFirst().photo())
                .as("a thumbnail that is no image")
                .isNull();
        assertThat(skips.count(ContactSkips.ADDRESS_BOOK_UNREADABLE)).isEqualTo(2);
        assertThat(skips.count(ContactSkips.PHOTO_UNRECOGNISED)).isEqualTo(1);
    }

    @Test
    void noAddressBookMeansNoContacts() {
        ContactSkips skips = new ContactSkips();

        assertThat(MacAddressBook.read(home(), tmp.resolve("work"), skips)).isEmpty();
        assertThat(skips.snapshot()).isEmpty();
    }

    @Test
    void theImageNameIsTheUniqueIdBeforeItsColonAndNeverAPath() {
        assertThat(MacAddressBook.imageName("5A8E-77:ABPerson")).isEqualTo("5A8E-77");
        assertThat(MacAddressBook.imageName("../../etc/passwd")).isEqualTo("....etcpasswd");
    }

    private static List<String> listing(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
