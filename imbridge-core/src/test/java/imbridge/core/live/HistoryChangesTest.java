package imbridge.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.MessageExtras;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalKind;
import imbridge.core.model.SentPart;
import imbridge.core.testing.InMemoryBridgeStore;
import imbridge.core.testing.InMemoryCloudStore;
import imbridge.core.testing.RecordingGateway;
import imbridge.core.testing.RecordingLiveActions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A newer snapshot's edits, unsends and deletions reach the rooms of messages already bridged, and only those. */
class HistoryChangesTest {
    private static final String PORTAL = "tel:+15551112222";
    private final InMemoryCloudStore cloud = new InMemoryCloudStore();
    private final InMemoryBridgeStore bridge = new InMemoryBridgeStore();
    private final RecordingGateway matrix = new RecordingGateway();
    private final RecordingLiveActions actions = new RecordingLiveActions();
    private final HistoryChanges changes = new HistoryChanges(cloud, bridge, matrix, actions, "tel:+15550000001");

    @BeforeEach
    void aRoomWithTwoBridgedMessages() {
        bridge.savePortal(new Portal(PORTAL, PortalKind.DM, null, List.of(PORTAL), "!room"));
        bridge.recordSentParts(List.of(
                new SentPart(PORTAL, PartKey.text("G-1"), "G-1", "!room", "$t1", 1_000),
                new SentPart(PORTAL, PartKey.text("G-2"), "G-2", "!room", "$t2", 2_000),
                new SentPart(PORTAL, PartKey.attachment("G-2", 0), "G-2", "!room", "$a2", 2_000)));
    }

    @Test
    void anEditOfABridgedMessageReplacesItsTextPart() {
        changes.pageIngested(List.of(
                row("G-1", "final text", new MessageExtras(null, null, null, null, false, 5_000, 0, 0)),
                row("G-9", "not bridged yet", new MessageExtras(null, null, null, null, false, 5_000, 0, 0))));

        assertThat(actions.edits).containsExactly("$t1=final text");
        assertThat(changes.editsSent()).isEqualTo(1);
    }

    @Test
    void anUnsendOrATombstoneRedactsEveryBridgedPart() {
        MessageRow unsent = new MessageRow(
                "G-2",
                "G-2",
                "chat",
                PORTAL,
                2_000,
                "+15551112222",
                false,
                null,
                null,
                "iMessage",
                List.of(),
                true,
                false,
                List.of("ATT-GUID"),
                new MessageExtras(null, null, null, null, true, 0, 0, 0));
        changes.pageIngested(List.of(unsent));
        assertThat(matrix.redactions).containsExactly("$t2", "$a2");

        MessageRow gone = row("G-1", "x", MessageExtras.NONE);
        cloud.ingestMessagePage(List.of(gone), List.of(), List.of(), "t");
        changes.tombstoned(List.of("G-1", "NEVER-SEEN"));
        assertThat(matrix.redactions).containsExactly("$t2", "$a2", "$t1");
        assertThat(changes.partsRedacted()).isEqualTo(3);
    }

    @Test
    void anUnsentMessageTakesTheReactionsAimedAtItWithIt() {
        bridge.recordSentParts(List.of(
                new SentPart(PORTAL, PartKey.reaction("TB-2"), "TB-2", "!room", "$r2", 3_000),
                new SentPart(PORTAL, PartKey.reaction("TB-1"), "TB-1", "!room", "$r1", 3_000)));
        cloud.ingestMessagePage(
                List.of(
                        row("TB-2", "Loved", new MessageExtras(2000, "p:0/g-2", null, null, false, 0, 0, 0)),
                        row("TB-1", "Liked", new MessageExtras(2001, "p:0/G-1", null, null, false, 0, 0, 0))),
                List.of(),
                List.of(),
                "t");

        changes.pageIngested(List.of(row("G-2", "x", new MessageExtras(null, null, null, null, true, 0, 0, 0))));

        assertThat(matrix.redactions).containsExactly("$t2", "$r2");
    }

    @Test
    void plainRowsAndRowsOfDeletedConversationsChangeNothing() {
        changes.pageIngested(List.of(row("G-1", "same", MessageExtras.NONE)));
        MessageRow ofDeletedConversation = new MessageRow(
                "G-2",
                "G-2",
                "c",
                PORTAL,
                2_000,
                "+15551112222",
                false,
                null,
                null,
                "iMessage",
                List.of(),
                true,
                true,
                null,
                new MessageExtras(null, null, null, null, true, 0, 0, 0));
        changes.pageIngested(List.of(ofDeletedConversation));

        assertThat(actions.edits).isEmpty();
        assertThat(matrix.redactions).isEmpty();
    }

    private static MessageRow row(String guid, String text, MessageExtras extras) {
        return new MessageRow(
                guid,
                guid,
                "chat",
                PORTAL,
                1_000,
                "+15551112222",
                false,
                text,
                null,
                "iMessage",
                List.of(),
                true,
                false,
                null,
                extras);
    }
}
