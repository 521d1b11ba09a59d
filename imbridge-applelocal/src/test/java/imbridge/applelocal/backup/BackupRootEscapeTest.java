package imbridge.applelocal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.applelocal.chatdb.AttachmentFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crafted iPhone backup cannot make the bridge read a file outside the backup folder (docs/security.md): an
 * {@code sms.db} path is looked up by its hashed file ID, never opened as a path, and a stored file that is a
 * symbolic link, or sits in a folder that links elsewhere, is not handed out.
 */
class BackupRootEscapeTest {
    private static final String DOMAIN = "MediaDomain";

    @TempDir
    Path dir;

    @Test
    void storedFilesThatLinkOutOfTheBackupAreNotRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "private");
        Path outsideFolder = Files.createDirectories(dir.resolve("elsewhere"));
        Path folder;
        String linkedFile = "Library/SMS/Attachments/aa/link.jpg";
        String linkedFolder = "Library/SMS/Attachments/bb/folder.jpg";
        String good = "Library/SMS/Attachments/cc/good.jpg";
        try (BackupFolderFixture b = BackupFolderFixture.plain(dir.resolve("backup"))) {
            Path link = b.store(DOMAIN, linkedFile, bytes("placeholder"));
            Files.delete(link);
            Files.createSymbolicLink(link, secret);

            Path inFolder = b.store(DOMAIN, linkedFolder, bytes("placeholder"));
            Path idFolder = inFolder.getParent();
            Files.move(inFolder, outsideFolder.resolve(inFolder.getFileName()));
            Files.delete(idFolder);
            Files.createSymbolicLink(idFolder, outsideFolder);

            b.store(DOMAIN, good, bytes("jpeg"));
            folder = b.folder();
        }

        try (PlainBackupFiles files = PlainBackupFiles.open(folder, dir.resolve("work"))) {
            BackupAttachmentLocator locator = new BackupAttachmentLocator(files);
            assertThat(files.file(DOMAIN, linkedFile))
                    .as("a stored file that is a link")
                    .isEmpty();
            assertThat(files.file(DOMAIN, linkedFolder))
                    .as("a stored file in a linked folder")
                    .isEmpty();
            assertThat(locator.locate("~/" + linkedFile).present()).isFalse();

            AttachmentFile served = locator.locate("~/" + good);
            assertThat(served.present()).isTrue();
            assertThat(Files.readString(served.path())).isEqualTo("jpeg");
        }
    }

    @Test
    void pathsFromSmsDbNeverNameAFileOutsideTheAttachmentsFolder() {
        for (String stored : new String[] {
            "~/Library/SMS/Attachments/../../../../etc/passwd",
            "~/Library/SMS/Attachments/aa/../../sms.db",
            "/private/var/mobile/Library/SMS/Attachments/../../../../../etc/passwd",
            "/etc/passwd",
            dir.resolve("secret.txt").toString(),
            "~/Library/SMS/Attachments/a\u0000b"
        }) {
            assertThat(BackupAttachmentLocator.relativePath(stored)).as(stored).isEmpty();
        }
    }

    @Test
    void theCheckSeesLinksAndRealLocations() throws Exception {
        Path backup = Files.createDirectories(dir.resolve("b"));
        Path plain =
                Files.writeString(Files.createDirectories(backup.resolve("ab")).resolve("ab01"), "x");
        Path outside = Files.writeString(dir.resolve("o"), "y");
        Path link = Files.createSymbolicLink(backup.resolve("ab/ab02"), outside);
        Path linkedBackup = Files.createSymbolicLink(dir.resolve("backup-link"), backup);

        assertThat(StoredBackupFile.escapes(backup, plain)).isFalse();
        assertThat(StoredBackupFile.escapes(backup, backup.resolve("ab/missing")))
                .isFalse();
        assertThat(StoredBackupFile.escapes(backup, link)).isTrue();
        assertThat(StoredBackupFile.escapes(linkedBackup, linkedBackup.resolve("ab/ab01")))
                .as("a backup folder reached through a link (an external drive) is fine")
                .isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
