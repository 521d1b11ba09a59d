package imbridge.applelocal.backup;

import static imbridge.applelocal.chatdb.ChatDbFixture.guid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.applelocal.chatdb.ChatDbFixture;
import imbridge.applelocal.chatdb.ChatDbSource;
import imbridge.applelocal.chatdb.ChatDbSourceConfig;
import imbridge.applelocal.chatdb.Drained;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.port.AssetUnavailableException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An iPhone backup folder read end to end through its hashed layout. */
class IosBackupTest {
    private static final String SMS_DB_ID = "3d0d7e5fb2ce288813306e4d4636395e047a3d28";

    @TempDir
    Path dir;

    private static ChatDbSourceConfig config() {
        return ChatDbSourceConfig.defaults(ChatDbFixture.OWNER);
    }

    /** An sms.db with one DM: a photo (stored), a voice note (device path), a purged video and a NULL path. */
    private Path smsDb() throws Exception {
        Path file = dir.resolve("device/sms.db");
        Files.createDirectories(file.getParent());
        try (ChatDbFixture db = ChatDbFixture.modern(file)) {
            long alice = db.handle("+15551234567");
            long dm = db.dm("iMessage", "+15551234567", alice);
            long photo = db.attachment(
                    "AT-1",
                    "~/Library/SMS/Attachments/ab/cd/AT-1/IMG_1.jpeg",
                    "IMG_1.jpeg",
                    "image/jpeg",
                    "public.jpeg",
                    999);
            long voice = db.attachment(
                    "AT-2",
                    "/var/mobile/Library/SMS/Attachments/ef/01/AT-2/Audio.caf",
                    null,
                    null,
                    "com.apple.coreaudio-format",
                    5);
            long purged = db.attachment(
                    "AT-3",
                    "~/Library/SMS/Attachments/00/00/AT-3/clip.mov",
                    "clip.mov",
                    "video/quicktime",
                    "com.apple.quicktime-movie",
                    1000);
            long nopath = db.attachment("AT-4", null, "x.png", "image/png", "public.png", 3);
            db.message(guid(1)).text("hello from the phone").from(alice).in(dm).insert();
            db.message(guid(2))
                    .text("\uFFFC\uFFFC")
                    .fromMe(alice)
                    .in(dm)
                    .attachments(photo, voice)
                    .insert();
            db.message(guid(3)).from(alice).in(dm).attachments(purged, nopath).insert();
        }
        return file;
    }

    private BackupFolderFixture backupWithSmsDb(Path smsDb) throws Exception {
        BackupFolderFixture b = BackupFolderFixture.plain(dir.resolve("backup"));
        b.store("HomeDomain", "Library/SMS/sms.db", Files.readAllBytes(smsDb));
        b.store(
                "MediaDomain",
                "Library/SMS/Attachments/ab/cd/AT-1/IMG_1.jpeg",
                "jpeg!".getBytes(StandardCharsets.UTF_8));
        b.store("MediaDomain", "Library/SMS/Attachments/ef/01/AT-2/Audio.caf", "caf".getBytes(StandardCharsets.UTF_8));
        b.list("HomeDomain", "Library/SMS", 2, 0);
        return b;
    }

    @Test
    void smsDbIsStoredUnderItsWellKnownId() {
        assertThat(PlainBackupFiles.fileId("HomeDomain", "Library/SMS/sms.db")).isEqualTo(SMS_DB_ID);
    }

    @Test
    void aPlainBackupIsReadThroughItsManifestAndLeftUntouched() throws Exception {
        Path backup;
        try (BackupFolderFixture b = backupWithSmsDb(smsDb())) {
            backup = b.folder();
        }
        assertThat(backup.resolve("3d").resolve(SMS_DB_ID)).isRegularFile();
        Map<String, String> before = BackupTreeHash.of(backup);
        Path work = dir.resolve("work");

        try (ChatDbSource source = BackupSources.open(backup, null, null, work, config())) {
            Drained<CloudChat> chats = Drained.from(source::chatChanges, null);
            Drained<CloudMessage> messages = Drained.from(source::messageChanges, null);
            Map<String, CloudAttachment> attachments =
                    Drained.from(source::attachmentChanges, null).by(CloudAttachment::guid);

            assertThat(chats.records()).extracting(CloudChat::recordName).containsExactly("iMessage;-;+15551234567");
            assertThat(messages.records()).extracting(CloudMessage::guid).containsExactly(guid(1), guid(2), guid(3));
            assertThat(messages.records().getFirst().text()).isEqualTo("hello from the phone");
            assertThat(messages.records().get(1).attachmentGuids()).containsExactly("AT-1", "AT-2");
            CloudAttachment photo = attachments.get("AT-1");
            String photoId = PlainBackupFiles.fileId("MediaDomain", "Library/SMS/Attachments/ab/cd/AT-1/IMG_1.jpeg");
            assertThat(Path.of(URI.create(photo.downloadUrl())))
                    .isEqualTo(backup.resolve(photoId.substring(0, 2)).resolve(photoId));
            assertThat(photo.size()).isEqualTo(5);
            try (InputStream in = source.openAsset(photo)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("jpeg!");
            }
            CloudAttachment voice = attachments.get("AT-2");
            assertThat(voice.mimeType()).isEqualTo("audio/x-caf");
            try (InputStream in = source.openAsset(voice)) {
                assertThat(in.readAllBytes()).hasSize(3);
            }
            for (String missing : List.of("AT-3", "AT-4")) {
                assertThat(attachments.get(missing).downloadUrl()).isNull();
                assertThatThrownBy(() -> source.openAsset(attachments.get(missing)))
                        .isInstanceOfSatisfying(
                                AssetUnavailableException.class,
                                e -> assertThat(e.reason()).isEqualTo(AssetUnavailableException.NOT_ON_DISK));
            }
        }

        assertThat(BackupTreeHash.of(backup)).isEqualTo(before);
        assertThat(work.resolve("sms/sms.db")).doesNotExist();
    }

