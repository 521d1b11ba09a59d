package imbridge.applelocal.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.PropertyListParser;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedBackupFilesTest {
    private static final char[] PASSWORD = "correct horse ✓".toCharArray();
    private static final String HOME = "HomeDomain";
    private static final String MEDIA = "MediaDomain";
    private static final String SMS_DB = "Library/SMS/sms.db";

    @TempDir
    Path temp;

    private Path backup() {
        return temp.resolve("backup");
    }

    private Path work() {
        return temp.resolve("work");
    }

    private static byte[] content(int size, int seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static final Map<String, byte[]> ATTACHMENTS = Map.of(
            "Library/SMS/Attachments/00/00/a/empty.txt", content(0, 0),
            "Library/SMS/Attachments/01/01/b/one.bin", content(1, 1),
            "Library/SMS/Attachments/0f/0f/c/fifteen.bin", content(15, 15),
            "Library/SMS/Attachments/10/10/d/sixteen.bin", content(16, 16),
            "Library/SMS/Attachments/11/11/e/seventeen.bin", content(17, 17),
            "Library/SMS/Attachments/ab/cd/f/IMG_0001.HEIC", content(100_000, 100_000));

    private EncryptingBackupWriter standardBackup() {
        EncryptingBackupWriter writer = new EncryptingBackupWriter(PASSWORD, 1000, 10)
                .addFile(HOME, SMS_DB, content(8192, 42))
                .addFile(HOME, SMS_DB + "-wal", content(4000, 43))
                .addUnencryptedEmptyFile(HOME, "Library/SMS/empty-marker")
                .addDirectory(HOME, "Library/SMS");
        ATTACHMENTS.forEach((path, bytes) -> writer.addFile(MEDIA, path, bytes));
        return writer;
    }

    private void writeStandardBackup() throws Exception {
        standardBackup().write(backup(), temp);
    }

    @Test
    void decryptsEveryFileSizeAndKeepsLogicalNamesSideBySide() throws Exception {
        writeStandardBackup();

        try (EncryptedBackupFiles files = EncryptedBackupFiles.open(backup(), PASSWORD, work())) {
            Path sms = files.file(HOME, SMS_DB).orElseThrow();
            assertThat(sms).hasBinaryContent(content(8192, 42));
            assertThat(files.file(HOME, SMS_DB + "-wal").orElseThrow())
                    .hasBinaryContent(content(4000, 43))
                    .hasFileName("sms.db-wal")
                    .hasParent(sms.getParent());
            for (Map.Entry<String, byte[]> attachment : ATTACHMENTS.entrySet()) {
                Path decrypted = files.file(MEDIA, attachment.getKey()).orElseThrow();
                assertThat(decrypted).as(attachment.getKey()).hasBinaryContent(attachment.getValue());
                assertThat(decrypted.toString())
                        .endsWith(Path.of(attachment.getKey()).getFileName().toString());
            }
            assertThat(files.file(HOME, "Library/SMS/empty-marker").orElseThrow())
                    .isEmptyFile();
            assertThat(files.file(HOME, SMS_DB)).contains(sms);
            assertThat(sms).startsWith(work().toRealPath());
        }
    }

    @Test
    void absentDirectoriesAndMissingBlobsAreEmptyAndCounted() throws Exception {
        writeStandardBackup();
        Files.delete(BackupFileId.storedPath(backup(), BackupFileId.of(HOME, SMS_DB + "-wal")));

        try (EncryptedBackupFiles files = EncryptedBackupFiles.open(backup(), PASSWORD, work())) {
            assertThat(files.file(HOME, "Library/SMS/not-there.db")).isEmpty();
            assertThat(files.file(HOME, "Library/SMS")).isEmpty();
            assertThat(files.file(HOME, SMS_DB + "-wal")).isEmpty();
            assertThat(files.skippedByReason())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("not-a-regular-file", 1, "stored-file-missing", 1));
        }
    }

    @Test
    void theDecryptedManifestListsTheFilesByTheirSha1Ids() throws Exception {
        writeStandardBackup();

        try (EncryptedBackupFiles files = EncryptedBackupFiles.open(backup(), PASSWORD, work());
                Connection db = DriverManager.getConnection("jdbc:sqlite:" + files.decryptedManifest());
                ResultSet row = db.createStatement()
                        .executeQuery("SELECT fileID, flags FROM Files "
                                + "WHERE domain = 'HomeDomain' AND relativePath = 'Library/SMS/sms.db'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("3d0d7e5fb2ce288813306e4d4636395e047a3d28");
            assertThat(row.getInt(2)).isEqualTo(1);
        }
    }

    @Test
    void anUnpaddedManifestDbIsReadToo() throws Exception {
        standardBackup().padManifest(false).write(backup(), temp);

        try (EncryptedBackupFiles files = EncryptedBackupFiles.open(backup(), PASSWORD, work())) {
            assertThat(Files.size(files.decryptedManifest()) % 4096).isZero();
            assertThat(files.file(HOME, SMS_DB).orElseThrow()).hasBinaryContent(content(8192, 42));
        }
    }

    @Test
    void aWrongPasswordIsReportedAsSuch() throws Exception {
        writeStandardBackup();

        assertThatThrownBy(() -> EncryptedBackupFiles.open(backup(), "correct horse".toCharArray(), work()))
                .isExactlyInstanceOf(WrongBackupPasswordException.class)
                .hasMessageContaining("wrong backup password");
        assertThat(work()).isEmptyDirectory();
    }

    @Test
    void aCorruptKeybagIsRejectedClearly() throws Exception {
        writeStandardBackup();
        NSDictionary plist = (NSDictionary) PropertyListParser.parse(backup().resolve("Manifest.plist"));
        byte[] keyBag = ((NSData) plist.get("BackupKeyBag")).bytes();
        ByteBuffer.wrap(keyBag).putInt(4, 0x7fff_ffff); // VERS now claims 2 GiB
        plist.put("BackupKeyBag", new NSData(keyBag));
        BinaryPropertyListWriter.write(plist, backup().resolve("Manifest.plist"));

        assertThatThrownBy(() -> EncryptedBackupFiles.open(backup(), PASSWORD, work()))
                .isExactlyInstanceOf(EncryptedBackupException.class)
                .hasMessageContaining("keybag item VERS");
    }

    @Test
    void aTruncatedKeybagIsRejectedClearly() throws Exception {
        writeStandardBackup();
        NSDictionary plist = (NSDictionary) PropertyListParser.parse(backup().resolve("Manifest.plist"));
        byte[] keyBag = ((NSData) plist.get("BackupKeyBag")).bytes();
        plist.put("BackupKeyBag", new NSData(Arrays.copyOf(keyBag, keyBag.length - 20)));
        BinaryPropertyListWriter.write(plist, backup().resolve("Manifest.plist"));

        assertThatThrownBy(() -> EncryptedBackupFiles.open(backup(), PASSWORD, work()))
                .isExactlyInstanceOf(EncryptedBackupException.class)
                .hasMessageContaining("WPKY");
    }

    @Test
    void aTruncatedFileIsRejectedClearlyAndLeavesNothingBehind() throws Exception {
        writeStandardBackup();
        String heic = "Library/SMS/Attachments/ab/cd/f/IMG_0001.HEIC";
        String seventeen = "Library/SMS/Attachments/11/11/e/seventeen.bin";
        truncate(BackupFileId.storedPath(backup(), BackupFileId.of(MEDIA, heic)), 1);
        truncate(BackupFileId.storedPath(backup(), BackupFileId.of(MEDIA, seventeen)), 16);

        try (EncryptedBackupFiles files = EncryptedBackupFiles.open(backup(), PASSWORD, work())) {
            assertThatThrownBy(() -> files.file(MEDIA, heic))
                    .isExactlyInstanceOf(EncryptedBackupException.class)
                    .hasMessageContaining("not a whole number of AES blocks");
            assertThatThrownBy(() -> files.file(MEDIA, seventeen))
                    .isExactlyInstanceOf(EncryptedBackupException.class)
                    .hasMessageContaining("truncated");
            assertThat(files.file(HOME, SMS_DB)).isPresent();
            try (Stream<Path> decrypted = Files.walk(work())) {
                assertThat(decrypted
                                .filter(Files::isRegularFile)
                                .map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("Manifest.db", "sms.db");
            }
        }
    }

    private static void truncate(Path file, int bytes) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - bytes);
        }
    }

    @Test
    void readingLeavesTheBackupFolderByteForByteUnchanged() throws Exception {
        writeStandardBackup();
        Map<String, String> before = hashes(backup());

        try (EncryptedBackupFiles files = EncryptedBackupFiles.open(backup(), PASSWORD, work())) {
            files.file(HOME, SMS_DB).orElseThrow();
            for (String path : ATTACHMENTS.keySet()) {
                files.file(MEDIA, path).orElseThrow();
            }
        }

        assertThat(hashes(backup())).isEqualTo(before);
    }

    @Test
    void closeDeletesEverythingDecrypted() throws Exception {
        writeStandardBackup();
        EncryptedBackupFiles files = EncryptedBackupFiles.open(backup(), PASSWORD, work());
        Path sms = files.file(HOME, SMS_DB).orElseThrow();
        Path manifest = files.decryptedManifest();

        files.close();

        assertThat(sms).doesNotExist();
        assertThat(manifest).doesNotExist();
        assertThat(work()).isEmptyDirectory();
        assertThatThrownBy(() -> files.file(HOME, SMS_DB)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPlainBackupOrAWorkFolderInsideTheBackupIsRefused() throws Exception {
        writeStandardBackup();
        assertThatThrownBy(() -> EncryptedBackupFiles.open(backup(), PASSWORD, backup().resolve("scratch")))
                .isInstanceOf(IllegalArgumentException.class);
        Files.delete(backup().resolve("scratch"));

        NSDictionary plist = (NSDictionary) PropertyListParser.parse(backup().resolve("Manifest.plist"));
        plist.put("IsEncrypted", false);
        BinaryPropertyListWriter.write(plist, backup().resolve("Manifest.plist"));
        assertThatThrownBy(() -> EncryptedBackupFiles.open(backup(), PASSWORD, work()))
                .isExactlyInstanceOf(EncryptedBackupException.class)
                .hasMessageContaining("IsEncrypted is not true");

        assertThatThrownBy(() -> EncryptedBackupFiles.open(temp.resolve("nowhere"), PASSWORD, work()))
                .isExactlyInstanceOf(EncryptedBackupException.class);
    }

    private static Map<String, String> hashes(Path root) throws Exception {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path));
                hashes.put(root.relativize(path).toString(), HexFormat.of().formatHex(digest));
            }
        }
        return hashes;
    }
}
