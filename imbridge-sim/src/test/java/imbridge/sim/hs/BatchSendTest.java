package imbridge.sim.hs;

import static imbridge.sim.hs.HsFixture.AS_TOKEN;
import static imbridge.sim.hs.HsFixture.BOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Beeper batch send (behaviour.md §BF6.7) on the double. */
class BatchSendTest {
    private static final String GHOST = "@imessage_batch:localhost";
    private HsFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void withoutTheFeatureTheEndpointIsUnrecognized() {
        fx = HsFixture.start();
        String roomId = fx.createRoomAsBot(Map.of());

        TestHttp.Response r = batch(roomId, AS_TOKEN, body(true, event("$a:x", GHOST, 1)));

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errcode()).isEqualTo("M_UNRECOGNIZED");
    }

    @Test
    void forwardBatchesAppendInOrderWithTheGivenIdsAndTimestampsAndSendersThatNeverJoined() {
        fx = batchingDouble();
        String roomId = fx.createRoomAsBot(Map.of());
        fx.registerAsUser("imessage_batch");

        TestHttp.Response r = batch(
                roomId,
                AS_TOKEN,
                body(true, event("$a:x", GHOST, 1000), event("$b:x", BOT, 500), event(null, GHOST, 2000)));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> returned = new ArrayList<>();
        r.json().path("event_ids").forEach(id -> returned.add(id.asText()));
        assertThat(returned).hasSize(3).startsWith("$a:x", "$b:x");
        assertThat(messages(roomId))
                .extracting(e -> e.path("event_id").asText())
                .containsExactlyElementsOf(returned);
        assertThat(messages(roomId))
                .extracting(e -> e.path("origin_server_ts").asLong())
                .containsExactly(1000L, 500L, 2000L);
        assertThat(messages(roomId).getFirst().path("sender").asText()).isEqualTo(GHOST);
    }

    @Test
    void resendingABatchWithTheSameIdsCreatesNothing() {
        fx = batchingDouble();
        String roomId = fx.createRoomAsBot(Map.of());
        Map<String, Object> body = body(true, event("$a:x", GHOST, 1), event("$b:x", GHOST, 2));

        assertThat(batch(roomId, AS_TOKEN, body).status()).isEqualTo(200);
        TestHttp.Response again = batch(roomId, AS_TOKEN, body);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("event_ids").get(1).asText()).isEqualTo("$b:x");
        assertThat(messages(roomId)).hasSize(2);
        JsonNode stats = fx.http.get("/_double/stats", null).json();
        assertThat(stats.path("batchSends").asLong()).isEqualTo(2);
        assertThat(stats.path("batchEvents").asLong()).isEqualTo(2);
        assertThat(stats.path("dedupedBatchEvents").asLong()).isEqualTo(2);
    }

    @Test
    void backwardBatchesGoBeforeTheExistingMessagesAndPaginationFollows() {
        fx = batchingDouble();
        String roomId = fx.createRoomAsBot(Map.of());
        TestHttp.Response live = fx.sendAs(roomId, BOT, "live1", Map.of("msgtype", "m.text", "body", "live"), 5000L);
        String liveId = live.json().path("event_id").asText();

        TestHttp.Response r =
                batch(roomId, AS_TOKEN, body(false, event("$old1:x", GHOST, 1), event("$old2:x", GHOST, 2)));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(messages(roomId))
                .extracting(e -> e.path("event_id").asText())
                .containsExactly("$old1:x", "$old2:x", liveId);
        TestHttp.Response page =
                fx.http.get(HsFixture.as(HsFixture.room(roomId) + "/messages?dir=f&limit=1000", BOT), AS_TOKEN);
        List<String> paged = new ArrayList<>();
        page.json().path("chunk").forEach(e -> {
            if (e.path("type").asText().equals("m.room.message")) {
                paged.add(e.path("event_id").asText());
            }
        });
        assertThat(paged).containsExactly("$old1:x", "$old2:x", liveId);
    }

    @Test
    void refusesWhatABatchMustNotContain() {
        fx = batchingDouble();
        String roomId = fx.createRoomAsBot(Map.of());

        assertRefused(batch(roomId, AS_TOKEN, body(true, event("$a:x", "@stranger:localhost", 1))), 403, "M_FORBIDDEN");
        Map<String, Object> state = event("$s:x", GHOST, 1);
        state.put("state_key", "");
        assertRefused(batch(roomId, AS_TOKEN, body(true, state)), 400, "M_BAD_JSON");
        Map<String, Object> noContent = event("$c:x", GHOST, 1);
        noContent.remove("content");
        assertRefused(batch(roomId, AS_TOKEN, body(true, noContent)), 400, "M_BAD_JSON");
        assertRefused(
                batch(roomId, AS_TOKEN, body(true, event("$d:x", GHOST, 1), event("$d:x", GHOST, 2))),
                400,
                "M_BAD_JSON");
        assertRefused(batch(roomId, AS_TOKEN, body(true, event("no-dollar", GHOST, 1))), 400, "M_BAD_JSON");
        assertRefused(batch(roomId, fx.userToken(), body(true, event("$e:x", GHOST, 1))), 403, "M_FORBIDDEN");
        assertRefused(batch("!nope:localhost", AS_TOKEN, body(true, event("$f:x", GHOST, 1))), 404, "M_NOT_FOUND");
        assertThat(messages(roomId)).as("nothing of a refused batch is stored").isEmpty();
    }

    @Test
    void theBotMustBeInTheRoom() {
        fx = batchingDouble();
        String roomId = fx.createRoomAsBot(Map.of());
        assertThat(fx.http
                        .post(HsFixture.as(HsFixture.room(roomId) + "/leave", BOT), AS_TOKEN, Map.of())
                        .status())
                .isEqualTo(200);

        assertRefused(batch(roomId, AS_TOKEN, body(true, event("$a:x", GHOST, 1))), 403, "M_FORBIDDEN");
    }

    private static HsFixture batchingDouble() {
        return HsFixture.start(HsConfig.defaults(HsFixture.registration(null)).withBatchSending(true));
    }

    private TestHttp.Response batch(String roomId, String token, Map<String, Object> body) {
        return fx.http.post(
                HsFixture.as(
                        "/_matrix/client/unstable/com.beeper.backfill/rooms/" + TestHttp.enc(roomId) + "/batch_send",
                        BOT),
                token,
                body);
    }

    private static Map<String, Object> body(boolean forward, Map<?, ?>... events) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("forward", forward);
        body.put("forward_if_no_messages", !forward);
        body.put("send_notification", false);
        body.put("events", List.of(events));
        return body;
    }

    private static Map<String, Object> event(String eventId, String sender, long ts) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "m.room.message");
        event.put("sender", sender);
        event.put("origin_server_ts", ts);
        if (eventId != null) {
            event.put("event_id", eventId);
        }
        event.put("content", Map.of("msgtype", "m.text", "body", "at " + ts));
        return event;
    }

    private static void assertRefused(TestHttp.Response r, int status, String errcode) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.errcode()).isEqualTo(errcode);
    }

    private List<JsonNode> messages(String roomId) {
        List<JsonNode> out = new ArrayList<>();
        fx.inspectEvents(roomId).forEach(e -> {
            if (e.path("type").asText().equals("m.room.message")) {
                out.add(e);
            }
        });
        return out;
    }
}
