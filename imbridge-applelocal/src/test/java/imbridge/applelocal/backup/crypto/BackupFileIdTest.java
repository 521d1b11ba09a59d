package imbridge.applelocal.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BackupFileIdTest {
    @Test
    void smsDbHasItsWellKnownFileId() {
        // the fileID every iPhone backup tool looks for (behaviour.md §AL7.1)
        assertThat(BackupFileId.of("HomeDomain", "Library/SMS/sms.db"))
                .isEqualTo("3d0d7e5fb2ce288813306e4d4636395e047a3d28");
    }

    @Test
    void storedUnderItsFirstTwoHexDigits() {
        assertThat(BackupFileId.storedPath(Path.of("b"), "3d0d7e5fb2ce288813306e4d4636395e047a3d28"))
                .isEqualTo(Path.of("b", "3d", "3d0d7e5fb2ce288813306e4d4636395e047a3d28"));
    }
}
