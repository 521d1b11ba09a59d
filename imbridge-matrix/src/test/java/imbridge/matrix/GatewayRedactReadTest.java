package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.port.MatrixException;
import imbridge.sim.hs.FaultKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redactions, read markers and the management room against the double, including lost answers. */
class GatewayRedactReadTest {
    private static final String ALICE = "tel:+15551234567";

    @RegisterExtension
    final Doubles doubles = new Doubles();

    private DoubleFixture fx;

    @Test
    void aRedactionStripsTheEventOnceEvenWhenItsAnswerIsLost() throws Exception {
        fx = doubles.start();
        String room = fx.dm(ALICE);
        String eventId = fx.gateway.send(room, ALICE, text("0c5e-aa", "unsent later"), 1_700_000_000_000L);
        fx.hs.faults().failNext("/redact/", FaultKind.BAD_GATEWAY, true);

        String redaction = fx.gateway.redact(room, eventId, "unsent on iMessage");
        assertThat(fx.gateway.redact(room, eventId, "unsent on iMessage"))
                .as("repeat = same redaction")
                .isEqualTo(redaction);

        List<JsonNode> redactions = fx.events(room).stream()
                .filter(e -> e.path("type").asText().equals("m.room.redaction"))
                .toList();
        assertThat(redactions).hasSize(1);
        assertThat(redactions.getFirst().path("event_id").asText()).isEqualTo(redaction);
        assertThat(redactions.getFirst().path("redacts").asText()).isEqualTo(eventId);
        assertThat(redactions.getFirst().path("sender").asText()).isEqualTo(DoubleFixture.BOT);
        assertThat(redactions.getFirst().path("content").path("reason").asText())
                .isEqualTo("unsent on iMessage");
        assertThat(fx.messages(room).getFirst().path("content").isEmpty())
                .as("content stripped")
                .isTrue();
        assertThat(fx.gateway.stats().retriesByCause()).containsEntry("502", 1L);

        assertThatThrownBy(() -> fx.gateway.redact(room, "$missing:localhost", null))
                .isInstanceOf(MatrixException.class)
                .satisfies(e -> assertThat(((MatrixException) e).errcode()).isEqualTo("M_NOT_FOUND"));
    }

    @Test
    void theReadersGhostMovesItsReceiptWithTheReadTime() throws Exception {
        fx = doubles.start();
        String owner = TestConfigs.OWNER_HANDLE;
        String room = fx.dm(ALICE);
        String mine = fx.gateway.send(room, owner, text("0c5e-bb", "did you read this?"), 1_700_000_000_000L);
        fx.hs.faults().failNext("/read_markers", FaultKind.UNAVAILABLE, false);

        fx.gateway.markRead(room, ALICE, mine, 1_700_000_060_000L);

        JsonNode receipts = fx.inspect("/_double/rooms/" + Urls.encode(room) + "/receipts");
        JsonNode read = receipts.path(fx.gateway.ghostNames().userId(ALICE)).path("m.read");
        assertThat(read.path("event_id").asText()).isEqualTo(mine);
        assertThat(read.path("requestedTs").asLong()).isEqualTo(1_700_000_060_000L);
        assertThat(receipts.has(TestConfigs.OWNER))
                .as("no double puppet: the owner's marker is untouched")
                .isFalse();
        assertThat(fx.gateway.stats().retriesByCause()).containsEntry("503", 1L);

        String ghostOfBob = fx.gateway.ghostNames().userId("mailto:bob@example.com");
        fx.gateway.markRead(room, "mailto:bob@example.com", mine, 0);
        JsonNode bob =
                fx.inspect("/_double/rooms/" + Urls.encode(room) + "/receipts").path(ghostOfBob);
        assertThat(bob.path("m.read").path("event_id").asText())
                .as("joined on demand first")
                .isEqualTo(mine);
        assertThat(bob.path("m.read").has("requestedTs")).isFalse();
    }

    @Test
    void theManagementRoomIsADmWithTheOwnerCreatedOnceEvenWhenTheAnswerIsLost() throws Exception {
        fx = doubles.start();
        fx.hs.faults().failNext("/createRoom", FaultKind.DROP, true);

        String room = fx.gateway.createManagementRoom();

        assertThat(fx.rooms()).hasSize(1);
        JsonNode listed = fx.room(room);
        assertThat(listed.path("isDirect").asBoolean()).isTrue();
        assertThat(listed.path("members").path(TestConfigs.OWNER).asText()).isEqualTo("invite");
        assertThat(listed.path("bridgePortalId").isNull()).as("not a portal").isTrue();
        assertThat(fx.gateway.isBotJoined(room)).isTrue();
        assertThat(fx.gateway.membership(room, TestConfigs.OWNER)).isEqualTo("invite");
        assertThat(fx.gateway.membership(room, "@nobody:localhost")).isEqualTo("none");

        String notice = fx.gateway.sendBotNotice(room, "reply.$cmd", "hello", "$cmd");
        JsonNode sent = fx.events(room).stream()
                .filter(e -> e.path("event_id").asText().equals(notice))
                .findFirst()
                .orElseThrow();
        assertThat(sent.path("content").path("msgtype").asText()).isEqualTo("m.notice");
        assertThat(sent.path("content")
                        .path("m.relates_to")
                        .path("m.in_reply_to")
                        .path("event_id")
                        .asText())
                .isEqualTo("$cmd");
        assertThat(fx.gateway.createManagementRoom())
                .as("a second call makes a second room (callers remember)")
                .isNotEqualTo(room);
    }

    private static OutgoingPart text(String guid, String body) {
        return new OutgoingPart.Text(PartKey.text(guid), guid, ALICE, body);
    }
}
