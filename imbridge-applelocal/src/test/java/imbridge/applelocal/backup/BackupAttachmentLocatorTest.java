package imbridge.applelocal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackupAttachmentLocatorTest {

    @Test
    void storedPathsBecomeMediaDomainRelativePaths() {
        String expected = "Library/SMS/Attachments/ab/12/GUID/IMG_0001.HEIC";
        assertThat(BackupAttachmentLocator.relativePath("~/Library/SMS/Attachments/ab/12/GUID/IMG_0001.HEIC"))
                .contains(expected);
        assertThat(BackupAttachmentLocator.relativePath("/var/mobile/Library/SMS/Attachments/ab/12/GUID/IMG_0001.HEIC"))
                .contains(expected);
        assertThat(BackupAttachmentLocator.relativePath(
                        "/private/var/mobile/Library/SMS/Attachments/ab/12/GUID/IMG_0001.HEIC"))
                .contains(expected);
    }

    @Test
    void pathsOutsideTheAttachmentsFolderAreRefused() {
        for (String escape : new String[] {
            "~/Library/SMS/Attachments/../../SMS/sms.db",
            "~/Library/SMS/AttachmentsX/a",
            "~/Library/SMS/Attachments",
            "/etc/passwd",
            "Library/SMS/Attachments/a.jpg",
            "~/Library/Messages/Attachments/a.jpg",
            "/var/mobile/../../etc/passwd"
        }) {
            assertThat(BackupAttachmentLocator.relativePath(escape)).as(escape).isEmpty();
        }
    }
}
