package imbridge.applelocal.chatdb;

import static imbridge.applelocal.chatdb.ChatDbFixture.guid;
import static imbridge.applelocal.chatdb.ChatDbFixture.nanos;
import static imbridge.applelocal.chatdb.ChatDbFixture.unixMs;
import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.CloudMessage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edited and unsent messages read from {@code message_summary_info} plus the current attributedBody. Needs the
 * codec's typedstream and summary-info decoders (these pass once they are merged).
 */
class EditUnsendDecodedBodyTest {
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

    private ChatDbSource open() throws Exception {
        return SourceFixture.snapshot(db, dir.resolve("home"), dir.resolve("work" + ++snapshots));
    }

    private static double appleSeconds(long secondsAfterBase) {
        return ChatDbFixture.seconds(secondsAfterBase) + 0.25;
    }

    @Test
    void anEditedMessageReadsAsItsFinalText() throws Exception {
        byte[] summary = SummaryInfoPlist.edited(
                12,
                List.of(
                        new SummaryInfoPlist.Version(TypedStreamWriter.text("see you at 6"), appleSeconds(0)),
                        new SummaryInfoPlist.Version(TypedStreamWriter.text("see you at 7"), appleSeconds(120))));
        db.message(guid(1))
                .body(TypedStreamWriter.text("see you at 7"))
                .set("message_summary_info", summary)
                .set("date_edited", nanos(120))
                .from(alice)
                .in(dm)
                .date(nanos(0))
                .insert();

        try (ChatDbSource source = open()) {
            CloudMessage m =
                    Drained.from(source::messageChanges, null).records().getFirst();

            assertThat(m.text()).isEqualTo("see you at 7");
            assertThat(m.extras().editedAtMs()).isEqualTo(unixMs(120));
            assertThat(m.extras().unsent()).isFalse();
            assertThat(source.skipCounts())
                    .doesNotContainKeys(LocalReasons.SUMMARY_UNDECODABLE, LocalReasons.LEGACY_BODY);
        }
    }

    @Test
    void applesEditedSummaryDecodesBesideTheCurrentBody() throws Exception {
        db.message(guid(1))
                .body(TypedStreamWriter.text("Edited message"))
                .set("message_summary_info", AppleBlobs.bytes("edited_message/Edited.plist"))
                .set("date_edited", nanos(60))
                .from(alice)
                .in(dm)
                .insert();

        try (ChatDbSource source = open()) {
            CloudMessage m =
                    Drained.from(source::messageChanges, null).records().getFirst();

            assertThat(m.text()).isEqualTo("Edited message");
            assertThat(source.skipCounts()).doesNotContainKey(LocalReasons.SUMMARY_UNDECODABLE);
        }
    }

    @Test
    void aFullyUnsentMessageHasNoTextAndIsNotRejected() throws Exception {
        db.message(guid(1))
                .body(TypedStreamWriter.attributedString("", List.of()))
                .set("message_summary_info", SummaryInfoPlist.unsent(new int[] {5}, 0))
                .set("date_edited", nanos(60))
                .set("date_retracted", 0)
                .from(alice)
                .in(dm)
                .date(nanos(0))
                .insert();

        try (ChatDbSource source = open()) {
            Drained<CloudMessage> read = Drained.from(source::messageChanges, null);

            assertThat(read.rejects()).isEmpty();
            CloudMessage m = read.records().getFirst();
            assertThat(m.extras().unsent()).isTrue();
            assertThat(m.text()).isNull();
            assertThat(m.hasBody()).isTrue();
            assertThat(m.extras().editedAtMs()).isZero();
            assertThat(m.extras().layout().bubbles()).isEmpty();
        }
    }

    @Test
    void anUnsentPartIsLeftOutOfTextAttachmentsAndLayout() throws Exception {
        long photo = db.attachment("AT-1", null, "p.jpg", "image/jpeg", "public.jpeg", 1);
        byte[] body = TypedStreamWriter.messageBody("keep this", List.<String[]>of(new String[] {"AT-1", "p.jpg"}));
        db.message(guid(1))
                .body(body)
                .set("message_summary_info", SummaryInfoPlist.unsent(new int[] {9, 1}, 1))
                .set("date_edited", nanos(30))
                .from(alice)
                .in(dm)
                .attachments(photo)
                .insert();

        try (ChatDbSource source = open()) {
            CloudMessage m =
                    Drained.from(source::messageChanges, null).records().getFirst();

            assertThat(m.extras().unsent()).isFalse();
            assertThat(m.text()).isEqualTo("keep this");
            assertThat(m.attachmentGuids()).isEmpty();
            assertThat(m.extras().layout().partFor(0)).isEqualTo("text");
            assertThat(m.extras().layout().partFor(1)).isNull();
        }
    }

    @Test
    void anUnsendInANewerSnapshotIsDeliveredAgainFromTheOldToken() throws Exception {
        db.message(guid(1)).text("oops").from(alice).in(dm).date(nanos(0)).insert();
        db.message(guid(2)).text("fine").from(alice).in(dm).date(nanos(1)).insert();
        String token;
        try (ChatDbSource source = open()) {
            token = Drained.from(source::messageChanges, null).token();
        }
        db.execute(
                "UPDATE message SET text = NULL, attributedBody = ?, message_summary_info = ?, date_edited = ? "
                        + "WHERE guid = ?",
                TypedStreamWriter.attributedString("", List.of()),
                SummaryInfoPlist.unsent(new int[] {4}, 0),
                nanos(60),
                guid(1));

        try (ChatDbSource source = open()) {
            Drained<CloudMessage> later = Drained.from(source::messageChanges, token);

            assertThat(later.records()).extracting(CloudMessage::guid).containsExactly(guid(1));
            assertThat(later.records().getFirst().extras().unsent()).isTrue();
        }
    }

    @Test
    void anUndecodableSummaryIsCountedAndTheBodyStillReads() throws Exception {
        db.message(guid(1))
                .body(TypedStreamWriter.text("still here"))
                .set("message_summary_info", new byte[] {'b', 'p', 'l', 'i', 's', 't', '0', '0', 1, 2, 3})
                .set("date_edited", nanos(10))
                .from(alice)
                .in(dm)
                .insert();

        try (ChatDbSource source = open()) {
            CloudMessage m =
                    Drained.from(source::messageChanges, null).records().getFirst();

            assertThat(m.text()).isEqualTo("still here");
            assertThat(source.skipCounts())
                    .containsEntry(LocalReasons.SUMMARY_UNDECODABLE, 1L)
                    .doesNotContainKey(LocalReasons.LEGACY_BODY);
        }
    }
}
