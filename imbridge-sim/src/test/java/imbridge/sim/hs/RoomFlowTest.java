package imbridge.sim.hs;

import static imbridge.sim.hs.HsFixture.AS_TOKEN;
import static imbridge.sim.hs.HsFixture.BOT;
import static imbridge.sim.hs.HsFixture.REAL_USER;
import static imbridge.sim.hs.HsFixture.as;
import static imbridge.sim.hs.HsFixture.room;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RoomFlowTest {
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
    void createInviteJoinAndSend() {
        String roomId = fx.createRoomAsBot(
                Map.of("name", "Family", "is_direct", false, "preset", "private_chat", "invite", List.of(REAL_USER)));
        assertThat(roomId).startsWith("!").endsWith(":localhost");

        TestHttp.Response join =
                fx.http.post("/_matrix/client/v3/join/" + TestHttp.enc(roomId), fx.userToken(), Map.of());
        assertThat(join.status()).as(join.toString()).isEqualTo(200);
        assertThat(join.json().path("room_id").asText()).isEqualTo(roomId);

        TestHttp.Response sent = fx.http.put(
                room(roomId) + "/send/m.room.message/t1", fx.userToken(), Map.of("msgtype", "m.text", "body", "hi"));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        String eventId = sent.json().path("event_id").asText();
        assertThat(eventId).startsWith("$");

        JsonNode last = lastEvent(roomId);
        assertThat(last.path("event_id").asText()).isEqualTo(eventId);
        assertThat(last.path("sender").asText()).isEqualTo(REAL_USER);
        assertThat(last.path("content").path("body").asText()).isEqualTo("hi");

        JsonNode members = fx.http
                .get(as(room(roomId) + "/joined_members", BOT), AS_TOKEN)
                .json()
                .path("joined");
        assertThat(members.has(BOT)).isTrue();
        assertThat(members.has(REAL_USER)).isTrue();
        assertThat(fx.http
                        .get("/_matrix/client/v3/joined_rooms", fx.userToken())
                        .json()
                        .path("joined_rooms"))
                .extracting(JsonNode::asText)
                .contains(roomId);
    }

    @Test
    void sendByNonMemberIsForbidden() {
        String roomId = fx.createRoomAsBot(Map.of());

        TestHttp.Response r = fx.http.put(
                room(roomId) + "/send/m.room.message/x1",
                fx.userToken(),
                Map.of("msgtype", "m.text", "body", "intruder"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errcode()).isEqualTo("M_FORBIDDEN");
    }

    @Test
    void ghostMustBeRegisteredAndInvitedToJoin() {
        String roomId = fx.createRoomAsBot(Map.of());
        String ghost = "@imessage_late:localhost";

        TestHttp.Response unregistered = fx.http.post(as(room(roomId) + "/join", ghost), AS_TOKEN, Map.of());
        assertThat(unregistered.status()).isEqualTo(403);

        fx.registerAsUser("imessage_late");
        TestHttp.Response uninvited = fx.http.post(as(room(roomId) + "/join", ghost), AS_TOKEN, Map.of());
        assertThat(uninvited.status()).isEqualTo(403);
        assertThat(uninvited.errcode()).isEqualTo("M_FORBIDDEN");

        fx.http.post(as(room(roomId) + "/invite", BOT), AS_TOKEN, Map.of("user_id", ghost));
        TestHttp.Response invited = fx.http.post(as(room(roomId) + "/join", ghost), AS_TOKEN, Map.of());
        assertThat(invited.status()).isEqualTo(200);
    }

    @Test
    void membershipThroughStatePutAsTheBridgeDoesIt() {
        String roomId = fx.createRoomAsBot(Map.of());
        String ghost = "@imessage_state:localhost";
        fx.registerAsUser("imessage_state");

        TestHttp.Response invite = fx.http.put(
                as(room(roomId) + "/state/m.room.member/" + TestHttp.enc(ghost), BOT),
                AS_TOKEN,
                Map.of("membership", "invite", "fi.mau.will_auto_accept", true));
        assertThat(invite.status()).as(invite.toString()).isEqualTo(200);
        TestHttp.Response join = fx.http.put(
                as(room(roomId) + "/state/m.room.member/" + TestHttp.enc(ghost), ghost),
                AS_TOKEN,
                Map.of("membership", "join", "displayname", "Ghost"));
        assertThat(join.status()).as(join.toString()).isEqualTo(200);

        TestHttp.Response forced = fx.http.put(
                as(room(roomId) + "/state/m.room.member/" + TestHttp.enc(REAL_USER), BOT),
                AS_TOKEN,
                Map.of("membership", "join"));
        assertThat(forced.status()).isEqualTo(403);

        assertThat(fx.sendAs(roomId, ghost, "g1", Map.of("msgtype", "m.text", "body", "boo"), null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void sameTxnIdReturnsSameEventWithoutASecondEvent() {
        String roomId = fx.createRoomAsBot(Map.of());
        fx.addGhost(roomId, "imessage_dedup");
        String ghost = "@imessage_dedup:localhost";
        int before = fx.inspectEvents(roomId).size();

        TestHttp.Response first = fx.sendAs(roomId, ghost, "txn-42", Map.of("msgtype", "m.text", "body", "a"), null);
        TestHttp.Response again = fx.sendAs(roomId, ghost, "txn-42", Map.of("msgtype", "m.text", "body", "a"), null);
        TestHttp.Response otherUser = fx.sendAs(roomId, BOT, "txn-42", Map.of("msgtype", "m.text", "body", "b"), null);

        assertThat(again.json().path("event_id").asText())
                .isEqualTo(first.json().path("event_id").asText());
        assertThat(otherUser.json().path("event_id").asText())
                .isNotEqualTo(first.json().path("event_id").asText());
        assertThat(fx.inspectEvents(roomId).size()).isEqualTo(before + 2);
        assertThat(fx.http
                        .get("/_double/stats", null)
                        .json()
                        .path("dedupedSends")
                        .asLong())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void timestampIsHonouredForTheAppserviceOnly() {
        String roomId = fx.createRoomAsBot(Map.of("invite", List.of(REAL_USER)));
        fx.http.post(room(roomId) + "/join", fx.userToken(), Map.of());
        long massaged = 1_600_000_000_123L;

        fx.sendAs(roomId, BOT, "ts-as", Map.of("msgtype", "m.text", "body", "old"), massaged);
        assertThat(lastEvent(roomId).path("origin_server_ts").asLong()).isEqualTo(massaged);

        long before = System.currentTimeMillis();
        fx.http.put(
                room(roomId) + "/send/m.room.message/ts-user?ts=" + massaged,
                fx.userToken(),
                Map.of("msgtype", "m.text", "body", "now"));
        assertThat(lastEvent(roomId).path("origin_server_ts").asLong()).isGreaterThanOrEqualTo(before);

        TestHttp.Response badTs = fx.http.put(
                as(room(roomId) + "/send/m.room.message/ts-bad?ts=yesterday", BOT),
                AS_TOKEN,
                Map.of("msgtype", "m.text", "body", "x"));
        assertThat(badTs.errcode()).isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void createRoomStoresInitialStateNameTopicAndPowerLevels() {
        String roomId = fx.createRoomAsBot(Map.of(
                "name",
                "Group",
                "topic",
                "About",
                "is_direct",
                true,
                "preset",
                "private_chat",
                "creation_content",
                Map.of("m.federate", false),
                "power_level_content_override",
                Map.of("users", Map.of(BOT, 9001)),
                "initial_state",
                List.of(Map.of(
                        "type",
                        "m.bridge",
                        "state_key",
                        "imessage://gid:abc",
                        "content",
                        Map.of("channel", Map.of("id", "gid:abc"))))));

        TestHttp.Response state = fx.http.get(as(room(roomId) + "/state", BOT), AS_TOKEN);
        assertThat(state.status()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        state.json().forEach(e -> types.add(e.path("type").asText()));
        assertThat(types)
                .contains(
                        "m.room.create",
                        "m.room.member",
                        "m.room.power_levels",
                        "m.room.join_rules",
                        "m.bridge",
                        "m.room.name",
                        "m.room.topic");

        JsonNode bridge = fx.http
                .get(as(room(roomId) + "/state/m.bridge/" + TestHttp.enc("imessage://gid:abc"), BOT), AS_TOKEN)
                .json();
        assertThat(bridge.path("channel").path("id").asText()).isEqualTo("gid:abc");
        JsonNode create = fx.http
                .get(as(room(roomId) + "/state/m.room.create", BOT), AS_TOKEN)
                .json();
        assertThat(create.path("m.federate").asBoolean(true)).isFalse();
        assertThat(create.path("creator").asText()).isEqualTo(BOT);
        JsonNode levels = fx.http
                .get(as(room(roomId) + "/state/m.room.power_levels/", BOT), AS_TOKEN)
                .json();
        assertThat(levels.path("users").path(BOT).asInt()).isEqualTo(9001);
        assertThat(fx.http
                        .get(as(room(roomId) + "/state/m.room.name", BOT), AS_TOKEN)
                        .json()
                        .path("name")
                        .asText())
                .isEqualTo("Group");
    }

    @Test
    void statePutUpdatesStateAndSlashesInStateKeysWork() {
        String roomId = fx.createRoomAsBot(Map.of());
        String key = "imessage://tel:+15551234567";

        TestHttp.Response put = fx.http.put(
                as(room(roomId) + "/state/m.bridge/" + TestHttp.enc(key), BOT),
                AS_TOKEN,
                Map.of("channel", Map.of("id", "tel:+15551234567")));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        TestHttp.Response same = fx.http.put(
                as(room(roomId) + "/state/m.bridge/" + TestHttp.enc(key), BOT),
                AS_TOKEN,
                Map.of("channel", Map.of("id", "tel:+15551234567")));
        assertThat(same.json().path("event_id").asText())
                .as("identical state is deduplicated")
                .isEqualTo(put.json().path("event_id").asText());

        JsonNode read = fx.http
                .get(as(room(roomId) + "/state/m.bridge/" + TestHttp.enc(key), BOT), AS_TOKEN)
                .json();
        assertThat(read.path("channel").path("id").asText()).isEqualTo("tel:+15551234567");
        JsonNode last = lastEvent(roomId);
        assertThat(last.path("state_key").asText()).isEqualTo(key);
    }

    @Test
    void stateKeyOfAnotherUserAndLowPowerAreForbidden() {
        String roomId = fx.createRoomAsBot(Map.of());
        fx.addGhost(roomId, "imessage_weak");
        String ghost = "@imessage_weak:localhost";

        TestHttp.Response lowPower =
                fx.http.put(as(room(roomId) + "/state/m.room.name", ghost), AS_TOKEN, Map.of("name", "x"));
        assertThat(lowPower.status()).isEqualTo(403);

        TestHttp.Response othersKey =
                fx.http.put(as(room(roomId) + "/state/com.example/" + TestHttp.enc(ghost), BOT), AS_TOKEN, Map.of());
        assertThat(othersKey.status()).isEqualTo(403);
    }

    @Test
    void floatsAndOversizedEventsAreRejected() {
        String roomId = fx.createRoomAsBot(Map.of());

        TestHttp.Response floaty = fx.sendAs(
                roomId, BOT, "f1", Map.of("msgtype", "m.text", "body", "x", "info", Map.of("size", 1.5)), null);
        assertThat(floaty.errcode()).isEqualTo("M_BAD_JSON");

        TestHttp.Response huge =
                fx.sendAs(roomId, BOT, "f2", Map.of("msgtype", "m.text", "body", "x".repeat(70_000)), null);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.errcode()).isEqualTo("M_TOO_LARGE");
    }

    @Test
    void unknownRoomIsNotFound() {
        TestHttp.Response r = fx.http.put(
                room("!nope:localhost") + "/send/m.room.message/1",
                fx.userToken(),
                Map.of("msgtype", "m.text", "body", "x"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errcode()).isEqualTo("M_NOT_FOUND");
    }

    @Test
    void leaveEndsTheRightToSend() {
        String roomId = fx.createRoomAsBot(Map.of("invite", List.of(REAL_USER)));
        fx.http.post(room(roomId) + "/join", fx.userToken(), Map.of());

        assertThat(fx.http
                        .post(room(roomId) + "/leave", fx.userToken(), Map.of())
                        .status())
                .isEqualTo(200);

        TestHttp.Response after = fx.http.put(
                room(roomId) + "/send/m.room.message/after-leave",
                fx.userToken(),
                Map.of("msgtype", "m.text", "body", "x"));
        assertThat(after.status()).isEqualTo(403);
        assertThat(fx.http
                        .get("/_matrix/client/v3/joined_rooms", fx.userToken())
                        .json()
                        .path("joined_rooms"))
                .extracting(JsonNode::asText)
                .doesNotContain(roomId);
    }

    @Test
    void messagesPaginateBackwardsAndForwards() {
        String roomId = fx.createRoomAsBot(Map.of());
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sent.add(fx.sendAs(roomId, BOT, "p" + i, Map.of("msgtype", "m.text", "body", "m" + i), null)
                    .json()
                    .path("event_id")
                    .asText());
        }

        // Backwards from the end: newest first, 3 per page, until `end` disappears.
        List<String> backwards = new ArrayList<>();
        String from = null;
        int pages = 0;
        while (true) {
            String path = room(roomId) + "/messages?dir=b&limit=3" + (from == null ? "" : "&from=" + from);
            JsonNode page = fx.http.get(as(path, BOT), AS_TOKEN).json();
            assertThat(page.has("start")).isTrue();
            page.path("chunk").forEach(e -> backwards.add(e.path("event_id").asText()));
            pages++;
            if (!page.has("end")) {
                break;
            }
            from = page.path("end").asText();
            assertThat(pages).as("pagination terminates").isLessThan(50);
        }
        List<String> timeline = fx.inspectEvents(roomId).findValuesAsText("event_id");
        List<String> reversed = new ArrayList<>(timeline);
        java.util.Collections.reverse(reversed);
        assertThat(backwards).isEqualTo(reversed);
        assertThat(backwards.subList(0, 7)).isEqualTo(reversedCopy(sent));

        // Forwards from the beginning with a `to` bound: the first page stops at the bound.
        JsonNode firstTwo = fx.http
                .get(as(room(roomId) + "/messages?dir=f&limit=2", BOT), AS_TOKEN)
                .json();
        assertThat(firstTwo.path("chunk").findValuesAsText("event_id")).isEqualTo(timeline.subList(0, 2));
        JsonNode rest = fx.http
                .get(
                        as(
                                room(roomId) + "/messages?dir=f&limit=100&from="
                                        + firstTwo.path("end").asText(),
                                BOT),
                        AS_TOKEN)
                .json();
        assertThat(rest.path("chunk").findValuesAsText("event_id")).isEqualTo(timeline.subList(2, timeline.size()));

        JsonNode newestThree = fx.http
                .get(as(room(roomId) + "/messages?dir=b&limit=3", BOT), AS_TOKEN)
                .json();
        JsonNode bounded = fx.http
                .get(
                        as(
                                room(roomId) + "/messages?dir=f&limit=100&from="
                                        + firstTwo.path("end").asText() + "&to="
                                        + newestThree.path("end").asText(),
                                BOT),
                        AS_TOKEN)
                .json();
        assertThat(bounded.path("chunk").findValuesAsText("event_id"))
                .isEqualTo(timeline.subList(2, timeline.size() - 3));

        JsonNode empty = fx.http
                .get(
                        as(
                                room(roomId) + "/messages?dir=f&from="
                                        + rest.path("end").asText(),
                                BOT),
                        AS_TOKEN)
                .json();
        assertThat(empty.path("chunk")).isEmpty();
        assertThat(empty.has("end")).isFalse();

        assertThat(fx.http
                        .get(as(room(roomId) + "/messages?dir=b&from=garbage", BOT), AS_TOKEN)
                        .errcode())
                .isEqualTo("M_INVALID_PARAM");
        assertThat(fx.http.get(room(roomId) + "/messages?dir=b", fx.userToken()).status())
                .isEqualTo(403);
    }

    @Test
    void redactionStripsContent() {
        String roomId = fx.createRoomAsBot(Map.of());
        String eventId = fx.sendAs(roomId, BOT, "r1", Map.of("msgtype", "m.text", "body", "secret"), null)
                .json()
                .path("event_id")
                .asText();

        TestHttp.Response redact = fx.http.put(
                as(room(roomId) + "/redact/" + TestHttp.enc(eventId) + "/rt1", BOT),
                AS_TOKEN,
                Map.of("reason", "oops"));
        assertThat(redact.status()).as(redact.toString()).isEqualTo(200);

        JsonNode original = fx.http
                .get(as(room(roomId) + "/event/" + TestHttp.enc(eventId), BOT), AS_TOKEN)
                .json();
        assertThat(original.path("content").isEmpty()).isTrue();
        assertThat(lastEvent(roomId).path("type").asText()).isEqualTo("m.room.redaction");
        assertThat(lastEvent(roomId).path("redacts").asText())
                .as("inspection shows the target")
                .isEqualTo(eventId);
        assertThat(lastEvent(roomId).path("content").path("reason").asText()).isEqualTo("oops");
    }

    @Test
    void receiptsAndReadMarkersAreStoredForInspection() {
        String roomId = fx.createRoomAsBot(Map.of("invite", List.of(REAL_USER)));
        fx.http.post(room(roomId) + "/join", fx.userToken(), Map.of());
        String eventId = fx.sendAs(roomId, BOT, "rr1", Map.of("msgtype", "m.text", "body", "read me"), null)
                .json()
                .path("event_id")
                .asText();
        int events = fx.inspectEvents(roomId).size();

        TestHttp.Response markers = fx.http.post(
                room(roomId) + "/read_markers",
                fx.userToken(),
                Map.of(
                        "m.read",
                        eventId,
                        "m.fully_read",
                        eventId,
                        "com.beeper.read.extra",
                        Map.of("ts", 1234),
                        "org.example.unknown",
                        eventId));
        assertThat(markers.status()).as(markers.toString()).isEqualTo(200);
        TestHttp.Response receipt =
                fx.http.post(as(room(roomId) + "/receipt/m.read/" + TestHttp.enc(eventId), BOT), AS_TOKEN, Map.of());
        assertThat(receipt.status()).as(receipt.toString()).isEqualTo(200);

        JsonNode receipts = fx.http
                .get("/_double/rooms/" + TestHttp.enc(roomId) + "/receipts", null)
                .json();
        assertThat(receipts.path(REAL_USER).path("m.read").path("event_id").asText())
                .isEqualTo(eventId);
        assertThat(receipts.path(REAL_USER).path("m.read").path("requestedTs").asLong())
                .isEqualTo(1234);
        assertThat(receipts.path(REAL_USER)
                        .path("m.fully_read")
                        .path("event_id")
                        .asText())
                .isEqualTo(eventId);
        assertThat(receipts.path(BOT).path("m.read").path("event_id").asText()).isEqualTo(eventId);
        assertThat(receipts.path(BOT).path("m.read").has("requestedTs")).isFalse();
        assertThat(fx.inspectEvents(roomId).size())
                .as("receipts are not timeline events")
                .isEqualTo(events);

        assertThat(fx.http
                        .post(room(roomId) + "/read_markers", fx.userToken(), Map.of("m.read", "$nope:localhost"))
                        .errcode())
                .isEqualTo("M_NOT_FOUND");
        assertThat(fx.http
                        .post(room(roomId) + "/read_markers", fx.userToken(), Map.of("m.read", 5))
                        .errcode())
                .isEqualTo("M_INVALID_PARAM");
        assertThat(fx.http
                        .post(room(roomId) + "/receipt/m.seen/" + TestHttp.enc(eventId), fx.userToken(), Map.of())
                        .errcode())
                .isEqualTo("M_INVALID_PARAM");
        String other = fx.createRoomAsBot(Map.of());
        assertThat(fx.http
                        .post(room(other) + "/read_markers", fx.userToken(), Map.of("m.read", eventId))
                        .status())
                .as("non-members cannot set receipts")
                .isEqualTo(403);
    }

    @Test
    void kickNeedsPowerAndDisplaynameChangesAreAnnouncedInRooms() {
        String roomId = fx.createRoomAsBot(Map.of("invite", List.of(REAL_USER)));
        fx.http.post(room(roomId) + "/join", fx.userToken(), Map.of());
        fx.addGhost(roomId, "imessage_kicker");
        String ghost = "@imessage_kicker:localhost";

        TestHttp.Response weakKick =
                fx.http.post(as(room(roomId) + "/kick", ghost), AS_TOKEN, Map.of("user_id", REAL_USER));
        assertThat(weakKick.status()).isEqualTo(403);

        fx.http.put(
                as("/_matrix/client/v3/profile/" + TestHttp.enc(ghost) + "/displayname", ghost),
                AS_TOKEN,
                Map.of("displayname", "Kicker"));
        JsonNode announced = lastEvent(roomId);
        assertThat(announced.path("type").asText()).isEqualTo("m.room.member");
        assertThat(announced.path("state_key").asText()).isEqualTo(ghost);
        assertThat(announced.path("content").path("displayname").asText()).isEqualTo("Kicker");

        TestHttp.Response botKick =
                fx.http.post(as(room(roomId) + "/kick", BOT), AS_TOKEN, Map.of("user_id", REAL_USER, "reason", "bye"));
        assertThat(botKick.status()).isEqualTo(200);
        JsonNode kicked = fx.http.get("/_double/rooms", null).json().findParents("roomId").stream()
                .filter(r -> r.path("roomId").asText().equals(roomId))
                .findFirst()
                .orElseThrow();
        assertThat(kicked.path("members").path(REAL_USER).asText()).isEqualTo("leave");
    }

    private static JsonNode lastEvent(String roomId) {
        JsonNode events = fx.inspectEvents(roomId);
        return events.get(events.size() - 1);
    }

    private static List<String> reversedCopy(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
