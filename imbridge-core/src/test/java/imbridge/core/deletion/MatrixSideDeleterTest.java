package imbridge.core.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.matrixside.MembershipChange;
import imbridge.core.model.BackfillCursor;
import imbridge.core.model.MessageRow;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalKind;
import imbridge.core.testing.InMemoryBridgeStore;
import imbridge.core.testing.InMemoryCloudStore;
import imbridge.core.testing.RecordingGateway;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixSideDeleterTest {
    private static final String OWNER = "@user:localhost";
    private static final String PORTAL = "tel:+15551110001";
    private final InMemoryCloudStore cloud = new InMemoryCloudStore();
    private final InMemoryBridgeStore bridge = new InMemoryBridgeStore();
    private final RecordingGateway matrix = new RecordingGateway();
    private final RecentlyDeletedPortals recentlyDeleted =
            new RecentlyDeletedPortals(Clock.systemUTC(), Duration.ofHours(24));
    private final MatrixSideDeleter deleter =
            new MatrixSideDeleter(cloud, bridge, matrix, recentlyDeleted, Clock.systemUTC(), OWNER);

    private void bridged() {
        bridge.savePortal(new Portal(PORTAL, PortalKind.DM, null, List.of(PORTAL), "!room:x"));
        cloud.ingestMessagePage(
                List.of(new MessageRow(
                        "abc", "r", "c", PORTAL, 5, "s", false, "hi", null, "iMessage", List.of(), true, false)),
                List.of(),
                List.of(),
                "t");
    }

    private static MembershipChange change(String user, String sender, String membership) {
        return new MembershipChange("!room:x", "$e", user, sender, membership, "join", null, 10);
    }

    @Test
    void theOwnerLeavingAPortalRoomSoftDeletesItAndTheBridgeLeaves() throws Exception {
        bridged();
        deleter.onMembership(change(OWNER, OWNER, "leave"));

        assertThat(cloud.messagesAfter(PORTAL, BackfillCursor.START, 10)).isEmpty();
        assertThat(cloud.messages.get("ABC").deleted())
                .as("kept for echo detection, soft-deleted")
                .isTrue();
        assertThat(recentlyDeleted.contains(PORTAL)).isTrue();
        assertThat(bridge.deleted).containsKey(PORTAL);
        assertThat(matrix.deletedRooms).containsExactly("!room:x");
        assertThat(bridge.portals.get(PORTAL).roomId()).isNull();

        deleter.onMembership(change(OWNER, OWNER, "leave")); // replayed: nothing more happens
        assertThat(matrix.deletedRooms).hasSize(1);
    }

    @Test
    void otherMembershipChangesDoNothing() throws Exception {
        bridged();
        deleter.onMembership(change("@someone:else", "@someone:else", "leave"));
        deleter.onMembership(change(OWNER, OWNER, "join"));
        assertThat(cloud.messagesAfter(PORTAL, BackfillCursor.START, 10)).hasSize(1);
        assertThat(matrix.deletedRooms).isEmpty();
    }
}
