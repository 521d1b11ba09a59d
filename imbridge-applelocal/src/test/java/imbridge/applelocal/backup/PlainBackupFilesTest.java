package imbridge.applelocal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainBackupFilesTest {
    @TempDir
    Path dir;

    @Test
    void findsListedStoredFilesOnly() throws Exception {
        Path stored;
        Path folder;
        try (BackupFolderFixture b = BackupFolderFixture.plain(dir.resolve("backup"))) {
            stored = b.store("MediaDomain", "Library/SMS/Attachments/a/b/x.jpg", "x".getBytes(StandardCharsets.UTF_8));
            b.list("MediaDomain", "Library/SMS/Attachments/a/b/listed-only.jpg", 1, 10);
            b.list("MediaDomain", "Library/SMS/Attachments/a", 2, 0);
            Files.createDirectories(b.folder()
                    .resolve(PlainBackupFiles.fileId("MediaDomain", "Library/SMS/Attachments/a")
                            .substring(0, 2)));
            folder = b.folder();
        }
        Map<String, String> before = BackupTreeHash.of(folder);

        try (PlainBackupFiles files = PlainBackupFiles.open(folder, dir.resolve("work"))) {
            assertThat(files.file("MediaDomain", "Library/SMS/Attachments/a/b/x.jpg"))
                    .contains(stored);
            assertThat(files.file("MediaDomain", "Library/SMS/Attachments/a/b/listed-only.jpg"))
                    .isEmpty();
            assertThat(files.file("MediaDomain", "Library/SMS/Attachments/a/b/never.jpg"))
                    .isEmpty();
            assertThat(files.file("MediaDomain", "Library/SMS/Attachments/a")).isEmpty();
            assertThat(files.file("HomeDomain", "Library/SMS/Attachments/a/b/x.jpg"))
                    .isEmpty();
        }
        assertThat(BackupTreeHash.of(folder)).isEqualTo(before);
        try (var entries = Files.list(folder)) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("Manifest.db-"));
        }
    }

    @Test
    void aManifestWithAWalIsReadFromAPrivateCopy() throws Exception {
        Path folder;
        try (BackupFolderFixture b = BackupFolderFixture.plain(dir.resolve("backup"))) {
            b.store("HomeDomain", "Library/a.txt", "a".getBytes(StandardCharsets.UTF_8));
            folder = b.folder();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("Manifest.db"));
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA wal_autocheckpoint=0");
            s.execute("INSERT INTO Files (fileID, domain, relativePath, flags) VALUES ('"
                    + PlainBackupFiles.fileId("HomeDomain", "Library/b.txt") + "', 'HomeDomain', 'Library/b.txt', 1)");
            assertThat(folder.resolve("Manifest.db-wal"))
                    .as("the new row is only in the WAL")
                    .isRegularFile();
            Path id = folder.resolve(
                    PlainBackupFiles.fileId("HomeDomain", "Library/b.txt").substring(0, 2));
            Files.createDirectories(id);
            Files.writeString(id.resolve(PlainBackupFiles.fileId("HomeDomain", "Library/b.txt")), "b");
            Map<String, String> before = BackupTreeHash.of(folder);

            try (PlainBackupFiles files = PlainBackupFiles.open(folder, dir.resolve("work"))) {
                assertThat(files.file("HomeDomain", "Library/b.txt")).isPresent();
                assertThat(files.file("HomeDomain", "Library/a.txt")).isPresent();
            }
            assertThat(BackupTreeHash.of(folder)).isEqualTo(before);
        }
    }
}
