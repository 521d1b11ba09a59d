package imbridge.sim.hs;

import static imbridge.sim.hs.HsFixture.BOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InspectionApiTest {
    static HsFixture fx;

    @BeforeAll
    static void start() {
        fx = HsFixture.start();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void roomsListShowsPortalIdMembersAndCounts() {
        Map<String, Object> bridgeInfo = Map.of(
                "bridgebot",
                BOT,
                "protocol",
                Map.of("id", "imessage", "displayname", "iMessage"),
                "channel",
                Map.of("id", "tel:+15551234567"));
        String roomId = fx.createRoomAsBot(Map.of(
                "name",
                "Alice",
                "is_direct",
                true,
                "initial_state",
                List.of(
                        Map.of("type", "m.bridge", "state_key", "imessage://tel:+15551234567", "content", bridgeInfo),
                        Map.of(
                                "type",
                                "uk.half-shot.bridge",
                                "state_key",
                                "imessage://tel:+15551234567",
                                "content",
                                bridgeInfo))));
        fx.addGhost(roomId, "imessage_=2b15551234567");

        JsonNode summary = null;
        for (JsonNode room : fx.http.get("/_double/rooms", null).json()) {
            if (room.path("roomId").asText().equals(roomId)) {
                summary = room;
            }
        }
        assertThat(summary).isNotNull();
        assertThat(summary.path("creator").asText()).isEqualTo(BOT);
        assertThat(summary.path("name").asText()).isEqualTo("Alice");
        assertThat(summary.path("isDirect").asBoolean()).isTrue();
        assertThat(summary.path("bridgePortalId").asText()).isEqualTo("tel:+15551234567");
        assertThat(summary.path("members").path(BOT).asText()).isEqualTo("join");
        assertThat(summary.path("members")
                        .path("@imessage_=2b15551234567:localhost")
                        .asText())
                .isEqualTo("join");
        assertThat(summary.path("eventCount").asInt())
                .isEqualTo(fx.inspectEvents(roomId).size());
    }

    @Test
    void roomWithoutBridgeStateHasNullPortalId() {
        String roomId = fx.createRoomAsBot(Map.of());

        JsonNode rooms = fx.http.get("/_double/rooms", null).json();
        JsonNode summary = null;
        for (JsonNode room : rooms) {
            if (room.path("roomId").asText().equals(roomId)) {
                summary = room;
            }
        }
        assertThat(summary).isNotNull();
        assertThat(summary.path("bridgePortalId").isNull()).isTrue();
        assertThat(summary.path("name").isNull()).isTrue();
    }

    @Test
    void eventsComeInTimelineOrderIncludingStateAndDeleteRemovesOne() {
        String roomId = fx.createRoomAsBot(Map.of());
        String first = fx.sendAs(roomId, BOT, "i1", Map.of("msgtype", "m.text", "body", "one"), 1000L)
                .json()
                .path("event_id")
                .asText();
        String second = fx.sendAs(roomId, BOT, "i2", Map.of("msgtype", "m.text", "body", "two"), 500L)
                .json()
                .path("event_id")
                .asText();

        JsonNode events = fx.inspectEvents(roomId);
        assertThat(events.get(0).path("type").asText()).isEqualTo("m.room.create");
        assertThat(events.get(0).path("state_key").asText()).isEmpty();
        assertThat(events.get(1).path("type").asText()).isEqualTo("m.room.member");
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("event_id").asText())
                .as("timeline order, not timestamp order")
                .isEqualTo(second);
        assertThat(last.path("origin_server_ts").asLong()).isEqualTo(500L);
        assertThat(last.has("state_key")).isFalse();
        assertThat(iterableFieldNames(last))
                .containsExactlyInAnyOrder("event_id", "type", "sender", "origin_server_ts", "content");

        TestHttp.Response deleted =
                fx.http.delete("/_double/rooms/" + TestHttp.enc(roomId) + "/events/" + TestHttp.enc(first));
        assertThat(deleted.status()).isEqualTo(200);
        List<String> remaining = fx.inspectEvents(roomId).findValuesAsText("event_id");
        assertThat(remaining).doesNotContain(first).contains(second).hasSize(events.size() - 1);

        assertThat(fx.http
                        .delete("/_double/rooms/" + TestHttp.enc(roomId) + "/events/" + TestHttp.enc(first))
                        .status())
                .isEqualTo(404);
        String resent = fx.sendAs(roomId, BOT, "i1", Map.of("msgtype", "m.text", "body", "one"), 1000L)
                .json()
                .path("event_id")
                .asText();
        assertThat(resent)
                .as("a lost event's txnId is forgotten, so a resend recreates it")
                .isNotEqualTo(first);
        assertThat(fx.inspectEvents(roomId).findValuesAsText("event_id")).endsWith(resent);
        assertThat(fx.http
                        .get("/_double/rooms/" + TestHttp.enc("!missing:localhost") + "/events", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void pagesWalkTheTimelineInOrderAndEndWithANullToken() {
        String roomId = fx.createRoomAsBot(Map.of());
        for (int i = 0; i < 7; i++) {
            fx.sendAs(roomId, BOT, "p" + i, Map.of("msgtype", "m.text", "body", "m" + i), 100L - i);
        }
        List<String> whole = fx.inspectEvents(roomId).findValuesAsText("event_id");

        List<String> paged = new java.util.ArrayList<>();
        List<Integer> sizes = new java.util.ArrayList<>();
        String from = null;
        do {
            JsonNode page = fx.http
                    .get(
                            "/_double/rooms/" + TestHttp.enc(roomId) + "/events?limit=3"
                                    + (from == null ? "" : "&from=" + from),
                            null)
                    .json();
            sizes.add(page.path("chunk").size());
            paged.addAll(page.path("chunk").findValuesAsText("event_id"));
            from = page.path("next").isNull() ? null : page.path("next").asText();
        } while (from != null);

        assertThat(paged)
                .as("same events, same (timeline) order as the unpaged array")
                .isEqualTo(whole);
        assertThat(sizes.subList(0, sizes.size() - 1)).allMatch(n -> n == 3);
        assertThat(sizes.getLast()).as("no empty last page").isBetween(1, 3);
        assertThat(fx.http
                        .get("/_double/rooms/" + TestHttp.enc(roomId) + "/events?limit=0", null)
                        .status())
                .isEqualTo(400);
        assertThat(fx.http
                        .get("/_double/rooms/" + TestHttp.enc(roomId) + "/events?limit=2&from=x", null)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void statsCountSends() {
        String roomId = fx.createRoomAsBot(Map.of());
        long before = fx.http.get("/_double/stats", null).json().path("sends").asLong();

        fx.sendAs(roomId, BOT, "s1", Map.of("msgtype", "m.text", "body", "x"), null);

        JsonNode stats = fx.http.get("/_double/stats", null).json();
        assertThat(stats.path("sends").asLong()).isEqualTo(before + 1);
        assertThat(iterableFieldNames(stats))
                .containsExactlyInAnyOrder(
                        "sends",
                        "dedupedSends",
                        "rejected",
                        "transactionsPushed",
                        "batchSends",
                        "batchEvents",
                        "dedupedBatchEvents",
                        "faultsInjected",
                        "restarts");
    }

    private static List<String> iterableFieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
