package imbridge.core.portal;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.ChatRow;
import imbridge.core.model.ContactCard;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import imbridge.core.port.ContactBook;
import imbridge.core.testing.InMemoryBridgeStore;
import imbridge.core.testing.InMemoryCloudStore;
import imbridge.core.testing.RecordingGateway;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DM rooms are named after the contact the address book has for their member; groups keep their names. */
class PortalRoomsContactsTest {
    private static final String OWN = "tel:+15550000001";
    private final InMemoryCloudStore cloud = new InMemoryCloudStore();
    private final InMemoryBridgeStore bridge = new InMemoryBridgeStore();
    private final RecordingGateway matrix = new RecordingGateway();
    private final ContactBook book = handle -> Optional.ofNullable(Map.of(
                    "tel:+15551110000", new ContactCard("Alice S.", "Alice Smith", null, null),
                    "tel:+15552220000", new ContactCard("+1 555-222-0000", null, null, null))
            .get(handle));

    private PortalRooms rooms(ContactBook contacts) {
        cloud.ingestChatPage(
                List.of(
                        chat("c1", "tel:+15551110000", null, List.of("tel:+15551110000", OWN)),
                        chat("c2", "tel:+15552220000", null, List.of("+15552220000")),
                        chat("c3", "gid:g1", "Climbing", List.of("tel:+15551110000", "tel:+15552220000", OWN))),
                List.of(),
                List.of(),
                "t1");
        return new PortalRooms(cloud, bridge, matrix, new PortalIdResolver(List.of(OWN)), contacts);
    }

    @Test
    void aDmWithAContactIsNamedAfterItAndOthersKeepTheirNames() throws Exception {
        PortalRooms rooms = rooms(book);

        rooms.ensureRoom("tel:+15551110000");
        rooms.ensureRoom("tel:+15552220000");
        rooms.ensureRoom("gid:g1");

        assertThat(matrix.rooms)
                .extracting(RoomSpec::portalId, RoomSpec::kind, RoomSpec::name)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("tel:+15551110000", PortalKind.DM, "Alice Smith"),
                        org.assertj.core.groups.Tuple.tuple("tel:+15552220000", PortalKind.DM, null),
                        org.assertj.core.groups.Tuple.tuple("gid:g1", PortalKind.GROUP, "Climbing"));
        assertThat(bridge.portal("tel:+15551110000").orElseThrow().name())
                .as("the stored portal keeps the chat's own (absent) name")
                .isNull();
    }

    @Test
    void withoutAContactBookDmsHaveNoName() throws Exception {
        PortalRooms rooms = rooms(ContactBook.NONE);

        rooms.ensureRoom("tel:+15551110000");

        assertThat(matrix.rooms).extracting(RoomSpec::name).containsExactly((String) null);
    }

    private static ChatRow chat(String id, String portalId, String name, List<String> participants) {
        return new ChatRow(
                id,
                id,
                portalId.startsWith("gid:") ? portalId.substring(4) : null,
                portalId,
                "iMessage",
                name,
                participants,
                false,
                false);
    }
}
