package imbridge.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.CloudMessage;
import imbridge.core.model.Zone;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.testing.InMemoryCloudStore;
import imbridge.core.testing.ScriptedCloudSource;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.Waiter;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncPassTest {
    private final ScriptedCloudSource source = new ScriptedCloudSource(10);
    private final InMemoryCloudStore store = new InMemoryCloudStore();

    private SyncPassResult run() throws Exception {
        return new SyncPass(
                        source,
                        store,
                        new PortalIdResolver(List.of("tel:+15550000001")),
                        SyncSettings.defaults(),
                        Waiter.real(),
                        Clock.systemUTC())
                .run(new CancellationToken());
    }

    private static CloudMessage msg(String guid, String chatId, String sender, long flags) {
        return new CloudMessage(
                "rec-" + guid, guid, chatId, sender, false, 1000, "hello", null, "iMessage", flags, List.of(), true);
    }

    @Test
    void systemAndServiceMessagesAreFilteredAndCounted() throws Exception {
        source.add(Zone.MESSAGES, msg("a", "iMessage;-;+15551110001", "+15551110001", 0));
        source.add(Zone.MESSAGES, msg("b", "iMessage;-;+15551110001", "+15551110001", CloudMessage.FLAG_SYSTEM));
        source.add(Zone.MESSAGES, msg("c", "iMessage;-;+15551110001", "+15551110001", CloudMessage.FLAG_SERVICE));
        SyncPassResult r = run();
        assertThat(store.messages).containsOnlyKeys("A");
        assertThat(r.messages().skipped()).isEqualTo(2);
    }

    @Test
    void aMessageWithNoConversationIsQuarantinedWithAReason() throws Exception {
        source.add(
                Zone.MESSAGES,
                new CloudMessage("rec-x", "x", "", "", true, 1000, "hi", null, "iMessage", 4, List.of(), true));
        run();
        assertThat(store.messages).isEmpty();
        assertThat(store.rejects).singleElement().satisfies(r -> {
            assertThat(r.recordName()).isEqualTo("rec-x");
            assertThat(r.reason()).startsWith("NO_PORTAL");
        });
    }

    @Test
    void msgTypeIsNeverAFilter() throws Exception {
        source.add(
                Zone.MESSAGES,
                new CloudMessage(
                        "rec-m",
                        "m",
                        "iMessage;-;+15551110001",
                        "+15551110001",
                        false,
                        1000,
                        "regular",
                        null,
                        "iMessage",
                        0,
                        List.of(),
                        true,
                        new imbridge.core.model.MessageExtras(null, null, null, null, false, 0, 0, 0)));
        run();
        assertThat(store.messages).containsOnlyKeys("M");
    }
}
