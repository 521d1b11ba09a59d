package imbridge.applelocal.chatdb;

import static imbridge.applelocal.chatdb.ChatDbFixture.guid;
import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.BodyLayout;
import imbridge.core.model.CloudMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies only in {@code attributedBody}: text, attachments in body order and the bubble layout with Apple's part
 * indices. Needs the codec's typedstream decoder (these pass once it is merged).
 */
class BodyLayoutDecodedBodyTest {
    @TempDir
    Path dir;

    ChatDbFixture db;
    long alice;
    long dm;

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

    private Map<String, CloudMessage> read(Map<String, Long> skips) throws Exception {
        try (ChatDbSource source = SourceFixture.snapshot(db, dir.resolve("home"), dir.resolve("work"))) {
            Map<String, CloudMessage> byGuid =
                    Drained.from(source::messageChanges, null).by(CloudMessage::guid);
            skips.putAll(source.skipCounts());
            return byGuid;
        }
    }

    private static List<Integer> appleIndices(BodyLayout layout) {
        return layout.bubbles().stream().map(BodyLayout.Bubble::appleIndex).toList();
    }

    @Test
    void recentStyleRowGivesTextAttachmentsInBodyOrderAndPartIndices() throws Exception {
        long a = db.attachment("AT-A", null, "a.jpg", "image/jpeg", "public.jpeg", 1);
        long b = db.attachment("AT-B", null, "b.jpg", "image/jpeg", "public.jpeg", 1);
        byte[] body = TypedStreamWriter.messageBody(
                "look at these", List.of(new String[] {"AT-B", "b.jpg"}, new String[] {"AT-A", "a.jpg"}));
        db.message(guid(1)).body(body).from(alice).in(dm).attachments(a, b).insert();
        Map<String, Long> skips = new java.util.HashMap<>();

        CloudMessage m = read(skips).get(guid(1));

        assertThat(m.text()).isEqualTo("look at these");
        assertThat(m.attachmentGuids()).containsExactly("AT-B", "AT-A");
        BodyLayout layout = m.extras().layout();
        assertThat(layout.bubbles())
                .containsExactly(
                        new BodyLayout.Bubble(0, -1, "look at these", null),
                        new BodyLayout.Bubble(1, 0, null, null),
                        new BodyLayout.Bubble(2, 1, null, null));
        assertThat(layout.partFor(0)).isEqualTo("text");
        assertThat(layout.partFor(1)).isEqualTo("att0");
        assertThat(layout.partFor(2)).isEqualTo("att1");
        assertThat(layout.partFor(3)).isNull();
        assertThat(skips).doesNotContainKey(LocalReasons.LEGACY_BODY);
    }

    /** Apple's part index of a reply's or tapback's target becomes that part's ID through the target's layout. */
    @Test
    void repliesAndTapbacksAimAtThePartAppleNamedInTheirTarget() throws Exception {
        long a = db.attachment("AT-A", null, "a.jpg", "image/jpeg", "public.jpeg", 1);
        long b = db.attachment("AT-B", null, "b.jpg", "image/jpeg", "public.jpeg", 1);
        byte[] body = TypedStreamWriter.messageBody(
                "two photos", List.of(new String[] {"AT-A", "a.jpg"}, new String[] {"AT-B", "b.jpg"}));
        db.message(guid(1)).body(body).from(alice).in(dm).attachments(a, b).insert();
        db.message(guid(2))
                .text("the second one!")
                .fromMe(alice)
                .in(dm)
                .set("thread_originator_guid", guid(1))
                .set("thread_originator_part", "2:0:1")
                .insert();
        db.message(guid(3))
                .text("Loved an image")
                .from(alice)
                .in(dm)
                .set("associated_message_type", 2000)
                .set("associated_message_guid", "p:1/" + guid(1))
                .insert();
        db.message(guid(4))
                .text("Liked “two photos”")
                .from(alice)
                .in(dm)
                .set("associated_message_type", 2001)
                .set("associated_message_guid", "p:0/" + guid(1))
                .insert();

        Map<String, CloudMessage> read = read(new java.util.HashMap<>());

        assertThat(read.get(guid(2)).extras().targetPart()).isEqualTo("att1");
        assertThat(read.get(guid(3)).extras().targetPart()).isEqualTo("att0");
        assertThat(read.get(guid(4)).extras().targetPart()).isEqualTo("text");
    }

