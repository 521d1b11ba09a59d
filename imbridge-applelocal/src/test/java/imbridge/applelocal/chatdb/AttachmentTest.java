package imbridge.applelocal.chatdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudMessage;
import imbridge.core.port.AssetUnavailableException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attachment rows, their files on a Mac, and asset opening. */
class AttachmentTest {
    @TempDir
    Path dir;

    ChatDbFixture db;
    Path home;
    Path attachments;

    @BeforeEach
    void setUp() throws Exception {
        db = ChatDbFixture.modern(dir.resolve("chat.db"));
        home = dir.resolve("home");
        attachments = Files.createDirectories(home.resolve("Library/Messages/Attachments"));
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    private String file(String relative, String content) throws Exception {
        Path p = attachments.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return "~/Library/Messages/Attachments/" + relative;
    }

    private ChatDbSource open() throws Exception {
        return SourceFixture.snapshot(db, home, dir.resolve("work"));
    }

    @Test
    void rowsMapMimeNameSizeAndFileUrl() throws Exception {
        db.attachment(
                "AT-1", file("ab/cd/AT-1/IMG_1.jpeg", "jpeg bytes"), "IMG_1.jpeg", "image/jpeg", "public.jpeg", 999);
        db.attachment("AT-2", file("ab/ce/AT-2/voice.caf", "caf!"), null, null, "com.apple.coreaudio-format", 4);
        db.attachment(
                "AT-3", "~/Library/Messages/Attachments/00/00/AT-3/gone.heic", "gone.heic", null, "public.heic", 12345);
        db.attachment("AT-4", null, null, null, "dyn.unknown", 0);

        try (ChatDbSource source = open()) {
            Map<String, CloudAttachment> byGuid =
                    Drained.from(source::attachmentChanges, null).by(CloudAttachment::guid);

            CloudAttachment jpeg = byGuid.get("AT-1");
            assertThat(jpeg.recordName()).isEqualTo("AT-1");
            assertThat(jpeg.mimeType()).isEqualTo("image/jpeg");
            assertThat(jpeg.filename()).isEqualTo("IMG_1.jpeg");
            assertThat(jpeg.size()).as("the file's size, not total_bytes").isEqualTo(10);
            assertThat(jpeg.checksumSha256()).isNull();
            assertThat(Path.of(URI.create(jpeg.downloadUrl()))).isEqualTo(attachments.resolve("ab/cd/AT-1/IMG_1.jpeg"));
            CloudAttachment voice = byGuid.get("AT-2");
            assertThat(voice.mimeType()).isEqualTo("audio/x-caf");
            assertThat(voice.filename()).as("name from the stored path").isEqualTo("voice.caf");
            CloudAttachment gone = byGuid.get("AT-3");
            assertThat(gone.mimeType()).isEqualTo("image/heic");
            assertThat(gone.size()).isEqualTo(12345);
            assertThat(gone.downloadUrl()).isNull();
            CloudAttachment nothing = byGuid.get("AT-4");
            assertThat(nothing.mimeType()).isNull();
            assertThat(nothing.filename()).isNull();
        }
    }

    @Test
    void openAssetReadsTheFile() throws Exception {
        db.attachment("AT-1", file("ab/cd/AT-1/note.txt", "hello file"), "note.txt", "text/plain", null, 10);

        try (ChatDbSource source = open()) {
            CloudAttachment a =
                    Drained.from(source::attachmentChanges, null).records().getFirst();
            try (InputStream in = source.openAsset(a)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("hello file");
            }
        }
    }

    @Test
    void missingFilesAndNullPathsAreNotOnDisk() throws Exception {
        db.attachment(
                "AT-1", "~/Library/Messages/Attachments/00/00/AT-1/never.jpg", "never.jpg", "image/jpeg", null, 5);
        db.attachment("AT-2", null, "nopath.jpg", "image/jpeg", null, 5);

        try (ChatDbSource source = open()) {
            for (CloudAttachment a :
                    Drained.from(source::attachmentChanges, null).records()) {
                assertThatThrownBy(() -> source.openAsset(a))
                        .isInstanceOfSatisfying(
                                AssetUnavailableException.class,
                                e -> assertThat(e.reason()).isEqualTo(AssetUnavailableException.NOT_ON_DISK));
            }
        }
    }

    @Test
    void aFileDownloadedAfterListingIsFoundWhenOpened() throws Exception {
        db.attachment("AT-1", "~/Library/Messages/Attachments/aa/bb/AT-1/late.txt", "late.txt", "text/plain", null, 4);

        try (ChatDbSource source = open()) {
            CloudAttachment listed =
                    Drained.from(source::attachmentChanges, null).records().getFirst();
            assertThat(listed.downloadUrl()).isNull();
            file("aa/bb/AT-1/late.txt", "late");

            try (InputStream in = source.openAsset(listed)) {
                assertThat(in.readAllBytes()).hasSize(4);
            }
        }
    }

    @Test
    void pathsLeavingTheAttachmentsFolderAreRefusedAndCounted() throws Exception {
        Files.writeString(home.resolve("secret.txt"), "private");
        Files.writeString(dir.resolve("outside.txt"), "private");
        file("ok/inside.txt", "fine");
        db.attachment("AT-1", "~/Library/Messages/Attachments/../../../secret.txt", "a", "text/plain", null, 7);
        db.attachment("AT-2", dir.resolve("outside.txt").toString(), "b", "text/plain", null, 7);
        db.attachment("AT-3", attachments.resolve("ok/inside.txt").toString(), "c", "text/plain", null, 4);

        try (ChatDbSource source = open()) {
            Map<String, CloudAttachment> byGuid =
                    Drained.from(source::attachmentChanges, null).by(CloudAttachment::guid);

            assertThat(byGuid.get("AT-1").downloadUrl()).isNull();
            assertThat(byGuid.get("AT-2").downloadUrl()).isNull();
            assertThat(byGuid.get("AT-3").downloadUrl())
                    .as("absolute paths inside the folder are fine")
                    .isNotNull();
            assertThat(source.skipCounts()).containsEntry(LocalReasons.PATH_ESCAPE, 2L);
            assertThatThrownBy(() -> source.openAsset(byGuid.get("AT-1")))
                    .isInstanceOfSatisfying(
                            AssetUnavailableException.class,
                            e -> assertThat(e.getMessage()).contains(LocalReasons.PATH_ESCAPE));
            try (InputStream in = source.openAsset(byGuid.get("AT-3"))) {
                assertThat(in.readAllBytes()).hasSize(4);
            }
        }
    }

    @Test
    void messagesListTheirAttachmentsAndAttachmentOnlyMessagesAreKept() throws Exception {
        long alice = db.handle("+15551234567");
        long dm = db.dm("iMessage", "+15551234567", alice);
        long a = db.attachment("AT-1", null, "x.jpg", "image/jpeg", "public.jpeg", 1);
        db.message(ChatDbFixture.guid(1)).from(alice).in(dm).attachments(a).insert();

        try (ChatDbSource source = open()) {
            CloudMessage m =
                    Drained.from(source::messageChanges, null).records().getFirst();

            assertThat(m.text()).isNull();
            assertThat(m.attachmentGuids()).containsExactly("AT-1");
        }
    }
}
