package imbridge.sim.apple;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.sim.cloudkit.AssetBytes;
import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.GroundTruth;
import imbridge.sim.cloudkit.Truth;
import imbridge.sim.cloudkit.TruthJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The owner's address book as the Mac and the backup hold it, and the ghost profiles the local truth expects. */
class AddressBookExportTest {

    @TempDir
    static Path dir;

    private static AppleExport mac;
    private static AppleExport backup;

    @BeforeAll
    static void write() {
        Dataset dataset = Accounts.full(33, 14, 2_000);
        mac = AppleExport.write(dataset, "chatdb", dir.resolve("home"));
        backup = AppleExport.write(Accounts.full(33, 14, 2_000), "ios-backup", dir.resolve("backup"));
    }

    @Test
    void theMacKeepsContactsInOnMyMacAndAnICloudSourceWithThumbnailsAndImageFiles() throws Exception {
        Path folder = MacAddressBookWriter.folder(dir.resolve("home"));
        List<Path> databases;
        try (Stream<Path> files = Files.walk(folder)) {
            databases = files.filter(p -> p.getFileName().toString().equals(MacAddressBookWriter.DB_NAME))
                    .toList();
        }
        assertThat(databases)
                .hasSize(2)
                .anyMatch(p -> p.getParent().equals(folder))
                .anyMatch(
                        p -> p.getParent().getParent().getFileName().toString().equals("Sources"));
        SimAddressBook book = mac.addressBook();
        long people = 0;
        long thumbnails = 0;
        for (Path db : databases) {
            try (Sql sql = Sql.open(db)) {
                people += sql.count("SELECT COUNT(DISTINCT ZOWNER) FROM ZABCDPHONENUMBER p WHERE NOT EXISTS (SELECT 1 "
                                + "FROM ZABCDEMAILADDRESS e WHERE e.ZOWNER = p.ZOWNER)")
                        + sql.count("SELECT COUNT(DISTINCT ZOWNER) FROM ZABCDEMAILADDRESS");
                for (Object blob : sql.column(
                        "SELECT ZTHUMBNAILIMAGEDATA FROM ZABCDRECORD " + "WHERE ZTHUMBNAILIMAGEDATA IS NOT NULL")) {
                    byte[] bytes = (byte[]) blob;
                    assertThat(bytes[0]).as("the marker byte").isEqualTo((byte) 1);
                    assertThat(bytes[1] & 0xff).as("then a JPEG").isEqualTo(0xff);
                    thumbnails++;
                }
            }
        }
        assertThat(people).isEqualTo(book.contacts().size());
        long imageFiles;
        try (Stream<Path> files = Files.walk(folder)) {
            imageFiles = files.filter(
                            p -> p.getParent().getFileName().toString().equals("Images"))
                    .count();
        }
        assertThat(thumbnails).isPositive();
        assertThat(imageFiles).isPositive();
        assertThat(thumbnails + imageFiles)
                .isEqualTo(
                        book.contacts().stream().filter(c -> c.photo() != null).count());
    }

    @Test
    void theBackupListsItsAddressBookInHomeDomain() throws Exception {
        Path folder = dir.resolve("backup");
        try (Sql manifest = Sql.open(folder.resolve("Manifest.db"))) {
            for (String path : List.of(IosAddressBookWriter.CONTACTS_DB, IosAddressBookWriter.IMAGES_DB)) {
                String id = Choices.sha1Hex("HomeDomain-" + path);
                assertThat(manifest.count(
                                "SELECT COUNT(*) FROM Files WHERE fileID = ? AND domain = 'HomeDomain' "
                                        + "AND relativePath = ? AND flags = 1",
                                id,
                                path))
                        .isEqualTo(1);
                assertThat(folder.resolve(id.substring(0, 2)).resolve(id)).isRegularFile();
            }
        }
        String contactsId = Choices.sha1Hex("HomeDomain-" + IosAddressBookWriter.CONTACTS_DB);
        try (Sql contacts = Sql.open(folder.resolve(contactsId.substring(0, 2)).resolve(contactsId))) {
            assertThat(contacts.count("SELECT COUNT(*) FROM ABPerson"))
                    .isEqualTo(backup.addressBook().contacts().size());
            assertThat(contacts.count("SELECT COUNT(*) FROM ABMultiValue WHERE property = 3"))
                    .isPositive();
            assertThat(contacts.count("SELECT COUNT(*) FROM ABMultiValue WHERE property = 4"))
                    .isPositive();
        }
    }

    @Test
    void aboutSevenInTenPeopleHaveAContactAndTwoHandlesAreClaimedTwice() {
        SimAddressBook book = mac.addressBook();
        Truth truth = mac.truth();
        long matched = truth.ghosts().stream()
                .filter(g -> book.expected(g.handle()).contactName() != null
                        || book.expected(g.handle()).photo() != null)
                .count();
        assertThat((double) matched / truth.ghosts().size()).isBetween(0.5, 0.9);
        Map<String, Long> claims = book.contacts().stream()
                .flatMap(c -> Stream.concat(c.phones().stream(), c.emails().stream()))
                .collect(Collectors.groupingBy(SimAddressBook.Entry::handle, Collectors.counting()));
        assertThat(claims.values().stream().filter(n -> n > 1).count()).isEqualTo(2);
        assertThat(book.contacts())
                .anyMatch(c -> c.phones().size() > 1)
                .anyMatch(c -> c.name() == null)
                .anyMatch(c -> c.first() == null && c.nickname() != null)
                .anyMatch(c -> c.first() == null && c.nickname() == null && c.organization() != null)
                .anyMatch(c -> c.middle() != null);
    }

    @Test
    void theTruthNamesDmsAfterTheirContactAndListsEveryGhostsProfile() {
        Truth truth = mac.truth();
        SimAddressBook book = mac.addressBook();
        Set<String> ghosts = truth.ghosts().stream().map(Truth.Ghost::handle).collect(Collectors.toSet());
        for (Truth.Portal portal : truth.portals()) {
            assertThat(ghosts).containsAll(portal.members());
            if (portal.kind().equals("dm")) {
                assertThat(portal.name())
                        .isEqualTo(book.expected(portal.members().getFirst()).contactName());
            }
        }
        assertThat(truth.portals())
                .anyMatch(p -> p.kind().equals("dm") && p.name() != null)
                .anyMatch(p -> p.kind().equals("dm") && p.name() == null);
        for (Truth.Ghost ghost : truth.ghosts()) {
            assertThat(ghost.handle()).matches("tel:\\+1\\d{10}|mailto:.+");
            SimAddressBook.Expected expected = book.expected(ghost.handle());
            assertThat(ghost.displayName()).isEqualTo(expected.displayName());
            assertThat(ghost.avatarSha256())
                    .isEqualTo(expected.photo() == null ? null : AssetBytes.sha256Hex(expected.photo()));
        }
        assertThat(truth.ghosts())
                .anyMatch(g -> g.avatarSha256() != null)
                .anyMatch(g -> g.displayName().matches("\\+1 \\d{3}-\\d{3}-\\d{4}"));
    }

    @Test
    void onlyTheLocalTruthJsonHasGhosts() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode local = json.readTree(TruthJson.toBytes(mac.truth()));
        JsonNode cloud = json.readTree(TruthJson.toBytes(GroundTruth.compute(Accounts.full(33, 14, 2_000))));

        assertThat(local.path("ghosts").size()).isEqualTo(mac.truth().ghosts().size());
        assertThat(local.path("ghosts").get(0).has("displayName")).isTrue();
        assertThat(cloud.has("ghosts")).isFalse();
    }
}