    @Test
    void smsDbWalListedInTheBackupIsRestoredBesideIt() throws Exception {
        Path device = Files.createDirectories(dir.resolve("device"));
        Path backup;
        try (ChatDbFixture db = ChatDbFixture.modern(device.resolve("sms.db"))) {
            try (Statement s = db.connection().createStatement()) {
                s.execute("PRAGMA wal_autocheckpoint=0");
            }
            long alice = db.handle("+15551234567");
            long dm = db.dm("iMessage", "+15551234567", alice);
            db.message(guid(1)).text("only in the WAL").from(alice).in(dm).insert();
            try (BackupFolderFixture b = BackupFolderFixture.plain(dir.resolve("backup"))) {
                b.store("HomeDomain", "Library/SMS/sms.db", Files.readAllBytes(device.resolve("sms.db")));
                b.store("HomeDomain", "Library/SMS/sms.db-wal", Files.readAllBytes(device.resolve("sms.db-wal")));
                backup = b.folder();
            }
        }

        try (ChatDbSource source = BackupSources.open(backup, null, null, dir.resolve("work"), config())) {
            assertThat(Drained.from(source::messageChanges, null).records())
                    .extracting(CloudMessage::text)
                    .containsExactly("only in the WAL");
        }
    }

    @Test
    void anEncryptedBackupWithoutPasswordIsRefusedWithWhatToDo() throws Exception {
        Path backup = BackupFolderFixture.encrypted(dir.resolve("backup"));

        assertThatThrownBy(() -> BackupSources.open(backup, null, null, dir.resolve("work"), config()))
                .isInstanceOf(IosBackupException.class)
                .hasMessage("this backup is encrypted; give its password with source.password / --backup-password, "
                        + "or make an unencrypted backup");
        assertThatThrownBy(() -> BackupSources.open(backup, "secret", null, dir.resolve("work"), config()))
                .isInstanceOf(IosBackupException.class)
                .hasMessageContaining("cannot decrypt");
        assertThat(IosBackup.manifest(backup).encrypted()).isTrue();
    }

    @Test
    void anEncryptedBackupIsOpenedByTheSuppliedOpenerWithThePassword() throws Exception {
        Path plain;
        try (BackupFolderFixture b = backupWithSmsDb(smsDb())) {
            plain = b.folder();
        }
        Path encrypted = BackupFolderFixture.encrypted(dir.resolve("encrypted"));
        AtomicReference<String> given = new AtomicReference<>();
        EncryptedBackupOpener decryptedElsewhere = (folder, manifest, password, work) -> {
            given.set(password + " for " + folder.getFileName() + ", iOS " + manifest.productVersion());
            return PlainBackupFiles.open(plain, work);
        };

        try (ChatDbSource source =
                BackupSources.open(encrypted, "secret", decryptedElsewhere, dir.resolve("work"), config())) {
            assertThat(Drained.from(source::messageChanges, null).records()).hasSize(3);
        }
        assertThat(given.get()).isEqualTo("secret for encrypted, iOS 17.4");
    }

    @Test
    void filesOpenedByTheCallerAreReadAndClosedWithTheSource() throws Exception {
        Path backup;
        try (BackupFolderFixture b = backupWithSmsDb(smsDb())) {
            backup = b.folder();
        }
        PlainBackupFiles files = PlainBackupFiles.open(backup, dir.resolve("work"));

        try (ChatDbSource source = BackupSources.open(files, dir.resolve("work"), config())) {
            assertThat(Drained.from(source::messageChanges, null).records()).hasSize(3);
        }
        assertThatThrownBy(() -> files.file("HomeDomain", "Library/SMS/sms.db"))
                .as("closed with the source")
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aWorkFolderInsideTheBackupIsRefused() throws Exception {
        Path backup;
        try (BackupFolderFixture b = backupWithSmsDb(smsDb())) {
            backup = b.folder();
        }
        Map<String, String> before = BackupTreeHash.of(backup);

        assertThatThrownBy(() -> BackupSources.open(backup, null, null, backup.resolve("work"), config()))
                .isInstanceOf(IosBackupException.class)
                .hasMessageContaining("must stay untouched");
        assertThat(BackupTreeHash.of(backup)).isEqualTo(before);
        assertThat(backup.resolve("work")).doesNotExist();
    }

    @Test
    void foldersThatAreNoBackupSaySo() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path noDb = Files.createDirectories(dir.resolve("nodb"));
        BackupFolderFixture.plain(noDb).close();
        Files.delete(noDb.resolve("Manifest.db"));
        Path noSms;
        try (BackupFolderFixture b = BackupFolderFixture.plain(dir.resolve("nosms"))) {
            noSms = b.folder();
        }

        assertThatThrownBy(() -> BackupSources.open(dir.resolve("absent"), null, null, dir.resolve("w"), config()))
                .isInstanceOf(IosBackupException.class)
                .hasMessageContaining("no backup folder");
        assertThatThrownBy(() -> BackupSources.open(empty, null, null, dir.resolve("w"), config()))
                .isInstanceOf(IosBackupException.class)
                .hasMessageContaining("not an iPhone backup folder");
        assertThatThrownBy(() -> BackupSources.open(noDb, null, null, dir.resolve("w"), config()))
                .isInstanceOf(IosBackupException.class)
                .hasMessageContaining("no Manifest.db");
        assertThatThrownBy(() -> BackupSources.open(noSms, null, null, dir.resolve("w"), config()))
                .isInstanceOf(IosBackupException.class)
                .hasMessageContaining("holds no Messages database");
    }
}
