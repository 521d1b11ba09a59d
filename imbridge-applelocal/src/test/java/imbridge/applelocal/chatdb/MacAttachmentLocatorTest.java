package imbridge.applelocal.chatdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MacAttachmentLocatorTest {
    @TempDir
    Path home;

    @Test
    void resolvesTildeAgainstTheConfiguredHome() throws Exception {
        Path f = Files.createDirectories(home.resolve("Library/Messages/Attachments/ab/cd/X"))
                .resolve("a.jpg");
        Files.writeString(f, "x");
        MacAttachmentLocator locator = new MacAttachmentLocator(home);

        AttachmentFile found = locator.locate("~/Library/Messages/Attachments/ab/cd/X/a.jpg");

        assertThat(found.present()).isTrue();
        assertThat(found.path()).isEqualTo(f.toAbsolutePath().normalize());
    }

    @Test
    void refusesOtherHomesParentHopsAndFoldersBesideTheRoot() {
        MacAttachmentLocator locator = new MacAttachmentLocator(home);

        assertThat(locator.locate("~root/Library/Messages/Attachments/a").unavailableReason())
                .isEqualTo(LocalReasons.PATH_ESCAPE);
        assertThat(locator.locate("~/Library/Messages/Attachments/../chat.db").unavailableReason())
                .isEqualTo(LocalReasons.PATH_ESCAPE);
        assertThat(locator.locate("~/Library/Messages/AttachmentsEvil/a").unavailableReason())
                .isEqualTo(LocalReasons.PATH_ESCAPE);
        assertThat(locator.locate("/etc/passwd").unavailableReason()).isEqualTo(LocalReasons.PATH_ESCAPE);
        assertThat(locator.locate("~").unavailableReason()).isEqualTo(LocalReasons.PATH_ESCAPE);
        assertThat(locator.locate(null).unavailableReason()).isEqualTo(LocalReasons.NO_PATH);
        assertThat(locator.locate("~/Library/Messages/Attachments/x/none.jpg").unavailableReason())
                .isEqualTo(LocalReasons.FILE_MISSING);
    }

    @Test
    void refusesASymbolicLinkThatLeadsOutOfTheFolder() throws Exception {
        Path secret = Files.writeString(home.resolve("secret.txt"), "private");
        Path folder = Files.createDirectories(home.resolve("Library/Messages/Attachments/ab"));
        Files.createSymbolicLink(folder.resolve("link.txt"), secret);

        AttachmentFile f = new MacAttachmentLocator(home).locate("~/Library/Messages/Attachments/ab/link.txt");

        assertThat(f.present()).isFalse();
        assertThat(f.unavailableReason()).isEqualTo(LocalReasons.PATH_ESCAPE);
    }
}
