package imbridge.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.MessageRow;
import imbridge.core.model.Zone;
import imbridge.core.port.CloudSourceException;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.testing.InMemoryCloudStore;
import imbridge.core.testing.ScriptedCloudSource;
import imbridge.core.util.Backoff;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three zones of a pass run at once; messages still commit after the chats and attachments they need. */
class ConcurrentSyncPassTest {
    private static final String HANDLE = "+15551110001";
    private static final String CHAT = "iMessage;-;" + HANDLE;
    private final ScriptedCloudSource source = new ScriptedCloudSource(3);
    private final InMemoryCloudStore store = new InMemoryCloudStore();
    private final Waiter noWait = (d, token) -> token.throwIfCancelled();
    private final SyncSettings settings = new SyncSettings(
            100, 3, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)), Duration.ofMinutes(1));

    private SyncPass pass() {
        return new SyncPass(
                source, store, new PortalIdResolver(List.of("tel:+15550000001")), settings, noWait, Clock.systemUTC());
    }

    private static CloudAttachment attachment(int i) {
        return new CloudAttachment("att-" + i, "AG-" + i, "image/png", "public.png", i + ".png", 1, null, null);
    }

    private static CloudMessage message(int i, List<String> attachments) {
        return new CloudMessage(
                "rec-" + i,
                "m-" + i,
                CHAT,
                HANDLE,
                false,
                1000L + i,
                "text " + i,
                null,
                "iMessage",
                0,
                attachments,
                true);
    }

    /** Several pages in every zone; the message naming the last attachment is the first message. */
    private void account() {
        for (int i = 0; i < 10; i++) {
            source.add(Zone.ATTACHMENTS, attachment(i));
        }
        for (int i = 0; i < 7; i++) {
            source.add(
                    Zone.CHATS,
                    new CloudChat(
                            "chat-" + i,
                            i == 0 ? CHAT : "iMessage;-;+1555222000" + i,
                            "",
                            45,
                            "iMessage",
                            null,
                            List.of(i == 0 ? HANDLE : "+1555222000" + i),
                            false));
        }
        source.add(Zone.MESSAGES, message(0, List.of("AG-9")));
        for (int i = 1; i < 8; i++) {
            source.add(Zone.MESSAGES, message(i, List.of()));
        }
    }

    @Test
    void messagePagesCommitOnlyAfterEveryChatAndAttachmentPage() throws Exception {
        account();
        SyncPassResult r = pass().run(new CancellationToken());
        List<String> writes = List.copyOf(store.tokenWrites);
        int firstMessage = writes.indexOf("MESSAGES:3");
        assertThat(firstMessage).isPositive();
        assertThat(writes.subList(0, firstMessage)).contains("ATTACHMENTS:10", "CHATS:7");
        assertThat(writes.subList(firstMessage, writes.size()))
                .allMatch(w -> w.startsWith("MESSAGES:"))
                .containsExactly("MESSAGES:3", "MESSAGES:6", "MESSAGES:8");
        assertThat(r.attachments().pages()).isEqualTo(4);
        assertThat(r.chats().pages()).isEqualTo(3);
        assertThat(r.messages().pages()).isEqualTo(3);
    }

    @Test
    void aMessageIsStoredWithAnAttachmentFromTheLastAttachmentPageOfTheSamePass() throws Exception {
        account();
        pass().run(new CancellationToken());
        MessageRow first = store.messages.values().stream()
                .filter(m -> m.guid().equals("m-0"))
                .findFirst()
                .orElseThrow();
        assertThat(first.attachments()).extracting(CloudAttachment::guid).containsExactly("AG-9");
        assertThat(first.attachmentsIncomplete()).isFalse();
    }

    @Test
    void aFailingChatZoneFailsThePassAndNoMessageCommits() {
        account();
        for (int i = 0; i < 3; i++) {
            source.failNext(Zone.CHATS, new CloudSourceException("TRY_AGAIN_LATER", "down", null, true, null));
        }
        assertThatThrownBy(() -> pass().run(new CancellationToken()))
                .isInstanceOf(SyncFailedException.class)
                .satisfies(e -> assertThat(((SyncFailedException) e).zone()).isEqualTo(Zone.CHATS));
        assertThat(store.messages).isEmpty();
        assertThat(store.tokens).doesNotContainKeys(Zone.MESSAGES, Zone.CHATS);
        assertThat(store.errors).singleElement().asString().startsWith("CHATS:");
    }

    @Test
    void aMessageZoneFailureLeavesTheOtherZonesCommittedAndTheNextPassResumes() throws Exception {
        account();
        source.failNext(Zone.MESSAGES, new CloudSourceException("TRY_AGAIN_LATER", "down", null, true, null));
        source.failNext(Zone.MESSAGES, new CloudSourceException("TRY_AGAIN_LATER", "down", null, true, null));
        source.failNext(Zone.MESSAGES, new CloudSourceException("TRY_AGAIN_LATER", "down", null, true, null));
        assertThatThrownBy(() -> pass().run(new CancellationToken()))
                .isInstanceOf(SyncFailedException.class)
                .satisfies(e -> assertThat(((SyncFailedException) e).zone()).isEqualTo(Zone.MESSAGES));
        assertThat(store.tokens)
                .containsEntry(Zone.ATTACHMENTS, "10")
                .containsEntry(Zone.CHATS, "7")
                .doesNotContainKey(Zone.MESSAGES);
        SyncPassResult second = pass().run(new CancellationToken());
        assertThat(second.messages().records()).isEqualTo(8);
        assertThat(second.attachments().records()).isZero();
    }

    @Test
    void aCancelledLoginEndsEveryZone() {
        account();
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();
        assertThatThrownBy(() -> pass().run(cancel)).isInstanceOf(imbridge.core.util.CancelledException.class);
        assertThat(store.tokenWrites).isEmpty();
    }
}