    @Test
    void attachmentOnlyBodyNumbersItsAttachmentsFromZero() throws Exception {
        long a = db.attachment("AT-A", null, "a.jpg", "image/jpeg", "public.jpeg", 1);
        long b = db.attachment("AT-B", null, "b.mov", "video/quicktime", "com.apple.quicktime-movie", 1);
        byte[] body = TypedStreamWriter.messageBody(
                null, List.of(new String[] {"AT-A", "a.jpg"}, new String[] {"AT-B", "b.mov"}));
        db.message(guid(1)).body(body).from(alice).in(dm).attachments(a, b).insert();

        CloudMessage m = read(new java.util.HashMap<>()).get(guid(1));

        assertThat(m.text()).isNull();
        assertThat(m.attachmentGuids()).containsExactly("AT-A", "AT-B");
        assertThat(m.extras().layout().partFor(0)).isEqualTo("att0");
        assertThat(m.extras().layout().partFor(1)).isEqualTo("att1");
    }

    @Test
    void olderStyleRowTakesTheTextColumnAndTheLayoutFromTheBody() throws Exception {
        long a = db.attachment("AT-A", null, "a.jpg", "image/jpeg", "public.jpeg", 1);
        byte[] body = TypedStreamWriter.messageBody("hello", List.<String[]>of(new String[] {"AT-A", "a.jpg"}));
        db.message(guid(1))
                .text("hello\uFFFC")
                .body(body)
                .from(alice)
                .in(dm)
                .attachments(a)
                .insert();

        CloudMessage m = read(new java.util.HashMap<>()).get(guid(1));

        assertThat(m.text()).isEqualTo("hello");
        assertThat(appleIndices(m.extras().layout())).containsExactly(0, 1);
        assertThat(m.extras().layout().partFor(1)).isEqualTo("att0");
    }

    @Test
    void appleMultiPartBodyInterleavesTextAndAttachments() throws Exception {
        long a4 = db.attachment("at_4_F0668F79-20C2-49C9-A87F-1B007ABB0CED", null, "4.jpg", "image/jpeg", null, 1);
        long a2 = db.attachment("at_2_F0668F79-20C2-49C9-A87F-1B007ABB0CED", null, "2.jpg", "image/jpeg", null, 1);
        long a0 = db.attachment("at_0_F0668F79-20C2-49C9-A87F-1B007ABB0CED", null, "0.jpg", "image/jpeg", null, 1);
        db.message(guid(1))
                .body(AppleBlobs.bytes("typedstream/MultiPart"))
                .from(alice)
                .in(dm)
                .attachments(a4, a2, a0)
                .insert();

        CloudMessage m = read(new java.util.HashMap<>()).get(guid(1));

        assertThat(m.text()).isEqualTo("test 1test 2 test 3");
        assertThat(m.attachmentGuids())
                .containsExactly(
                        "at_0_F0668F79-20C2-49C9-A87F-1B007ABB0CED",
                        "at_2_F0668F79-20C2-49C9-A87F-1B007ABB0CED",
                        "at_4_F0668F79-20C2-49C9-A87F-1B007ABB0CED");
        assertThat(appleIndices(m.extras().layout())).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(m.extras().layout().partFor(0)).isEqualTo("att0");
        assertThat(m.extras().layout().partFor(2)).isEqualTo("att1");
        assertThat(m.extras().layout().partFor(3)).isEqualTo("text");
        assertThat(m.extras().layout().partFor(4)).isEqualTo("att2");
    }

    @Test
    void joinedAttachmentsTheBodyDoesNotShowFollowWithoutAnIndex() throws Exception {
        long a = db.attachment("AT-A", null, "a.jpg", "image/jpeg", "public.jpeg", 1);
        long extra = db.attachment("AT-EXTRA", null, "x.pluginPayloadAttachment", null, null, 1);
        byte[] body = TypedStreamWriter.messageBody("caption", List.<String[]>of(new String[] {"AT-A", "a.jpg"}));
        db.message(guid(1)).body(body).from(alice).in(dm).attachments(extra, a).insert();

        CloudMessage m = read(new java.util.HashMap<>()).get(guid(1));

        assertThat(m.attachmentGuids()).containsExactly("AT-A", "AT-EXTRA");
        assertThat(m.extras().layout().bubbles().getLast()).isEqualTo(new BodyLayout.Bubble(-1, 1, null, null));
    }

    @Test
    void appleMentionBodyKeepsItsPlainText() throws Exception {
        db.message(guid(1))
                .body(AppleBlobs.bytes("typedstream/Mention"))
                .from(alice)
                .in(dm)
                .insert();

        CloudMessage m = read(new java.util.HashMap<>()).get(guid(1));

        assertThat(m.text()).isEqualTo("Test Dad ");
        assertThat(m.extras().layout().partFor(0)).isEqualTo("text");
    }
}
