package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.port.BatchSender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tapbacks as {@code m.reaction} through {@code /send} and through batch send, against the double. */
class GatewayReactionTest {
    private static final String ALICE = "tel:+15551234567";

    @RegisterExtension
    final Doubles doubles = new Doubles();

    private DoubleFixture fx;

    @Test
    void aReactionIsAnAnnotationOfItsTargetSentOnceAsTheTapbackSendersGhost() throws Exception {
        fx = doubles.start();
        String room = fx.dm(ALICE);
        String target = fx.gateway.send(
                room,
                TestConfigs.OWNER_HANDLE,
                new OutgoingPart.Text(PartKey.text("0c5e-aa"), "0c5e-aa", ALICE, "hi"),
                1_700_000_000_000L);
        OutgoingPart.Reaction loved =
                new OutgoingPart.Reaction(PartKey.reaction("tap-1"), "tap-1", ALICE, target, "❤️");

        String reaction = fx.gateway.send(room, ALICE, loved, 1_700_000_001_000L);
        assertThat(fx.gateway.send(room, ALICE, loved, 1_700_000_001_000L))
                .as("same txnId, same event")
                .isEqualTo(reaction);

        List<JsonNode> reactions = reactions(room);
        assertThat(reactions).hasSize(1);
        JsonNode event = reactions.getFirst();
        assertThat(event.path("event_id").asText()).isEqualTo(reaction);
        assertThat(event.path("sender").asText())
                .isEqualTo(fx.gateway.ghostNames().userId(ALICE));
        assertThat(event.path("origin_server_ts").asLong()).isEqualTo(1_700_000_001_000L);
        assertRelation(event.path("content"), target, "❤️", "TAP-1");
        assertThat(fx.messages(room)).hasSize(1);

        fx.gateway.redact(room, reaction, "tapback removed");
        assertThat(reactions(room).getFirst().path("content").isEmpty())
                .as("redacted: content stripped")
                .isTrue();
    }

    @Test
    void reactionsGoInTheBatchAfterTheirTargetsWithDeterministicIds() throws Exception {
        fx = doubles.start(hs -> hs.withBatchSending(true), DoubleFixture::fastRetries);
        String room = fx.dm(ALICE);
        List<String> first = fx.gateway.sendBatch(
                room,
                List.of(new BatchSender.BatchItem(
                        ALICE,
                        new OutgoingPart.Text(PartKey.text("0c5e-bb"), "0c5e-bb", ALICE, "hello"),
                        1_700_000_000_000L)),
                true);
        OutgoingPart.Reaction liked =
                new OutgoingPart.Reaction(PartKey.reaction("tap-2"), "tap-2", ALICE, first.getFirst(), "👍");

        List<String> ids = fx.gateway.sendBatch(
                room, List.of(new BatchSender.BatchItem(TestConfigs.OWNER_HANDLE, liked, 1_700_000_002_000L)), true);

        assertThat(ids.getFirst())
                .isEqualTo(DeterministicEventIds.of(
                        room, PartKey.reaction("tap-2"), DeterministicEventIds.idServer("localhost")));
        JsonNode event = reactions(room).getFirst();
        assertThat(event.path("event_id").asText()).isEqualTo(ids.getFirst());
        assertThat(event.path("sender").asText())
                .isEqualTo(fx.gateway.ghostNames().userId(TestConfigs.OWNER_HANDLE));
        assertRelation(event.path("content"), first.getFirst(), "👍", "TAP-2");
    }

    private List<JsonNode> reactions(String room) throws Exception {
        return fx.events(room).stream()
                .filter(e -> e.path("type").asText().equals("m.reaction"))
                .toList();
    }

    private static void assertRelation(JsonNode content, String target, String key, String guid) {
        JsonNode relation = content.path("m.relates_to");
        assertThat(relation.path("rel_type").asText()).isEqualTo("m.annotation");
        assertThat(relation.path("event_id").asText()).isEqualTo(target);
        assertThat(relation.path("key").asText()).isEqualTo(key);
        JsonNode marker = content.path("com.imbridge.part");
        assertThat(marker.path("guid").asText()).isEqualToIgnoringCase(guid);
        assertThat(marker.path("part").asText()).isEqualTo("reaction");
        assertThat(marker.path("portal").asText()).isEqualTo(ALICE);
        assertThat(content.has("msgtype")).isFalse();
    }
}
