package imbridge.applelocal.chatdb;

import static imbridge.applelocal.chatdb.ChatDbFixture.guid;
import static imbridge.applelocal.chatdb.ChatDbFixture.nanos;
import static imbridge.applelocal.chatdb.ChatDbFixture.seconds;
import static imbridge.applelocal.chatdb.ChatDbFixture.unixMs;
import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema detection, the three tiers, the inspect report, and reading an old database. */
class AppleSchemaTest {
    @TempDir
    Path dir;

    @Test
    void aModernDatabaseReportsItsTierColumnsAndCounts() throws Exception {
        try (ChatDbFixture db = ChatDbFixture.modern(dir.resolve("chat.db"))) {
            long alice = db.handle("+15551234567");
            long bob = db.handle("+15557654321");
            long dm = db.dm("iMessage", "+15551234567", alice);
            db.dm("iMessage", "+15557654321", bob);
            long a = db.attachment("AT-1", null, "a", "image/png", null, 1);
            db.message(guid(1)).text("a").from(alice).in(dm).attachments(a).insert();
            db.message(guid(2)).text("b").from(alice).recentlyDeletedFrom(dm).insert();
            db.message(guid(3)).text("c").from(alice).insert();
            db.message(guid(4)).text("d").from(alice).insert();
            db.tombstoneMessage(guid(9));
            db.tombstoneChat("iMessage;-;x");
            db.tombstoneAttachment("AT-9");
            db.tombstoneAttachment("AT-8");

            SchemaReport report = ChatDbInspector.inspect(db.file(), Duration.ofSeconds(2));

            assertThat(report.tier()).isEqualTo("macOS 13+/iOS 16+ (Recently Deleted, edits)");
            assertThat(report.missingNotable()).isEmpty();
            assertThat(report.columns().get("message"))
                    .contains("attributedbody", "date_edited", "thread_originator_part");
            assertThat(report.counts()).isEqualTo(new SchemaReport.Counts(2, 2, 4, 1, 1, 1, 2, 1, 2));
        }
    }

    @Test
    void aRepliesEraDatabaseIsTheMiddleTier() throws Exception {
        try (ChatDbFixture db = ChatDbFixture.modern(dir.resolve("chat.db"))) {
            db.execute("DROP TABLE chat_recoverable_message_join");
            db.execute("ALTER TABLE message DROP COLUMN date_edited");
            db.execute("ALTER TABLE message DROP COLUMN associated_message_emoji");

            SchemaReport report = ChatDbInspector.inspect(db.file(), Duration.ofSeconds(2));

            assertThat(report.tier()).isEqualTo("macOS 11-12/iOS 14-15 (replies)");
            assertThat(report.missingNotable())
                    .containsExactly(
                            "message.date_edited", "message.associated_message_emoji", "chat_recoverable_message_join");
        }
    }

    @Test
    void anOldDatabaseWithoutTheNewerColumnsStillReads() throws Exception {
        try (ChatDbFixture db = ChatDbFixture.legacy(dir.resolve("chat.db"))) {
            long alice = db.handle("+15551234567");
            long dm = db.dm("iMessage", "+15551234567", alice);
            long group = db.group("chat77", "C0FFEE00-1111-4222-8333-444455556666", "Old gang", alice);
            long a = db.attachment("AT-1", null, "pic.jpg", null, "public.jpeg", 3);
            db.message(guid(1))
                    .text("from 2015")
                    .from(alice)
                    .in(dm)
                    .date(seconds(1))
                    .insert();
            db.message(guid(2))
                    .text("to the group")
                    .fromMe(0)
                    .in(group)
                    .date(seconds(2))
                    .attachments(a)
                    .insert();
            db.message(guid(3))
                    .text("in the bin? no bin here")
                    .from(alice)
                    .date(seconds(3))
                    .insert();

            try (ChatDbSource source = SourceFixture.snapshot(
                    db,
                    dir.resolve("home"),
                    dir.resolve("work"),
                    ChatDbSourceConfig.defaults("owner@icloud.com").withResultsLimit(1))) {
                Drained<CloudChat> chats = Drained.from(source::chatChanges, null);
                Drained<CloudMessage> messages = Drained.from(source::messageChanges, null);
                Drained<CloudAttachment> attachments = Drained.from(source::attachmentChanges, null);

                assertThat(source.schema().tier()).isEqualTo(SchemaTier.LEGACY);
                assertThat(source.schema().missingNotable())
                        .contains(
                                "message.message_summary_info",
                                "message.thread_originator_guid",
                                "chat.is_filtered",
                                "sync_deleted_messages");
                assertThat(chats.records())
                        .extracting(CloudChat::recordName)
                        .containsExactly("iMessage;-;+15551234567", "iMessage;+;chat77");
                assertThat(chats.records().get(1).groupId()).isEqualTo("C0FFEE00-1111-4222-8333-444455556666");
                assertThat(messages.records()).extracting(CloudMessage::guid).containsExactly(guid(1), guid(2));
                CloudMessage first = messages.records().getFirst();
                assertThat(first.timestampMs()).isEqualTo(unixMs(1));
                assertThat(first.extras().replyToGuid()).isNull();
                assertThat(first.extras().tapbackType()).isNull();
                CloudMessage mine = messages.records().get(1);
                assertThat(mine.sender())
                        .as("no destination_caller_id column: the configured owner")
                        .isEqualTo("owner@icloud.com");
                assertThat(mine.chatId()).isEqualTo("C0FFEE00-1111-4222-8333-444455556666");
                assertThat(mine.attachmentGuids()).containsExactly("AT-1");
                assertThat(attachments.records().getFirst().mimeType()).isEqualTo("image/jpeg");
                assertThat(messages.deleted()).isEmpty();
                assertThat(source.skipCounts()).containsEntry(LocalReasons.ORPHAN, 1L);

                SchemaReport report = source.inspect();
                assertThat(report.counts().orphanMessages()).isEqualTo(1);
                assertThat(report.counts().recentlyDeletedMessages()).isZero();
            }
        }
    }

    @Test
    void anOldDatabaseReadsAgainFromItsFinalToken() throws Exception {
        try (ChatDbFixture db = ChatDbFixture.legacy(dir.resolve("chat.db"))) {
            long alice = db.handle("+15551234567");
            long dm = db.dm("iMessage", "+15551234567", alice);
            db.message(guid(1)).text("one").from(alice).in(dm).date(nanos(1)).insert();
            String token;
            try (ChatDbSource source = SourceFixture.snapshot(db, dir.resolve("home"), dir.resolve("w1"))) {
                token = Drained.from(source::messageChanges, null).token();
            }
            db.message(guid(2)).text("two").from(alice).in(dm).date(nanos(2)).insert();

            try (ChatDbSource source = SourceFixture.snapshot(db, dir.resolve("home"), dir.resolve("w2"))) {
                assertThat(Drained.from(source::messageChanges, token).records())
                        .extracting(CloudMessage::text)
                        .containsExactly("two");
            }
        }
    }
}
