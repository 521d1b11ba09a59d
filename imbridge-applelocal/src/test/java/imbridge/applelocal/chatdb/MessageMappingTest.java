package imbridge.applelocal.chatdb;

import static imbridge.applelocal.chatdb.ChatDbFixture.OWNER;
import static imbridge.applelocal.chatdb.ChatDbFixture.guid;
import static imbridge.applelocal.chatdb.ChatDbFixture.nanos;
import static imbridge.applelocal.chatdb.ChatDbFixture.seconds;
import static imbridge.applelocal.chatdb.ChatDbFixture.unixMs;
import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.CloudMessage;
import imbridge.core.model.RecordReject;
import imbridge.core.model.Zone;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract's reader mapping of message rows that need no decoded attributedBody. */
class MessageMappingTest {
    @TempDir
    Path dir;

    ChatDbFixture db;
    long alice;
    long bob;
    long aliceDm;

    @BeforeEach
    void setUp() throws Exception {
        db = ChatDbFixture.modern(dir.resolve("chat.db"));
        alice = db.handle("+15551234567");
        bob = db.handle("bob@example.com");
        aliceDm = db.dm("iMessage", "+15551234567", alice);
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    private Drained<CloudMessage> read() throws Exception {
        try (ChatDbSource source = SourceFixture.snapshot(db, dir.resolve("home"), dir.resolve("work"))) {
            return Drained.from(source::messageChanges, null);
        }
    }

    private ChatDbSource open() throws Exception {
        return SourceFixture.snapshot(db, dir.resolve("home"), dir.resolve("work"));
    }

    @Test
    void dmMessagesMapSenderChatTimeAndFlags() throws Exception {
        db.message(guid(1))
                .text("hello")
                .from(alice)
                .in(aliceDm)
                .date(nanos(10))
                .set("date_read", nanos(20))
                .set("subject", "Re: lunch")
                .insert();
        db.message(guid(2))
                .text("hi back")
                .fromMe(alice)
                .in(aliceDm)
                .date(nanos(30))
                .insert();

        Map<String, CloudMessage> byGuid = read().by(CloudMessage::guid);

        CloudMessage in = byGuid.get(guid(1));
        assertThat(in.recordName()).isEqualTo(guid(1));
        assertThat(in.chatId()).isEqualTo("iMessage;-;+15551234567");
        assertThat(in.sender()).isEqualTo("+15551234567");
        assertThat(in.fromMe()).isFalse();
        assertThat(in.timestampMs()).isEqualTo(unixMs(10));
        assertThat(in.text()).isEqualTo("hello");
        assertThat(in.subject()).isEqualTo("Re: lunch");
        assertThat(in.service()).isEqualTo("iMessage");
        assertThat(in.flags()).isZero();
        assertThat(in.hasBody()).isTrue();
        assertThat(in.extras().dateReadMs()).isEqualTo(unixMs(20));
        assertThat(in.extras().msgType()).isZero();
        CloudMessage out = byGuid.get(guid(2));
        assertThat(out.sender()).isEqualTo(OWNER);
        assertThat(out.fromMe()).isTrue();
        assertThat(out.flags()).isEqualTo(CloudMessage.FLAG_FROM_ME);
    }

    @Test
    void sentRowWithoutDestinationCallerIdIsFromTheConfiguredOwner() throws Exception {
        db.message(guid(1))
                .text("sent")
                .fromMe(0)
                .in(aliceDm)
                .set("destination_caller_id", null)
                .insert();

        assertThat(read().records().getFirst().sender()).isEqualTo(OWNER);
    }

    @Test
    void groupMessagesUseTheGroupIdAsChatId() throws Exception {
        long group = db.group("chat123456", "6B3C9A52-0D3E-4A47-9E0B-3F4F3D7A1C11", "Team", alice, bob);
        db.message(guid(1)).text("group hello").from(bob).in(group).insert();
        db.message(guid(2)).text("mine").fromMe(0).in(group).insert();

        Map<String, CloudMessage> byGuid = read().by(CloudMessage::guid);

        assertThat(byGuid.get(guid(1)).chatId()).isEqualTo("6B3C9A52-0D3E-4A47-9E0B-3F4F3D7A1C11");
        assertThat(byGuid.get(guid(1)).sender()).isEqualTo("bob@example.com");
        assertThat(byGuid.get(guid(2)).sender()).isEqualTo(OWNER);
    }

    @Test
    void groupWithoutGroupIdKeepsTheChatGuid() throws Exception {
        long group = db.group("chat999", null, "", alice, bob);
        db.message(guid(1)).text("x").from(bob).in(group).insert();

        assertThat(read().records().getFirst().chatId()).isEqualTo("iMessage;+;chat999");
    }

    @Test
    void splitSmsConversationKeepsEachRowsChatAndService() throws Exception {
        long aliceSms = db.handle("+15551234567", "SMS");
        long smsDm = db.dm("SMS", "+15551234567", aliceSms);
        db.message(guid(1)).text("over iMessage").from(alice).in(aliceDm).insert();
        db.message(guid(2))
                .text("over SMS")
                .from(aliceSms)
                .in(smsDm)
                .set("service", "SMS")
                .insert();

        Map<String, CloudMessage> byGuid = read().by(CloudMessage::guid);

        assertThat(byGuid.get(guid(1)).chatId()).isEqualTo("iMessage;-;+15551234567");
        assertThat(byGuid.get(guid(2)).chatId()).isEqualTo("SMS;-;+15551234567");
        assertThat(byGuid.get(guid(2)).service()).isEqualTo("SMS");
        assertThat(byGuid.get(guid(2)).sender()).isEqualTo(byGuid.get(guid(1)).sender());
    }

    @Test
    void datesInSecondsAndInNanosecondsGiveTheSameInstant() throws Exception {
        db.message(guid(1))
                .text("old row")
                .from(alice)
                .in(aliceDm)
                .date(seconds(5))
                .insert();
        db.message(guid(2))
                .text("new row")
                .from(alice)
                .in(aliceDm)
                .date(nanos(5))
                .insert();

        Map<String, CloudMessage> byGuid = read().by(CloudMessage::guid);

        assertThat(byGuid.get(guid(1)).timestampMs()).isEqualTo(unixMs(5));
        assertThat(byGuid.get(guid(2)).timestampMs()).isEqualTo(unixMs(5));
    }

    @Test
    void placeholdersAreRemovedFromTheTextColumn() throws Exception {
        long photo = db.attachment("AT-1", null, "a.jpg", "image/jpeg", "public.jpeg", 10);
        db.message(guid(1))
                .text("\uFFFCnice view\uFFFD")
                .from(alice)
                .in(aliceDm)
                .attachments(photo)
                .insert();
        db.message(guid(2))
                .text("\uFFFC")
                .from(alice)
                .in(aliceDm)
                .attachments(photo)
                .insert();

        Map<String, CloudMessage> byGuid = read().by(CloudMessage::guid);

        assertThat(byGuid.get(guid(1)).text()).isEqualTo("nice view");
        assertThat(byGuid.get(guid(2)).text()).isNull();
        assertThat(byGuid.get(guid(2)).attachmentGuids()).containsExactly("AT-1");
    }

    @Test
    void attachmentsWithoutADecodedBodyFollowJoinOrder() throws Exception {
        long a = db.attachment("AT-A", null, "a.jpg", "image/jpeg", "public.jpeg", 10);
        long b = db.attachment("AT-B", null, "b.jpg", "image/jpeg", "public.jpeg", 10);
        db.message(guid(1))
                .text("two")
                .from(alice)
                .in(aliceDm)
                .attachments(b, a)
                .insert();

        assertThat(read().records().getFirst().attachmentGuids()).containsExactly("AT-B", "AT-A");
    }

    @Test
    void attributedBodyOnlyRowGivesItsText() throws Exception {
        db.message(guid(1))
                .body(AppleBlobs.bytes("typedstream/AttributedBodyTextOnly"))
                .from(alice)
                .in(aliceDm)
                .insert();

        assertThat(read().records().getFirst().text()).isEqualTo("Noter test");
    }

    @Test
    void anEmptyTextColumnDefersToTheAttributedBody() throws Exception {
        db.message(guid(1))
                .text("")
                .body(AppleBlobs.bytes("typedstream/AttributedBodyTextOnly"))
                .from(alice)
                .in(aliceDm)
                .insert();

        assertThat(read().records().getFirst().text()).isEqualTo("Noter test");
    }

    @Test
    void truncatedAttributedBodyFallsBackToTheLegacyScan() throws Exception {
        byte[] apple = AppleBlobs.bytes("typedstream/AttributedBodyTextOnly");
        byte[] cut = Arrays.copyOf(apple, 0x84); // ends right after the text, before the attribute runs
        db.message(guid(1)).body(cut).from(alice).in(aliceDm).insert();

        try (ChatDbSource source = open()) {
            Drained<CloudMessage> read = Drained.from(source::messageChanges, null);

            assertThat(read.records().getFirst().text()).isEqualTo("Noter test");
            assertThat(read.records().getFirst().extras().layout()).isNull();
            assertThat(source.skipCounts()).containsEntry(LocalReasons.LEGACY_BODY, 1L);
        }
    }

    @Test
    void tapbacksKeepTheirTargetAsStoredAndEmoji() throws Exception {
        db.message(guid(1)).text("target").from(alice).in(aliceDm).insert();
        db.message(guid(2))
                .text("Loved “target”")
                .fromMe(alice)
                .in(aliceDm)
                .set("associated_message_type", 2000)
                .set("associated_message_guid", "p:0/" + guid(1))
                .insert();
        db.message(guid(3))
                .text("Liked “target”")
                .from(alice)
                .in(aliceDm)
                .set("associated_message_type", 2001)
                .set("associated_message_guid", guid(1))
                .insert();
        db.message(guid(4))
                .text("Reacted 🎉")
                .from(alice)
                .in(aliceDm)
                .set("associated_message_type", 2006)
                .set("associated_message_guid", "p:1/" + guid(1))
                .set("associated_message_emoji", "🎉")
                .insert();
        db.message(guid(5))
                .from(alice)
                .in(aliceDm)
                .set("associated_message_type", 3000)
                .set("associated_message_guid", "p:0/" + guid(1))
                .insert();

        Map<String, CloudMessage> byGuid = read().by(CloudMessage::guid);

        CloudMessage love = byGuid.get(guid(2));
        assertThat(love.extras().tapbackType()).isEqualTo(2000);
        assertThat(love.extras().tapbackTargetGuid()).isEqualTo("p:0/" + guid(1));
        assertThat(love.extras().tapbackTarget()).isEqualTo(guid(1));
        assertThat(love.extras().tapbackTargetPartIndex()).isZero();
        CloudMessage bare = byGuid.get(guid(3));
        assertThat(bare.extras().tapbackTargetGuid()).isEqualTo(guid(1));
        assertThat(bare.extras().tapbackTarget()).isEqualTo(guid(1));
        assertThat(bare.extras().tapbackTargetPartIndex()).isZero();
        CloudMessage emoji = byGuid.get(guid(4));
        assertThat(emoji.extras().tapbackEmoji()).isEqualTo("🎉");
        assertThat(emoji.extras().tapbackTargetPartIndex()).isEqualTo(1);
        CloudMessage removal = byGuid.get(guid(5));
        assertThat(removal.extras().tapbackType()).isEqualTo(3000);
        assertThat(removal.text()).isNull();
        assertThat(byGuid.get(guid(1)).extras().tapbackType()).isNull();
    }

    @Test
    void stickersPlacedOnBubblesAreSkippedAndCounted() throws Exception {
        db.message(guid(1)).text("target").from(alice).in(aliceDm).insert();
        db.message(guid(2))
                .from(alice)
                .in(aliceDm)
                .set("associated_message_type", 1000)
                .set("associated_message_guid", "p:0/" + guid(1))
                .insert();

        try (ChatDbSource source = open()) {
            Drained<CloudMessage> read = Drained.from(source::messageChanges, null);

            assertThat(read.records()).extracting(CloudMessage::guid).containsExactly(guid(1));
            assertThat(read.rejects()).isEmpty();
            assertThat(source.skipCounts()).containsEntry(LocalReasons.STICKER, 1L);
        }
    }

    @Test
    void repliesCarryTheirTarget() throws Exception {
        db.message(guid(1)).text("question").from(alice).in(aliceDm).insert();
        db.message(guid(2))
                .text("answer")
                .fromMe(alice)
                .in(aliceDm)
                .set("thread_originator_guid", guid(1))
                .set("thread_originator_part", "1:0:8")
                .insert();
        db.message(guid(3))
                .text("odd part")
                .fromMe(alice)
                .in(aliceDm)
                .set("thread_originator_guid", guid(1))
                .set("thread_originator_part", "x:y")
                .insert();

        Map<String, CloudMessage> byGuid = read().by(CloudMessage::guid);

        assertThat(byGuid.get(guid(2)).extras().replyToGuid()).isEqualTo(guid(1));
        // the target has no attributedBody, so no layout says what its part 1 is: the engine uses its first part
        assertThat(byGuid.get(guid(2)).extras().targetPart()).isNull();
        assertThat(byGuid.get(guid(3)).extras().replyToGuid()).isEqualTo(guid(1));
        assertThat(byGuid.get(guid(3)).extras().targetPart()).isNull();
        assertThat(byGuid.get(guid(1)).extras().replyToGuid()).isNull();
    }

    @Test
    void systemAndServiceRowsAreFlaggedNotRejected() throws Exception {
        long group = db.group("chat1", "7E0E5E62-5C55-4C59-9E7A-1F6E3D1E2A10", "Old name", alice, bob);
        db.message(guid(1))
                .fromMe(0)
                .in(group)
                .set("item_type", 2)
                .set("group_title", "New name")
                .insert();
        db.message(guid(2))
                .from(alice)
                .in(group)
                .set("item_type", 1)
                .set("other_handle", bob)
                .insert();
        db.message(guid(3))
                .text("service notice")
                .from(alice)
                .in(group)
                .set("is_service_message", 1)
                .insert();
        db.message(guid(4)).from(alice).in(group).set("is_system_message", 1).insert();

        Drained<CloudMessage> read = read();
        Map<String, CloudMessage> byGuid = read.by(CloudMessage::guid);

        assertThat(read.rejects()).isEmpty();
        assertThat(byGuid.get(guid(1)).flags()).isEqualTo(CloudMessage.FLAG_FROM_ME | CloudMessage.FLAG_SYSTEM);
        assertThat(byGuid.get(guid(1)).isSystemOrService()).isTrue();
        assertThat(byGuid.get(guid(2)).flags()).isEqualTo(CloudMessage.FLAG_SYSTEM);
        assertThat(byGuid.get(guid(3)).flags()).isEqualTo(CloudMessage.FLAG_SERVICE);
        assertThat(byGuid.get(guid(4)).flags()).isEqualTo(CloudMessage.FLAG_SYSTEM);
    }

    @Test
    void recentlyDeletedAndOrphanRowsAreSkippedCountedAndNeverTombstones() throws Exception {
        db.message(guid(1)).text("kept").from(alice).in(aliceDm).insert();
        db.message(guid(2))
                .text("in the bin")
                .from(alice)
                .recentlyDeletedFrom(aliceDm)
                .insert();
        db.message(guid(3)).text("left behind").from(alice).insert();

        try (ChatDbSource source = open()) {
            Drained<CloudMessage> read = Drained.from(source::messageChanges, null);

            assertThat(read.records()).extracting(CloudMessage::guid).containsExactly(guid(1));
            assertThat(read.deleted()).isEmpty();
            assertThat(read.rejects()).isEmpty();
            assertThat(source.skipCounts())
                    .containsEntry(LocalReasons.RECENTLY_DELETED, 1L)
                    .containsEntry(LocalReasons.ORPHAN, 1L);
        }
    }

    @Test
    void messageInSeveralChatsBelongsToTheLowestChatRow() throws Exception {
        long group = db.group("chat5", "0F4A3C1D-2B5E-4F60-8A7B-9C0D1E2F3A4B", "G", alice);
        db.message(guid(1)).text("twice").from(alice).in(group).in(aliceDm).insert();

        assertThat(read().records().getFirst().chatId()).isEqualTo("iMessage;-;+15551234567");
    }

    @Test
    void undecodableBodyAndAbsurdDatesAreRejectedWithReasons() throws Exception {
        byte[] garbage = new byte[64];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37 + 11);
        }
        db.message(guid(1)).body(garbage).from(alice).in(aliceDm).insert();
        db.message(guid(2))
                .text("far future")
                .from(alice)
                .in(aliceDm)
                .date(9_000_000_000_000_000_000L)
                .insert();
        db.message(guid(3)).text("unset date").from(alice).in(aliceDm).date(0).insert();
        db.message(guid(4))
                .text("negative")
                .from(alice)
                .in(aliceDm)
                .date(Long.MIN_VALUE)
                .insert();
        db.message(guid(5)).from(alice).in(aliceDm).insert();
        db.message(guid(6)).text("fine").from(alice).in(aliceDm).insert();
        db.message(guid(7))
                .from(alice)
                .in(aliceDm)
                .set("subject", "Only a subject")
                .insert();

