package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import imbridge.core.port.BatchSender;
import imbridge.sim.hs.FaultKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every injected fault of the double against the gateway's requests: before the request took effect (nothing
 * happened, the retry does it) and after (it happened, the answer was lost, the retry must not do it twice).
 */
class GatewayFaultContractTest {
    private static final String ALICE = "tel:+15551234567";

    @RegisterExtension
    final Doubles doubles = new Doubles();

    private DoubleFixture fx;

    @ParameterizedTest(name = "{0} after effect: {1}")
    @CsvSource({
        "RATE_LIMIT, false, 429",
        "BAD_GATEWAY, false, 502",
        "BAD_GATEWAY, true, 502",
        "UNAVAILABLE, false, 503",
        "UNAVAILABLE, true, 503",
        "DROP, false, transport",
        "DROP, true, transport"
    })
    void aSendIsDeliveredExactlyOnceWhateverTheFault(FaultKind kind, boolean afterEffect, String cause)
            throws Exception {
        fx = doubles.start();
        String room = fx.dm(ALICE);
        fx.hs.faults().failNext("/send/", kind, afterEffect);

        String eventId = fx.gateway.send(room, ALICE, text("0c5e-aa", "hello"), 1_700_000_000_123L);

        List<JsonNode> messages = fx.messages(room);
        assertThat(messages).extracting(e -> e.path("event_id").asText()).containsExactly(eventId);
        assertThat(messages.getFirst().path("origin_server_ts").asLong()).isEqualTo(1_700_000_000_123L);
        assertThat(fx.gateway.stats().retriesByCause()).containsEntry(cause, 1L);
        assertThat(fx.gateway.stats().sends()).isEqualTo(1);
        assertThat(fx.stats().path("dedupedSends").asLong()).isEqualTo(afterEffect ? 1 : 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"BAD_GATEWAY", "UNAVAILABLE", "DROP"})
    void aCreateRoomWhoseAnswerWasLostIsNotRepeated(FaultKind kind) throws Exception {
        fx = doubles.start();
        fx.gateway.createRoom(new RoomSpec("tel:+15550009999", PortalKind.DM, null, List.of("tel:+15550009999")));
        fx.hs.faults().failNext("/createRoom", kind, true);

        String room = fx.dm(ALICE);

        List<String> aliceRooms = new ArrayList<>();
        fx.rooms().forEach(r -> {
            if (ALICE.equals(r.path("bridgePortalId").asText())) {
                aliceRooms.add(r.path("roomId").asText());
            }
        });
        assertThat(aliceRooms).containsExactly(room);
        assertThat(fx.room(room)
                        .path("members")
                        .path(fx.gateway.ghostNames().userId(ALICE))
                        .asText())
                .isEqualTo("join");
    }

    @Test
    void aCreateRoomRefusedBeforeTakingEffectIsSimplyRetried() throws Exception {
        fx = doubles.start();
        fx.hs.faults().failNext("/createRoom", FaultKind.RATE_LIMIT, false);

        String room = fx.dm(ALICE);

        assertThat(fx.rooms()).hasSize(1);
        assertThat(fx.room(room).path("bridgePortalId").asText()).isEqualTo(ALICE);
    }

    @ParameterizedTest(name = "{0} after effect: {1}")
    @CsvSource({"RATE_LIMIT, false", "BAD_GATEWAY, true", "DROP, true", "UNAVAILABLE, false"})
    void aBatchWhoseAnswerWasLostIsNotDuplicated(FaultKind kind, boolean afterEffect) throws Exception {
        fx = doubles.start(c -> c.withBatchSending(true), DoubleFixture::fastRetries);
        String room = fx.dm(ALICE);
        List<BatchSender.BatchItem> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(new BatchSender.BatchItem(
                    i % 2 == 0 ? ALICE : TestConfigs.OWNER_HANDLE, text("guid-" + i, "m" + i), 1_700_000_000_000L + i));
        }
        fx.hs.faults().failNext("/batch_send", kind, afterEffect);

        List<String> ids = fx.gateway.sendBatch(room, items, true);

        assertThat(fx.messages(room))
                .extracting(e -> e.path("event_id").asText())
                .containsExactlyElementsOf(ids);
        assertThat(fx.messages(room))
                .extracting(e -> e.path("content").path("body").asText())
                .startsWith("m0", "m1", "m2")
                .endsWith("m19");
        assertThat(fx.stats().path("batchEvents").asLong()).isEqualTo(20);
        assertThat(fx.gateway.stats().batchRequests()).isEqualTo(1);
        assertThat(fx.gateway.stats().totalRetries()).isEqualTo(1);
    }

    @Test
    void historyBatchesGoBeforeTheRoomsMessages() throws Exception {
        fx = doubles.start(c -> c.withBatchSending(true), DoubleFixture::fastRetries);
        String room = fx.dm(ALICE);
        String live = fx.gateway.send(room, ALICE, text("live", "live"), 3_000L);

        List<String> history = fx.gateway.sendBatch(
                room,
                List.of(
                        new BatchSender.BatchItem(ALICE, text("old1", "old1"), 1_000L),
                        new BatchSender.BatchItem(ALICE, text("old2", "old2"), 2_000L)),
                false);

        List<String> order = new ArrayList<>(history);
        order.add(live);
        assertThat(fx.messages(room))
                .extracting(e -> e.path("event_id").asText())
                .containsExactlyElementsOf(order);
    }

    @Test
    void ghostSetUpAndJoinsSurviveFaultsAfterEffect() throws Exception {
        fx = doubles.start();
        String room = fx.dm(ALICE);
        fx.hs.faults().failNext("/register", FaultKind.BAD_GATEWAY, true);
        fx.hs.faults().failNext("/displayname", FaultKind.DROP, true);
        fx.hs.faults().failNext("/invite", FaultKind.UNAVAILABLE, true);
        fx.hs.faults().failNext("/join", FaultKind.DROP, true);

        String eventId = fx.gateway.send(room, "mailto:bob@example.com", text("b1", "from bob"), 5L);

        String bob = fx.gateway.ghostNames().userId("mailto:bob@example.com");
        assertThat(fx.room(room).path("members").path(bob).asText()).isEqualTo("join");
        assertThat(fx.messages(room))
                .extracting(e -> e.path("event_id").asText())
                .containsExactly(eventId);
        assertThat(fx.gateway.stats().totalRetries()).isEqualTo(4);
    }

    @Test
    void deletingARoomWhoseKickAnswerWasLostStillFinishes() throws Exception {
        fx = doubles.start();
        String room = fx.dm(ALICE);
        fx.hs.faults().failNext("/kick", FaultKind.BAD_GATEWAY, true);
        fx.hs.faults().failNext("/leave", FaultKind.DROP, true);

        fx.gateway.deleteRoom(room, "chat deleted");

        JsonNode members = fx.room(room).path("members");
        assertThat(members.path(TestConfigs.OWNER).asText()).isEqualTo("leave");
        assertThat(members.path(DoubleFixture.BOT).asText()).isEqualTo("leave");
    }

    @Test
    void uploadsAreRetried() throws Exception {
        fx = doubles.start();
        fx.hs.faults().failNext("/upload", FaultKind.RATE_LIMIT, false);

        String mxc = fx.gateway.uploadMedia(new byte[] {1, 2, 3}, "image/png", "a.png");

        assertThat(mxc).startsWith("mxc://localhost/");
        assertThat(fx.gateway.stats().retriesByCause()).containsEntry("429", 1L);
    }

    private static OutgoingPart text(String guid, String body) {
        return new OutgoingPart.Text(PartKey.text(guid), guid, ALICE, body);
    }
}
