package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import imbridge.sim.hs.HomeserverDouble;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway against the real homeserver double, checked through the double's inspection API. */
class HomeserverDoubleIntegrationTest {
    private static final String BOT = "@imessagebot:localhost";
    private static final String ALICE = "tel:+15551234567";
    private static final String BOB = "mailto:bob@example.com";

    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private DoubleFixture fx;
    private AppserviceServer appservice;
    private HomeserverDouble hs;
    private AppserviceGateway gateway;
    private GhostNames ghosts;

    @BeforeEach
    void start(@TempDir Path tmp) throws Exception {
        fx = DoubleFixture.start(
                tmp,
                (txnId, events) -> received.addAll(events),
                new InMemoryTransactionLog(),
                UnaryOperator.identity(),
                UnaryOperator.identity());
        appservice = fx.appservice;
        hs = fx.hs;
        gateway = fx.gateway;
        ghosts = GhostNames.of(fx.cfg);
    }

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void bridgesTextAndMediaIntoDirectAndGroupRooms() throws Exception {
        HomeserverCapabilities caps = gateway.start();
        assertThat(caps.specVersions()).contains("v1.11");
        assertThat(caps.maxUploadBytes()).isPositive();

        String dm = gateway.createRoom(new RoomSpec(ALICE, PortalKind.DM, null, List.of(ALICE)));
        String group = gateway.createRoom(new RoomSpec("gid:abc-123", PortalKind.GROUP, "Family", List.of(ALICE, BOB)));

        OutgoingPart hello = new OutgoingPart.Text(PartKey.text("0c5e-aa"), "0c5e-aa", ALICE, "hello");
        String helloId = gateway.send(dm, ALICE, hello, 1700000000123L);
        OutgoingPart reply = new OutgoingPart.Text(PartKey.text("0c5e-bb"), "0c5e-bb", ALICE, "hi back");
        String replyId = gateway.send(dm, TestConfigs.OWNER_HANDLE, reply, 1700000000456L);

        byte[] image = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        String mxc = gateway.uploadMedia(image, "image/png", "pic.png");
        OutgoingPart picture = new OutgoingPart.Media(
                PartKey.attachment("1d6f-cc", 0), "1d6f-cc", "gid:abc-123", mxc, "pic.png", "image/png", image.length);
        String pictureId = gateway.send(group, BOB, picture, 1700000001000L);

        JsonNode dmRoom = fx.room(dm);
        assertThat(dmRoom.path("isDirect").asBoolean()).isTrue();
        assertThat(dmRoom.path("bridgePortalId").asText()).isEqualTo(ALICE);
        assertThat(dmRoom.path("members").path(ghosts.userId(ALICE)).asText()).isEqualTo("join");
        assertThat(dmRoom.path("members")
                        .path(ghosts.userId(TestConfigs.OWNER_HANDLE))
                        .asText())
                .isEqualTo("join");
        assertThat(dmRoom.path("members").path(TestConfigs.OWNER).asText()).isEqualTo("invite");
        JsonNode groupRoom = fx.room(group);
        assertThat(groupRoom.path("name").asText()).isEqualTo("Family");
        assertThat(groupRoom.path("isDirect").asBoolean()).isFalse();
        assertThat(groupRoom.path("bridgePortalId").asText()).isEqualTo("gid:abc-123");
        assertThat(groupRoom.path("members").path(ghosts.userId(BOB)).asText()).isEqualTo("join");

        JsonNode bridgeState = only(fx.events(dm), "m.bridge");
        assertThat(bridgeState.path("state_key").asText()).isEqualTo("imessage://" + ALICE);
        assertThat(bridgeState.path("content").path("bridgebot").asText()).isEqualTo(BOT);
        assertThat(bridgeState.path("content").path("protocol").path("id").asText())
                .isEqualTo("imessage");
        assertThat(only(fx.events(dm), "uk.half-shot.bridge")
                        .path("content")
                        .path("channel")
                        .path("id")
                        .asText())
                .isEqualTo(ALICE);

        List<JsonNode> dmMessages = fx.messages(dm);
        assertThat(dmMessages).extracting(e -> e.path("event_id").asText()).containsExactly(helloId, replyId);
        JsonNode helloEvent = dmMessages.getFirst();
        assertThat(helloEvent.path("sender").asText()).isEqualTo(ghosts.userId(ALICE));
        assertThat(helloEvent.path("origin_server_ts").asLong()).isEqualTo(1700000000123L);
        assertThat(helloEvent.path("content").path("body").asText()).isEqualTo("hello");
        assertThat(helloEvent
                        .path("content")
                        .path("com.imbridge.part")
                        .path("guid")
                        .asText())
                .isEqualTo("0c5e-aa");
        assertThat(helloEvent
                        .path("content")
                        .path("com.imbridge.part")
                        .path("part")
                        .asText())
                .isEqualTo("text");
        assertThat(helloEvent
                        .path("content")
                        .path("com.imbridge.part")
                        .path("portal")
                        .asText())
                .isEqualTo(ALICE);
        assertThat(dmMessages.get(1).path("sender").asText()).isEqualTo(ghosts.userId(TestConfigs.OWNER_HANDLE));
        assertThat(dmMessages.get(1).path("origin_server_ts").asLong()).isEqualTo(1700000000456L);

        JsonNode pictureEvent = fx.messages(group).getFirst();
        assertThat(pictureEvent.path("event_id").asText()).isEqualTo(pictureId);
        assertThat(pictureEvent.path("sender").asText()).isEqualTo(ghosts.userId(BOB));
        assertThat(pictureEvent.path("origin_server_ts").asLong()).isEqualTo(1700000001000L);
        assertThat(pictureEvent.path("content").path("msgtype").asText()).isEqualTo("m.image");
        assertThat(pictureEvent.path("content").path("url").asText()).isEqualTo(mxc);
        assertThat(pictureEvent.path("content").path("info").path("size").asLong())
                .isEqualTo(image.length);
        assertThat(pictureEvent
                        .path("content")
                        .path("com.imbridge.part")
                        .path("part")
                        .asText())
                .isEqualTo("att0");
        String mediaPath = mxc.substring("mxc://".length());
        assertThat(fx.inspectBytes("/_double/media/" + mediaPath)).containsExactly(image);

        // The double pushes the room's events back to our appservice API.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(received).extracting(e -> e.get("event_id")).contains(helloId, replyId, pictureId));
    }

