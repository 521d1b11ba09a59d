package imbridge.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.matrixside.OwnerMessage;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalKind;
import imbridge.core.port.LiveSource;
import imbridge.core.port.LiveSourceException;
import imbridge.core.testing.InMemoryBridgeStore;
import imbridge.core.testing.RecordingLiveActions;
import imbridge.core.util.CancellationToken;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Matrix → iMessage (behaviour.md §7.6): the returned UUID is recorded against the owner's event; failures are shown.
 */
class OutgoingMessagesTest {
    private static final String OWNER = "@owner:test";
    private static final String DM = "tel:+15551230001";

    private final InMemoryBridgeStore bridge = new InMemoryBridgeStore();
    private final List<String> sentToApple = new ArrayList<>();
    private volatile LiveSourceException failWith;

    private final LiveSource apple = new LiveSource() {
        @Override
        public void stream(Handler handler, CancellationToken cancel) {}

        @Override
        public void ack(long seq) {}

        @Override
        public String send(String portalId, Outgoing message) throws LiveSourceException {
            if (failWith != null) {
                throw failWith;
            }
            sentToApple.add(portalId + ":"
                    + switch (message) {
                        case Outgoing.Text t -> t.body();
                        case Outgoing.File f -> f.filename() + "(" + f.data().length + " bytes)";
                    });
            return "A1B2C3D4-0000-4000-8000-00000000000" + sentToApple.size();
        }
    };
    private final RecordingLiveActions actions = new RecordingLiveActions();
    private final OutgoingMessages outgoing =
            new OutgoingMessages(apple, bridge, actions, mxc -> "hello file".getBytes(), OWNER);

    OutgoingMessagesTest() {
        bridge.savePortal(new Portal(DM, PortalKind.DM, null, List.of(DM), "!dm:test"));
    }

    @Test
    void aTextAndAFileGoToAppleAndTheirUuidsMapToTheOwnersEvents() throws Exception {
        outgoing.handle(new OwnerMessage("!dm:test", "$text", OWNER, "m.text", "hi there", null, null, null, 10));
        outgoing.handle(new OwnerMessage(
                "!dm:test", "$file", OWNER, "m.file", "a.txt", "mxc://test/f", "a.txt", "text/plain", 20));

        assertThat(sentToApple).containsExactly(DM + ":hi there", DM + ":a.txt(10 bytes)");
        assertThat(bridge.eventIdOf(DM, PartKey.text("a1b2c3d4-0000-4000-8000-000000000001")))
                .contains("$text");
        assertThat(bridge.eventIdOf(DM, PartKey.attachment("A1B2C3D4-0000-4000-8000-000000000002", 0)))
                .contains("$file");
        assertThat(bridge.isBridged("A1B2C3D4-0000-4000-8000-000000000001")).isTrue(); // its echo will be deduplicated
        assertThat(actions.notices).isEmpty();
    }

    @Test
    void aFailedSendIsToldInTheRoomAndNothingIsRecorded() throws Exception {
        failWith = new LiveSourceException("HTTP 503 from Apple", null);
        outgoing.handle(new OwnerMessage("!dm:test", "$text", OWNER, "m.text", "hi", null, null, null, 10));

        assertThat(actions.notices)
                .singleElement()
                .asString()
                .contains("!dm:test imb.outfail.$text")
                .contains("not delivered to iMessage")
                .contains("HTTP 503 from Apple");
        assertThat(bridge.map).isEmpty();
    }

    @Test
    void onlyTheOwnersMessagesInPortalRoomsAreSent() throws Exception {
        outgoing.handle(new OwnerMessage("!dm:test", "$x", "@someone:test", "m.text", "hi", null, null, null, 10));
        outgoing.handle(new OwnerMessage("!other:test", "$y", OWNER, "m.text", "hi", null, null, null, 10));
        assertThat(sentToApple).isEmpty();
        assertThat(outgoing.isPortalRoom("!dm:test")).isTrue();
        assertThat(outgoing.isPortalRoom("!other:test")).isFalse();
    }
}
