package imbridge.applelocal.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.applelocal.backup.PlainBackupFiles;
import imbridge.core.model.ContactCard;
import imbridge.sim.apple.AppleExport;
import imbridge.sim.cloudkit.AssetBytes;
import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.DatasetGenerator;
import imbridge.sim.cloudkit.SimProfile;
import imbridge.sim.cloudkit.Truth;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The readers on the simulator's account written as a Mac home and as an iPhone backup: every ghost's name and
 * photo and every DM's name come out as the simulator's truth says (spread over two Mac databases, numbers typed
 * every way, e-mails in mixed case, shared numbers, thumbnails and full images).
 */
class SimulatedAddressBookTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"chatdb", "ios-backup"})
    void everyGhostAndDmNameMatchesTheTruth(String kind) throws Exception {
        Dataset dataset = new DatasetGenerator(5, 14, 1_500, SimProfile.FULL, Duration.ofSeconds(3)).generate();
        AppleExport export = AppleExport.write(dataset, kind, tmp.resolve(kind));
        Truth truth = export.truth();

        ContactDirectory directory;
        if (kind.equals("chatdb")) {
            directory = ContactBooks.mac(tmp.resolve(kind), tmp.resolve("work"), ContactDirectory.Settings.DEFAULTS);
        } else {
            try (PlainBackupFiles files = PlainBackupFiles.open(tmp.resolve(kind), tmp.resolve("work"))) {
                directory = ContactBooks.iosBackup(files, tmp.resolve("work"), ContactDirectory.Settings.DEFAULTS);
            }
        }

        assertThat(truth.ghosts()).hasSizeGreaterThan(10);
        for (Truth.Ghost ghost : truth.ghosts()) {
            ContactCard card = directory.lookup(ghost.handle()).orElseThrow();
            assertThat(card.displayName()).as(ghost.handle()).isEqualTo(ghost.displayName());
            assertThat(card.hasPhoto() ? AssetBytes.sha256Hex(card.photo()) : null)
                    .as(ghost.handle())
                    .isEqualTo(ghost.avatarSha256());
        }
        truth.portals().stream()
                .filter(p -> p.kind().equals("dm"))
                .forEach(dm -> assertThat(directory
                                .lookup(dm.members().getFirst())
                                .orElseThrow()
                                .contactName())
                        .as(dm.portalId())
                        .isEqualTo(dm.name()));
        assertThat(truth.ghosts()).anyMatch(g -> g.avatarSha256() != null);
    }
}