    @Test
    void theHomeserverCanPingOurAppserviceApi() throws Exception {
        gateway.start();
        assertThat(gateway.pingAppservice("ping-1")).isBetween(Duration.ZERO, Duration.ofSeconds(10));

        appservice.close();
        MatrixRequestException unreachable =
                catchThrowableOfType(MatrixRequestException.class, () -> gateway.pingAppservice("ping-2"));
        assertThat(unreachable.httpStatus()).isEqualTo(502);
        assertThat(unreachable.errcode()).isEqualTo("M_CONNECTION_FAILED");
    }

    @Test
    void resendingAPartReturnsTheSameEventWithoutANewOne() throws Exception {
        gateway.start();
        String dm = gateway.createRoom(new RoomSpec(ALICE, PortalKind.DM, null, List.of(ALICE)));
        OutgoingPart hello = new OutgoingPart.Text(PartKey.text("0c5e-aa"), "0c5e-aa", ALICE, "hello");

        String first = gateway.send(dm, ALICE, hello, 1700000000123L);
        int eventsAfterFirst = fx.events(dm).size();
        String again = gateway.send(dm, ALICE, hello, 1700000000123L);

        assertThat(again).isEqualTo(first);
        assertThat(fx.events(dm)).hasSize(eventsAfterFirst);
        assertThat(fx.messages(dm)).hasSize(1);
    }

    @Test
    void deletingARoomKicksTheOwnerWithTheReasonAndTheBotLeaves() throws Exception {
        gateway.start();
        String dm = gateway.createRoom(new RoomSpec(ALICE, PortalKind.DM, null, List.of(ALICE)));
        fx.asOwner("/rooms/" + Urls.encode(dm) + "/join", Map.of());
        gateway.send(dm, ALICE, new OutgoingPart.Text(PartKey.text("0c5e-aa"), "0c5e-aa", ALICE, "hello"), 1L);

        gateway.deleteRoom(dm, "chat deleted on iPhone");

        JsonNode members = fx.room(dm).path("members");
        assertThat(members.path(TestConfigs.OWNER).asText()).isEqualTo("leave");
        assertThat(members.path(BOT).asText()).isEqualTo("leave");
        assertThat(members.path(ghosts.userId(ALICE)).asText()).isEqualTo("join");
        JsonNode kick = fx.events(dm).stream()
                .filter(e -> e.path("type").asText().equals("m.room.member")
                        && e.path("state_key").asText().equals(TestConfigs.OWNER)
                        && e.path("content").path("membership").asText().equals("leave"))
                .findFirst()
                .orElseThrow();
        assertThat(kick.path("sender").asText()).isEqualTo(BOT);
        assertThat(kick.path("content").path("reason").asText()).isEqualTo("chat deleted on iPhone");

        int eventsAfterDelete = fx.events(dm).size();
        gateway.deleteRoom(dm, "chat deleted on iPhone");
        assertThat(fx.events(dm)).as("a second delete changes nothing").hasSize(eventsAfterDelete);
    }

    @Test
    void deletingARoomTheOwnerNeverJoinedOrAlreadyLeftStillRemovesTheBot() throws Exception {
        gateway.start();
        String invitedOnly = gateway.createRoom(new RoomSpec(ALICE, PortalKind.DM, null, List.of(ALICE)));
        String ownerLeft = gateway.createRoom(new RoomSpec(BOB, PortalKind.DM, null, List.of(BOB)));
        fx.asOwner("/rooms/" + Urls.encode(ownerLeft) + "/join", Map.of());
        fx.asOwner("/rooms/" + Urls.encode(ownerLeft) + "/leave", Map.of());

        gateway.deleteRoom(invitedOnly, "deleted");
        gateway.deleteRoom(ownerLeft, "deleted");

        assertThat(fx.room(invitedOnly).path("members").path(TestConfigs.OWNER).asText())
                .isEqualTo("leave");
        assertThat(fx.room(invitedOnly).path("members").path(BOT).asText()).isEqualTo("leave");
        assertThat(fx.room(ownerLeft).path("members").path(BOT).asText()).isEqualTo("leave");
    }

    @Test
    void deletingARoomTheHomeserverDoesNotKnowIsNotAnError() throws Exception {
        gateway.start();
        gateway.deleteRoom("!nosuchroom:localhost", "deleted");
        assertThat(fx.inspect("/_double/rooms")).isEmpty();
    }

    private static JsonNode only(List<JsonNode> events, String type) {
        List<JsonNode> matching = events.stream()
                .filter(e -> e.path("type").asText().equals(type))
                .toList();
        assertThat(matching).as("events of type %s", type).hasSize(1);
        return matching.getFirst();
    }
}
