package imbridge.applelocal.chatdb;

import static imbridge.applelocal.chatdb.ChatDbFixture.guid;
import static imbridge.applelocal.chatdb.ChatDbFixture.nanos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceErrors;
import imbridge.core.port.CloudSourceException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pages, position tokens, resuming, and reading a newer snapshot from an older snapshot's token. */
class FeedPagingTest {
    @TempDir
    Path dir;

    ChatDbFixture db;
    long alice;
    long dm;
    int snapshots;

    @BeforeEach
    void setUp() throws Exception {
        db = ChatDbFixture.modern(dir.resolve("chat.db"));
        alice = db.handle("+15551234567");
        dm = db.dm("iMessage", "+15551234567", alice);
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    /** A fresh snapshot of the database as it is now, paged {@code limit} rows at a time. */
    private ChatDbSource snapshot(int limit) throws Exception {
        return SourceFixture.snapshot(
                db,
                dir.resolve("home"),
                dir.resolve("work" + ++snapshots),
                ChatDbSourceConfig.defaults(ChatDbFixture.OWNER).withResultsLimit(limit));
    }

    private void messages(int from, int to) throws Exception {
        for (int i = from; i <= to; i++) {
            db.message(guid(i)).text("m" + i).from(alice).in(dm).date(nanos(i)).insert();
        }
    }

    @Test
    void pagesEndInsideTheDataAndTokensSayWhere() throws Exception {
        messages(1, 7);
        try (ChatDbSource source = snapshot(3)) {
            ZonePage<CloudMessage> first = source.messageChanges(null);
            ZonePage<CloudMessage> second = source.messageChanges(first.syncToken());
            ZonePage<CloudMessage> third = source.messageChanges(second.syncToken());

            assertThat(first.records()).extracting(CloudMessage::guid).containsExactly(guid(1), guid(2), guid(3));
            assertThat(first.moreComing()).isTrue();
            assertThat(second.records()).extracting(CloudMessage::guid).containsExactly(guid(4), guid(5), guid(6));
            assertThat(second.moreComing()).isTrue();
            assertThat(third.records()).extracting(CloudMessage::guid).containsExactly(guid(7));
            assertThat(third.moreComing()).isFalse();
            JsonNode token = new ObjectMapper().readTree(first.syncToken());
            assertThat(token.path("feed").asText()).isEqualTo("messages");
            assertThat(token.path("scan").asLong())
                    .isEqualTo(db.scalar("SELECT ROWID FROM message WHERE guid = ?", guid(3)));
            JsonNode last = new ObjectMapper().readTree(third.syncToken());
            assertThat(last.path("rows").asLong()).isEqualTo(db.scalar("SELECT max(ROWID) FROM message"));
            assertThat(last.path("scan").asLong()).isZero();
        }
    }

    @Test
    void aNewSourceResumesFromAStoredToken() throws Exception {
        messages(1, 7);
        String token;
        try (ChatDbSource source = snapshot(3)) {
            token = source.messageChanges(null).syncToken();
        }
        try (ChatDbSource source = snapshot(3)) {
            Drained<CloudMessage> rest = Drained.from(source::messageChanges, token);

            assertThat(rest.records())
                    .extracting(CloudMessage::guid)
                    .containsExactly(guid(4), guid(5), guid(6), guid(7));
        }
    }

    @Test
    void aNewerSnapshotGivesExactlyNewRowsEditedRowsAndNewTombstones() throws Exception {
        messages(1, 5);
        db.tombstoneMessage(guid(90)); // deleted before the first read
        db.message(guid(6))
                .text("binned")
                .from(alice)
                .recentlyDeletedFrom(dm)
                .date(nanos(6))
                .insert();
        Drained<CloudMessage> before;
        try (ChatDbSource source = snapshot(2)) {
            before = Drained.from(source::messageChanges, null);
        }
        assertThat(before.records()).hasSize(5);
        assertThat(before.deleted()).containsExactly(guid(90));

        messages(7, 8);
        db.execute(
                "UPDATE message SET text = NULL, attributedBody = ?, date_edited = ? WHERE guid = ?",
                TypedStreamWriter.text("m2, edited"),
                nanos(500),
                guid(2));
        db.deleteMessagePermanently(guid(3));
        db.tombstoneMessage(guid(1)); // stale: the row still lives
        Drained<CloudMessage> after;
        try (ChatDbSource source = snapshot(2)) {
            after = Drained.from(source::messageChanges, before.token());
        }

        assertThat(after.records()).extracting(CloudMessage::guid).containsExactly(guid(2), guid(7), guid(8));
        assertThat(after.records().getFirst().text()).isEqualTo("m2, edited");
        assertThat(after.records().getFirst().extras().editedAtMs()).isEqualTo(ChatDbFixture.unixMs(500));
        assertThat(after.deleted()).containsExactly(guid(3));
        assertThat(after.rejects()).isEmpty();

        db.execute("UPDATE message SET text = 'm4, edited', date_edited = ? WHERE guid = ?", nanos(900), guid(4));
        try (ChatDbSource source = snapshot(2)) {
            Drained<CloudMessage> later = Drained.from(source::messageChanges, after.token());

            assertThat(later.records()).extracting(CloudMessage::text).containsExactly("m4, edited");
            assertThat(later.deleted()).isEmpty();
        }
    }

    @Test
    void anUnchangedDatabaseGivesAnEmptyPageWithTheSameToken() throws Exception {
        messages(1, 3);
        db.execute("UPDATE message SET date_edited = ? WHERE guid = ?", nanos(40), guid(2));
        String done;
        try (ChatDbSource source = snapshot(2)) {
            done = Drained.from(source::messageChanges, null).token();

            ZonePage<CloudMessage> again = source.messageChanges(done);

            assertThat(again.records()).isEmpty();
            assertThat(again.syncToken()).isEqualTo(done);
        }
        try (ChatDbSource fresh = snapshot(2)) {
            Drained<CloudMessage> rescanned = Drained.from(fresh::messageChanges, done);

            assertThat(rescanned.records()).isEmpty();
            assertThat(rescanned.deleted()).isEmpty();
            assertThat(rescanned.token()).isEqualTo(done);
        }
    }

    @Test
    void tombstonesArePagedLikeRows() throws Exception {
        messages(1, 1);
        for (int i = 50; i < 55; i++) {
            db.tombstoneMessage(guid(i));
        }
        try (ChatDbSource source = snapshot(2)) {
            Drained<CloudMessage> read = Drained.from(source::messageChanges, null);

            assertThat(read.deleted()).containsExactly(guid(50), guid(51), guid(52), guid(53), guid(54));
            assertThat(read.pages())
                    .allSatisfy(p -> assertThat(p.deletedRecordNames().size()).isLessThanOrEqualTo(2));
            assertThat(read.pages()).hasSize(3);
        }
    }

    @Test
    void foreignOrDamagedTokensExpireSoTheEngineRereads() throws Exception {
        messages(1, 2);
        try (ChatDbSource source = snapshot(5)) {
            String chatToken = source.chatChanges(null).syncToken();

            for (String bad : new String[] {
                "not json",
                "{\"v\":1,\"feed\":\"messages\",\"rows\":-4}",
                chatToken,
                "{\"v\":9,\"feed\":\"messages\"}",
                "[]"
            }) {
                assertThatThrownBy(() -> source.messageChanges(bad))
                        .isInstanceOfSatisfying(
                                CloudSourceException.class,
                                e -> assertThat(e.serverErrorCode()).isEqualTo(CloudSourceErrors.CHANGE_TOKEN_EXPIRED));
            }
        }
    }

    @Test
    void chatAndAttachmentFeedsPageAndPickUpNewRowsAndTombstones() throws Exception {
        long bob = db.handle("+15557654321");
        db.dm("iMessage", "+15557654321", bob);
        db.group("chat1", "5A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9", "G", alice, bob);
        db.attachment("AT-1", null, "1.jpg", "image/jpeg", "public.jpeg", 1);
        db.attachment("AT-2", null, "2.jpg", "image/jpeg", "public.jpeg", 1);
        db.attachment("AT-3", null, "3.jpg", "image/jpeg", "public.jpeg", 1);
        Drained<CloudChat> chats;
        Drained<CloudAttachment> attachments;
        try (ChatDbSource source = snapshot(2)) {
            chats = Drained.from(source::chatChanges, null);
            attachments = Drained.from(source::attachmentChanges, null);
        }
        assertThat(chats.records()).hasSize(3);
        assertThat(chats.pages()).hasSize(2);
        assertThat(attachments.records()).extracting(CloudAttachment::guid).containsExactly("AT-1", "AT-2", "AT-3");

        long carol = db.handle("carol@example.com");
        db.dm("iMessage", "carol@example.com", carol);
        db.tombstoneChat("iMessage;-;gone@example.com");
        db.attachment("AT-4", null, "4.jpg", "image/jpeg", "public.jpeg", 1);
        db.tombstoneAttachment("AT-0");
        try (ChatDbSource source = snapshot(2)) {
            Drained<CloudChat> newChats = Drained.from(source::chatChanges, chats.token());
            Drained<CloudAttachment> newAttachments = Drained.from(source::attachmentChanges, attachments.token());

            assertThat(newChats.records())
                    .extracting(CloudChat::recordName)
                    .containsExactly("iMessage;-;carol@example.com");
            assertThat(newChats.deleted()).containsExactly("iMessage;-;gone@example.com");
            assertThat(newAttachments.records())
                    .extracting(CloudAttachment::guid)
                    .containsExactly("AT-4");
            assertThat(newAttachments.deleted()).containsExactly("AT-0");
        }
    }
}
