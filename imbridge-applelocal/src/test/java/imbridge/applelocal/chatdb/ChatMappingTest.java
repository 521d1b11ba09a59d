package imbridge.applelocal.chatdb;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.CloudChat;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract's reader mapping of chat rows and chat tombstones. */
class ChatMappingTest {
    @TempDir
    Path dir;

    ChatDbFixture db;

    @BeforeEach
    void setUp() throws Exception {
        db = ChatDbFixture.modern(dir.resolve("chat.db"));
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    private Drained<CloudChat> read() throws Exception {
        try (ChatDbSource source = SourceFixture.snapshot(db, dir.resolve("home"), dir.resolve("work"))) {
            return Drained.from(source::chatChanges, null);
        }
    }

    @Test
    void directChatsAndGroupsMapPerContract() throws Exception {
        long alice = db.handle("+15551234567");
        long bob = db.handle("bob@example.com");
        db.dm("iMessage", "+15551234567", alice);
        db.group("chat123", "A1B2C3D4-E5F6-4789-8ABC-DEF012345678", "Climbing", alice, bob);
        db.group("chat456", "B1B2C3D4-E5F6-4789-8ABC-DEF012345678", "", bob);

        Map<String, CloudChat> byName = read().by(CloudChat::recordName);

        CloudChat dm = byName.get("iMessage;-;+15551234567");
        assertThat(dm.cloudChatId()).isEqualTo("iMessage;-;+15551234567");
        assertThat(dm.style()).isEqualTo(CloudChat.STYLE_DM);
        assertThat(dm.groupId()).as("a DM's group_id is ignored").isNull();
        assertThat(dm.service()).isEqualTo("iMessage");
        assertThat(dm.displayName()).isNull();
        assertThat(dm.participants()).containsExactly("+15551234567");
        assertThat(dm.filtered()).isFalse();
        CloudChat group = byName.get("iMessage;+;chat123");
        assertThat(group.isGroup()).isTrue();
        assertThat(group.groupId()).isEqualTo("A1B2C3D4-E5F6-4789-8ABC-DEF012345678");
        assertThat(group.displayName()).isEqualTo("Climbing");
        assertThat(group.participants()).containsExactly("+15551234567", "bob@example.com");
        assertThat(byName.get("iMessage;+;chat456").displayName()).isNull();
    }

    @Test
    void filteredChatsAndSplitSmsChatsAreSeparateRecords() throws Exception {
        long alice = db.handle("+15551234567");
        long aliceSms = db.handle("+15551234567", "SMS");
        long spam = db.handle("+18005550000");
        db.dm("iMessage", "+15551234567", alice);
        db.dm("SMS", "+15551234567", aliceSms);
        db.chat("iMessage;-;+18005550000", 45, "iMessage", "", null, "+18005550000", null, true, spam);

        Map<String, CloudChat> byName = read().by(CloudChat::recordName);

        assertThat(byName.get("iMessage;-;+18005550000").filtered()).isTrue();
        CloudChat sms = byName.get("SMS;-;+15551234567");
        assertThat(sms.service()).isEqualTo("SMS");
        assertThat(sms.participants())
                .isEqualTo(byName.get("iMessage;-;+15551234567").participants());
    }

    @Test
    void chatTombstonesOnlyForChatsThatAreGone() throws Exception {
        long alice = db.handle("+15551234567");
        db.dm("iMessage", "+15551234567", alice);
        db.tombstoneChat("iMessage;+;chat-deleted");
        db.tombstoneChat("iMessage;-;+15551234567"); // deleted once, then the person wrote again

        try (ChatDbSource source = SourceFixture.snapshot(db, dir.resolve("home"), dir.resolve("work"))) {
            Drained<CloudChat> read = Drained.from(source::chatChanges, null);

            assertThat(read.deleted()).containsExactly("iMessage;+;chat-deleted");
            assertThat(read.records()).extracting(CloudChat::recordName).containsExactly("iMessage;-;+15551234567");
            assertThat(source.skipCounts()).containsEntry(TombstoneReader.TOMBSTONE_OF_LIVE_ROW, 1L);
        }
    }
}
