package imbridge.applelocal.chatdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crafted {@code chat.db} cannot make the bridge read a file outside {@code ~/Library/Messages/Attachments}
 * (docs/security.md): parent hops, absolute paths and symbolic links, against real files in a temporary folder, with
 * a secret file that exists where each escape would lead.
 */
class AttachmentRootEscapeTest {
    @TempDir
    Path dir;

    private Path home;
    private Path root;
    private Path secret;
    private MacAttachmentLocator locator;

    @BeforeEach
    void folders() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        root = Files.createDirectories(home.resolve("Library/Messages/Attachments"));
        secret = Files.writeString(dir.resolve("secret.txt"), "private");
        Files.writeString(home.resolve("Library/Messages/chat.db"), "db");
        Files.writeString(Files.createDirectories(root.resolve("ab/01/G")).resolve("photo.jpg"), "jpeg");
        locator = new MacAttachmentLocator(home);
    }

    @Test
    void parentHopsNeverLeaveTheRoot() {
        for (String stored : new String[] {
            "~/Library/Messages/Attachments/../../../secret.txt",
            "~/Library/Messages/Attachments/ab/01/G/../../../../chat.db",
            "~/Library/Messages/Attachments/../../../../../../../../etc/passwd",
            "Library/Messages/Attachments/../../../secret.txt",
            "../secret.txt",
            "~/../secret.txt",
            root + "/../../../secret.txt"
        }) {
            assertEscape(stored);
        }
    }

    @Test
    void absolutePathsOutsideTheRootAreRefusedAndInsideAreServed() {
        assertEscape(secret.toString());
        assertEscape("/etc/passwd");
        assertEscape(home.resolve("Library/Messages/chat.db").toString());
        assertEscape("~other/Library/Messages/Attachments/ab/01/G/photo.jpg");
        assertEscape("~/Library/Messages/Attachments/ab/\u0000/photo.jpg");

        AttachmentFile inside = locator.locate(root.resolve("ab/01/G/photo.jpg").toString());
        assertThat(inside.present()).isTrue();
        assertThat(locator.locate("~/Library/Messages/Attachments/ab/01/G/./photo.jpg")
                        .present())
                .isTrue();
    }

    @Test
    void symbolicLinksLeadingOutAreRefusedWhetherFileOrFolder() throws Exception {
        Files.createSymbolicLink(root.resolve("ab/01/G/link.jpg"), secret);
        Files.createSymbolicLink(root.resolve("outside"), dir);
        Files.createSymbolicLink(root.resolve("ab/01/G/inside.jpg"), root.resolve("ab/01/G/photo.jpg"));

        assertEscape("~/Library/Messages/Attachments/ab/01/G/link.jpg");
        assertEscape("~/Library/Messages/Attachments/outside/secret.txt");
        assertThat(locator.locate("~/Library/Messages/Attachments/ab/01/G/inside.jpg")
                        .present())
                .as("a link that stays inside the root is served")
                .isTrue();
    }

    private void assertEscape(String stored) {
        AttachmentFile f = locator.locate(stored);
        assertThat(f.present()).as(stored).isFalse();
        assertThat(f.unavailableReason()).as(stored).isEqualTo(LocalReasons.PATH_ESCAPE);
    }
}