        Drained<CloudMessage> read = read();

        // a subject line without a body is content (the subject is shown): not a reject
        assertThat(read.records()).extracting(CloudMessage::guid).containsExactly(guid(6), guid(7));
        assertThat(read.rejects())
                .extracting(RecordReject::recordName, RecordReject::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(guid(1), LocalReasons.BODY_UNDECODABLE),
                        org.assertj.core.groups.Tuple.tuple(guid(2), LocalReasons.BAD_DATE),
                        org.assertj.core.groups.Tuple.tuple(guid(3), LocalReasons.BAD_DATE),
                        org.assertj.core.groups.Tuple.tuple(guid(4), LocalReasons.BAD_DATE),
                        org.assertj.core.groups.Tuple.tuple(guid(5), LocalReasons.BODY_UNDECODABLE));
        assertThat(read.rejects()).allSatisfy(r -> {
            assertThat(r.zone()).isEqualTo(Zone.MESSAGES);
            assertThat(r.rawJson()).contains("\"table\":\"message\"").contains(r.recordName());
        });
    }

    /** Apple Pay, Digital Touch and other app balloons carry no text: skipped with their own reason, not rejects. */
    @Test
    void appBalloonsWithNothingToShowAreSkippedNotRejected() throws Exception {
        db.message(guid(1))
                .text("\uFFFD")
                .from(alice)
                .in(aliceDm)
                .set("balloon_bundle_id", "com.apple.PassbookUIService.PeerPaymentMessagesExtension")
                .insert();
        db.message(guid(2))
                .text("https://example.org")
                .from(alice)
                .in(aliceDm)
                .set("balloon_bundle_id", "com.apple.messages.URLBalloonProvider")
                .insert();

        try (ChatDbSource source = open()) {
            Drained<CloudMessage> read = Drained.from(source::messageChanges, null);

            assertThat(read.records()).extracting(CloudMessage::text).containsExactly("https://example.org");
            assertThat(read.rejects()).isEmpty();
            assertThat(source.skipCounts()).containsEntry(LocalReasons.APP_BALLOON, 1L);
        }
    }

    @Test
    void editTimeComesFromDateEdited() throws Exception {
        db.message(guid(1))
                .text("final words")
                .from(alice)
                .in(aliceDm)
                .date(nanos(0))
                .set("date_edited", nanos(90))
                .insert();

        CloudMessage m = read().records().getFirst();

        assertThat(m.extras().editedAtMs()).isEqualTo(unixMs(90));
        assertThat(m.extras().unsent()).isFalse();
    }

    @Test
    void everyRecordIsReadOnceAcrossPages() throws Exception {
        for (int i = 1; i <= 7; i++) {
            db.message(guid(i))
                    .text("m" + i)
                    .from(alice)
                    .in(aliceDm)
                    .date(nanos(i))
                    .insert();
        }
        try (ChatDbSource source = SourceFixture.snapshot(
                db,
                dir.resolve("home"),
                dir.resolve("work"),
                ChatDbSourceConfig.defaults(OWNER).withResultsLimit(2))) {
            Drained<CloudMessage> read = Drained.from(source::messageChanges, null);

            assertThat(read.records())
                    .extracting(CloudMessage::text)
                    .containsExactlyElementsOf(List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7"));
            assertThat(read.pages()).hasSize(4);
        }
    }
}
