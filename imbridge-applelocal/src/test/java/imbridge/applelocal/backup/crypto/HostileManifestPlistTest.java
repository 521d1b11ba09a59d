package imbridge.applelocal.backup.crypto;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSDictionary;
import imbridge.applelocal.backup.BackupManifest;
import imbridge.applelocal.backup.IosBackupException;
import imbridge.applelocal.codec.PlistObjectEdit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counterexamples {@link BackupBlobFuzzTest} found, shrunk, kept as examples: dd-plist used directly let a
 * Manifest.plist or an MBFile record overflow the stack or demand gigabytes.
 */
class HostileManifestPlistTest {
    private static final byte[] HUGE_ARRAY_HEADER = {(byte) 0xAF, 0x12, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    @TempDir
    Path folder;

    @Test
    void anAsciiPlistNested2352DeepIsRefusedInsteadOfOverflowingTheStack() throws Exception {
        Path manifest = write("(".repeat(2352).getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> BackupManifest.read(manifest))
                .isInstanceOf(IosBackupException.class)
                .hasMessageContaining("neither a binary nor an XML property list");
        assertThatThrownBy(() -> EncryptedManifestPlist.read(manifest)).isInstanceOf(EncryptedBackupException.class);
    }

    @Test
    void aBinaryManifestWhoseRootClaims2GigaEntriesIsRefusedBeforeAllocating() throws Exception {
        NSDictionary plist = new NSDictionary();
        plist.put("IsEncrypted", true);
        plist.put("Version", "10.0");
        Path manifest =
                write(new PlistObjectEdit(0, HUGE_ARRAY_HEADER).apply(BinaryPropertyListWriter.writeToArray(plist)));

        assertThatThrownBy(() -> BackupManifest.read(manifest))
                .isInstanceOf(IosBackupException.class)
                .hasMessageContaining("announces");
        assertThatThrownBy(() -> EncryptedManifestPlist.read(manifest)).isInstanceOf(EncryptedBackupException.class);
    }

    @Test
    void aFileRecordWhoseRootClaims2GigaEntriesIsRefusedBeforeAllocating() throws Exception {
        byte[] record = new PlistObjectEdit(0, HUGE_ARRAY_HEADER)
                .apply(EncryptingBackupWriter.mbFileArchive("Library/SMS/sms.db", 1, null, 33188));

        assertThatThrownBy(() -> MbFileRecord.parse(record, "f")).isInstanceOf(EncryptedBackupException.class);
    }

    @Test
    void xmlWithEntityDeclarationsOrDeepNestingIsRefused() throws Exception {
        String header = "<?xml version=\"1.0\"?><!DOCTYPE plist [<!ENTITY a \"aaaaaaaa\">]><plist version=\"1.0\">";
        Path entities = write((header + "<string>&a;</string></plist>").getBytes(StandardCharsets.UTF_8));
        Path deep = write(("<plist>" + "<array>".repeat(65) + "</array>".repeat(65) + "</plist>")
                .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> BackupManifest.read(entities))
                .isInstanceOf(IosBackupException.class)
                .hasMessageContaining("entities");
        assertThatThrownBy(() -> BackupManifest.read(deep))
                .isInstanceOf(IosBackupException.class)
                .hasMessageContaining("deeper than");
    }

    private Path write(byte[] bytes) throws Exception {
        Path manifest = Files.createTempFile(folder, "Manifest", ".plist");
        Files.write(manifest, bytes);
        return manifest;
    }
}
