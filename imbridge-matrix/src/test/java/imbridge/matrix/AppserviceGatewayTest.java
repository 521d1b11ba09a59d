package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import imbridge.core.port.BatchSender;
import imbridge.core.port.MatrixException;
import imbridge.matrix.ScriptedHttpServer.Answer;
import imbridge.matrix.ScriptedHttpServer.Request;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's requests, checked on the wire against a scripted homeserver. */
class AppserviceGatewayTest {
    private static final com.fasterxml.jackson.core.type.TypeReference<List<String>> STRINGS =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};

    private static final String BOT = "@imessagebot:localhost";
    private static final String ALICE = "tel:+15551234567";
    private static final String ALICE_GHOST = "@imessage_tel=3a+15551234567:localhost";
    private static final String BOB = "mailto:bob@example.com";
    private static final String BOB_GHOST = "@imessage_mailto=3abob=40example.com:localhost";
    private static final String PING = "/_matrix/client/v1/appservice/imessage/ping";

    private final ObjectMapper json = new ObjectMapper();
    private final RecordingWaiter waiter = new RecordingWaiter();
    /** Ghosts that may join (invited at creation or later by the bot); others get M_FORBIDDEN. */
    private final Set<String> invited = ConcurrentHashMap.newKeySet();

    private final Set<String> joinedUsers = ConcurrentHashMap.newKeySet();
    private volatile boolean joinsFail;
    private volatile String versions =
            "{\"versions\":[\"v1.1\",\"v1.11\"]," + "\"unstable_features\":{\"com.beeper.batch_sending\":true}}";
    private volatile String whoami = BOT;
    private volatile Answer pingAnswer = Answer.json(404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"no\"}");
    private volatile boolean versionsForbiddenUntilRegistered;
    private final AtomicInteger versionsFailures = new AtomicInteger();
    private ScriptedHttpServer hs;
    private AppserviceGateway gateway;

    @BeforeEach
    void start() throws Exception {
        hs = new ScriptedHttpServer();
        hs.routes(this::homeserver);
        gateway = new AppserviceGateway(TestConfigs.config(hs.baseUrl()), HttpClient.newHttpClient(), waiter);
    }

    @AfterEach
    void stop() {
        gateway.close();
        hs.close();
    }

    @Test
    void handshakeLearnsTheHomeserversCapabilities() throws Exception {
        HomeserverCapabilities caps = gateway.start();

        assertThat(caps.specVersions()).containsExactly("v1.1", "v1.11");
        assertThat(caps.batchSending()).isTrue();
        assertThat(caps.unstableFeatures()).containsExactly("com.beeper.batch_sending");
        assertThat(caps.maxUploadBytes()).isEqualTo(1000);
        assertThat(caps.appservicePing()).as("M_UNRECOGNIZED: no ping, skipped").isNull();
        assertThat(hs.requests())
                .extracting(Request::path)
                .containsExactly(
                        "/_matrix/client/versions",
                        "/_matrix/client/v3/register",
                        "/_matrix/client/v3/account/whoami",
                        PING,
                        "/_matrix/client/v1/media/config");
        assertThat(hs.requests().getFirst().query()).containsEntry("user_id", BOT);
        JsonNode register = body(hs.requests().get(1));
        assertThat(register.path("type").asText()).isEqualTo("m.login.application_service");
        assertThat(register.path("username").asText()).isEqualTo("imessagebot");
        assertThat(hs.requests().get(2).query()).containsEntry("user_id", BOT);
        assertThat(body(hs.requests().get(3)).path("transaction_id").asText()).startsWith("imb.ping.");
    }

    @Test
    void handshakeMeasuresTheAppservicePing() throws Exception {
        pingAnswer = Answer.json(200, "{\"duration_ms\":12}");

        assertThat(gateway.start().appservicePing()).isEqualTo(Duration.ofMillis(12));
    }

    @Test
    void handshakeSkipsThePingOnOlderHomeserversWithoutTheFlag() throws Exception {
        versions = "{\"versions\":[\"v1.5\"]}";

        HomeserverCapabilities caps = gateway.start();

        assertThat(caps.batchSending()).isFalse();
        assertThat(caps.supportsAppservicePing()).isFalse();
        assertThat(hs.requests()).extracting(Request::path).doesNotContain(PING);
    }

    @Test
    void handshakeGivesUpWhenTheHomeserverCannotReachUsAfterSevenPings() {
        pingAnswer = Answer.json(502, "{\"errcode\":\"M_CONNECTION_FAILED\",\"error\":\"refused\"}");

        MatrixException e = catchThrowableOfType(MatrixException.class, gateway::start);

        assertThat(e.errcode()).isEqualTo("M_CONNECTION_FAILED");
        assertThat(e.getMessage()).contains("cannot reach our appservice");
        assertThat(hs.requests()).filteredOn(r -> r.path().equals(PING)).hasSize(7);
        assertThat(waiter.waits())
                .as("one attempt per try, the start-up interval between tries")
                .containsExactly(Collections.nCopies(6, Duration.ofSeconds(10)).toArray(Duration[]::new));
    }

    @Test
    void handshakeRegistersTheBotWhenVersionsRefusesIt() throws Exception {
        versionsForbiddenUntilRegistered = true;

        gateway.start();

        assertThat(hs.requests())
                .extracting(Request::path)
                .startsWith("/_matrix/client/versions", "/_matrix/client/v3/register", "/_matrix/client/versions");
    }

    @Test
    void handshakeWaitsForAnUnreachableHomeserverInRounds() throws Exception {
        gateway.close();
        gateway = new AppserviceGateway(
                TestConfigs.config(hs.baseUrl(), 1, Duration.ofSeconds(30)), HttpClient.newHttpClient(), waiter);
        versionsFailures.set(2);

        gateway.start();

        assertThat(hs.requests())
                .filteredOn(r -> r.path().equals("/_matrix/client/versions"))
                .hasSize(3);
        assertThat(waiter.waits()).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    @Test
    void batchesGoInOneRequestWithDeterministicIdsAndSendersRegisteredButNotJoined() throws Exception {
        gateway.start();
        OutgoingPart one = new OutgoingPart.Text(PartKey.text("0c5e-aa"), "0c5e-aa", ALICE, "one");
        OutgoingPart two = new OutgoingPart.Media(
                PartKey.attachment("0c5e-aa", 0), "0c5e-aa", ALICE, "mxc://localhost/m1", "a.png", "image/png", 3);

        List<String> ids = gateway.sendBatch(
                "!room1:localhost",
                List.of(
                        new BatchSender.BatchItem(ALICE, one, 1000L),
                        new BatchSender.BatchItem(TestConfigs.OWNER_HANDLE, two, 1001L)),
                true);

        Request batch = only("POST", "/_matrix/client/unstable/com.beeper.backfill/rooms/!room1:localhost/batch_send");
        assertThat(batch.query()).containsEntry("user_id", BOT);
        JsonNode body = body(batch);
        assertThat(body.path("forward").asBoolean()).isTrue();
        assertThat(body.path("forward_if_no_messages").asBoolean()).isFalse();
        JsonNode events = body.path("events");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).path("sender").asText()).isEqualTo(ALICE_GHOST);
        assertThat(events.get(0).path("origin_server_ts").asLong()).isEqualTo(1000L);
        assertThat(events.get(0).path("room_id").asText()).isEqualTo("!room1:localhost");
        assertThat(events.get(0)
                        .path("content")
                        .path("com.imbridge.part")
                        .path("part")
                        .asText())
                .isEqualTo("text");
        assertThat(events.get(1).path("content").path("msgtype").asText()).isEqualTo("m.image");
        assertThat(ids)
                .containsExactly(
                        events.get(0).path("event_id").asText(),
                        events.get(1).path("event_id").asText());
        assertThat(ids.getFirst()).isEqualTo(expectedEventId("!room1:localhost", "0C5E-AA", "text"));
        assertThat(ids.get(1)).isEqualTo(expectedEventId("!room1:localhost", "0C5E-AA", "att0"));
        assertThat(hs.requests()).filteredOn(r -> r.path().endsWith("/join")).isEmpty();
        assertThat(hs.requests())
                .filteredOn(r -> r.path().endsWith("/register"))
                .hasSize(3);
        assertThat(gateway.stats().batchRequests()).isEqualTo(1);
        assertThat(gateway.stats().batchEvents()).isEqualTo(2);
    }

    @Test
    void batchesAreRefusedWhenTheHomeserverCannotTakeThem() throws Exception {
        versions = "{\"versions\":[\"v1.11\"]}";
        gateway.start();
        OutgoingPart one = new OutgoingPart.Text(PartKey.text("g"), "g", ALICE, "one");

        assertThat(gateway.batchSendingSupported()).isFalse();
        assertThatThrownBy(() ->
                        gateway.sendBatch("!r:localhost", List.of(new BatchSender.BatchItem(ALICE, one, 1L)), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("com.beeper.batch_sending");
    }

    private static String expectedEventId(String roomId, String guidNorm, String part) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update((roomId + "\u0000" + guidNorm + "\u0000" + part).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "$" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest())
                + ":backfill.localhost";
    }

    @Test
    void handshakeFailsWhenTheTokenIsNotTheBots() {
        whoami = "@someone:localhost";
        MatrixException e = catchThrowableOfType(MatrixException.class, gateway::start);
        assertThat(e.errcode()).isEqualTo(MatrixErrors.BAD_RESPONSE);
        assertThat(e.getMessage()).contains("@someone:localhost");
    }

    @Test
    void handshakeRefusesHomeserversOlderThanV14() {
        versions = "{\"versions\":[\"r0.6.1\",\"v1.1\",\"v1.3\"]}";
        MatrixException e = catchThrowableOfType(MatrixException.class, gateway::start);
        assertThat(e.errcode()).isEqualTo(MatrixErrors.UNSUPPORTED_HOMESERVER);
    }

    @Test
    void createsADirectRoomWithBridgeStateAndJoinsTheGhost() throws Exception {
        String roomId = gateway.createRoom(new RoomSpec(ALICE, PortalKind.DM, null, List.of(ALICE)));

        assertThat(roomId).isEqualTo("!room1:localhost");
        Request create = only("POST", "/_matrix/client/v3/createRoom");
        assertThat(create.query()).containsEntry("user_id", BOT);
        JsonNode body = body(create);
        assertThat(body.path("preset").asText()).isEqualTo("private_chat");
        assertThat(body.path("is_direct").asBoolean()).isTrue();
        assertThat(body.path("name").asText())
                .as("no contact name: named after the formatted number, never after the members")
                .isEqualTo("+1 555-123-4567");
        assertThat(json.convertValue(body.path("invite"), STRINGS)).containsExactly(TestConfigs.OWNER, ALICE_GHOST);
        assertThat(body.path("power_level_content_override")
                        .path("users")
                        .path(BOT)
                        .asInt())
                .isEqualTo(100);
        JsonNode state = body.path("initial_state");
        assertThat(state).hasSize(3);
        assertThat(List.of(
                        state.get(0).path("type").asText(),
                        state.get(1).path("type").asText(),
                        state.get(2).path("type").asText()))
                .containsExactly("m.bridge", "uk.half-shot.bridge", RoomCreation.FUNCTIONAL_MEMBERS);
        assertThat(json.convertValue(state.get(2).path("content").path("service_members"), STRINGS))
                .as("the bot and the owner's own ghost are the service, not a counterpart")
                .containsExactly(BOT, "@imessage_tel=3a+15550000001:localhost");
        for (JsonNode event : List.of(state.get(0), state.get(1))) {
            assertThat(event.path("state_key").asText()).isEqualTo("imessage://" + ALICE);
            assertThat(json.treeToValue(event.path("content"), MAP))
                    .isEqualTo(Map.of(
                            "bridgebot", BOT,
                            "protocol", Map.of("id", "imessage", "displayname", "iMessage"),
                            "channel", Map.of("id", ALICE)));
        }
        assertGhostSetUpAndJoined(ALICE, ALICE_GHOST, "!room1:localhost");
    }

    @Test
    void createsANamedGroupRoomWithAllGhosts() throws Exception {
        gateway.createRoom(new RoomSpec("gid:abc", PortalKind.GROUP, "Family", List.of(ALICE, BOB)));

        JsonNode body = body(only("POST", "/_matrix/client/v3/createRoom"));
        assertThat(body.path("name").asText()).isEqualTo("Family");
        assertThat(body.path("is_direct").asBoolean()).isFalse();
        assertThat(json.convertValue(body.path("invite"), STRINGS))
                .containsExactly(TestConfigs.OWNER, ALICE_GHOST, BOB_GHOST);
        assertThat(body.path("initial_state")
                        .get(0)
                        .path("content")
                        .path("channel")
                        .path("id")
                        .asText())
                .isEqualTo("gid:abc");
        assertGhostSetUpAndJoined(ALICE, ALICE_GHOST, "!room1:localhost");
        assertGhostSetUpAndJoined(BOB, BOB_GHOST, "!room1:localhost");
    }

    @Test
    void aGhostThatWasNotInvitedIsInvitedByTheBotThenJoins() throws Exception {
        gateway.ensureJoined("!other:localhost", BOB);
        int requestsAfterFirst = hs.requests().size();
        gateway.ensureJoined("!other:localhost", BOB);

        List<Request> roomCalls =
                hs.requests().stream().filter(r -> r.path().contains("/rooms/")).toList();
        assertThat(roomCalls)
                .extracting(r -> r.path().substring(r.path().lastIndexOf('/') + 1) + " "
                        + r.query().get("user_id"))
                .containsExactly("join " + BOB_GHOST, "invite " + BOT, "join " + BOB_GHOST);
        assertThat(body(roomCalls.get(1)).path("user_id").asText()).isEqualTo(BOB_GHOST);
        assertThat(hs.requests()).hasSize(requestsAfterFirst);
    }

    @Test
    void sendsTextAsTheGhostWithTimestampAndMarker() throws Exception {
        invited.add(ALICE_GHOST);
        OutgoingPart part = new OutgoingPart.Text(PartKey.text("0c5e-aa"), "0c5e-aa", ALICE, "hello");

        String eventId = gateway.send("!room1:localhost", ALICE, part, 1700000000123L);

        assertThat(eventId).isEqualTo("$event1");
        Request send = only("PUT", "/_matrix/client/v3/rooms/!room1:localhost/send/m.room.message/imb.0C5E-AA.text");
        assertThat(send.query()).containsEntry("user_id", ALICE_GHOST).containsEntry("ts", "1700000000123");
        assertThat(json.readValue(send.body(), MAP))
                .isEqualTo(Map.of(
                        "msgtype",
                        "m.text",
                        "body",
                        "hello",
                        "com.imbridge.part",
                        Map.of("guid", "0c5e-aa", "part", "text", "portal", ALICE)));
    }

    @Test
    void sendsMediaWithMsgtypeByMimeType() throws Exception {
        invited.add(ALICE_GHOST);
        OutgoingPart part = new OutgoingPart.Media(
                PartKey.attachment("0c5e-aa", 0),
                "0c5e-aa",
                ALICE,
                "mxc://localhost/m1",
                "IMG_0001.jpeg",
                "image/jpeg",
                1234);

        gateway.send("!room1:localhost", ALICE, part, 1700000000123L);

        Request send = only("PUT", "/_matrix/client/v3/rooms/!room1:localhost/send/m.room.message/imb.0C5E-AA.att0");
        assertThat(json.readValue(send.body(), MAP))
                .isEqualTo(Map.of(
                        "msgtype",
                        "m.image",
                        "body",
                        "IMG_0001.jpeg",
                        "filename",
                        "IMG_0001.jpeg",
                        "url",
                        "mxc://localhost/m1",
                        "info",
                        Map.of("mimetype", "image/jpeg", "size", 1234),
                        "com.imbridge.part",
                        Map.of("guid", "0c5e-aa", "part", "att0", "portal", ALICE)));
    }

    @Test
    void uploadsMediaAsTheBot() throws Exception {
        gateway.start();
        byte[] data = {1, 2, 3};

        String uri = gateway.uploadMedia(data, "image/png", "a b.png");

        assertThat(uri).isEqualTo("mxc://localhost/media1");
        Request upload = only("POST", "/_matrix/media/v3/upload");
        assertThat(upload.query()).containsEntry("filename", "a b.png").containsEntry("user_id", BOT);
        assertThat(upload.headers()).containsEntry("content-type", "image/png");
        assertThat(upload.body()).containsExactly(1, 2, 3);
    }

    @Test
    void refusesMediaAboveTheLimitWithoutCallingTheServer() throws Exception {
        gateway.start();
        int before = hs.requests().size();

        MatrixRequestException e = catchThrowableOfType(
                MatrixRequestException.class, () -> gateway.uploadMedia(new byte[1001], "image/png", "big.png"));

        assertThat(e.errcode()).isEqualTo("M_TOO_LARGE");
        assertThat(e.httpStatus()).isEqualTo(413);
        assertThat(hs.requests()).hasSize(before);
    }

    @Test
    void aGhostThatLostItsMembershipJoinsAgainAndTheSendIsRetried() throws Exception {
        invited.add(ALICE_GHOST);
        OutgoingPart first = new OutgoingPart.Text(PartKey.text("g1"), "g1", ALICE, "one");
        OutgoingPart second = new OutgoingPart.Text(PartKey.text("g2"), "g2", ALICE, "two");
        gateway.send("!room1:localhost", ALICE, first, 1L);
        joinedUsers.remove(ALICE_GHOST);

        String eventId = gateway.send("!room1:localhost", ALICE, second, 2L);

        assertThat(eventId).isEqualTo("$event1");
        assertThat(hs.requests()).filteredOn(r -> r.path().endsWith("/join")).hasSize(2);
        assertThat(hs.requests())
                .filteredOn(r -> r.path().endsWith("/imb.G2.text"))
                .hasSize(2);
    }

    @Test
    void aRoomIsReturnedEvenWhenAGhostCannotJoinYet() throws Exception {
        joinsFail = true;

        String roomId = gateway.createRoom(new RoomSpec(ALICE, PortalKind.DM, null, List.of(ALICE)));

        assertThat(roomId).isEqualTo("!room1:localhost");
        joinsFail = false;
        gateway.send(roomId, ALICE, new OutgoingPart.Text(PartKey.text("g1"), "g1", ALICE, "one"), 1L);
        assertThat(hs.requests()).filteredOn(r -> r.path().endsWith("/join")).hasSize(2);
        assertThat(joinedUsers).contains(ALICE_GHOST);
    }

    @Test
    void aReplyCarriesInReplyToAndOtherPartsDoNot() {
        Map<String, Object> reply = PartContent.render(new OutgoingPart.Media(
                PartKey.attachment("g", 0), "g", ALICE, "mxc://x/y", "a.png", "image/png", 3, "$target"));
        Map<String, Object> plain = PartContent.render(new OutgoingPart.Text(PartKey.text("g"), "g", ALICE, "hi"));

        assertThat(reply)
                .containsEntry("m.relates_to", Map.of("m.in_reply_to", Map.of("event_id", "$target")))
                .containsEntry("url", "mxc://x/y");
        assertThat(plain).doesNotContainKey("m.relates_to").containsKey(PartContent.MARKER);
    }

    @Test
    void msgtypeFollowsTheMimeFamily() {
        assertThat(PartContent.msgtype("video/quicktime")).isEqualTo("m.video");
        assertThat(PartContent.msgtype("audio/x-m4a")).isEqualTo("m.audio");
        assertThat(PartContent.msgtype("Image/HEIC")).isEqualTo("m.image");
        assertThat(PartContent.msgtype("application/pdf")).isEqualTo("m.file");
        assertThat(PartContent.msgtype(null)).isEqualTo("m.file");
    }

    /** @param handle the ghost's handle; its display name is the handle formatted for people */
    private void assertGhostSetUpAndJoined(String handle, String ghost, String roomId) {
        String localpart = ghost.substring(1, ghost.indexOf(':'));
        List<Request> ghostCalls = hs.requests().stream()
                .filter(r -> ghost.equals(r.query().get("user_id"))
                        || (r.path().endsWith("/register")
                                && body(r).path("username").asText().equals(localpart)))
                .toList();
        assertThat(ghostCalls)
                .extracting(Request::path)
                .containsExactly(
                        "/_matrix/client/v3/register",
                        "/_matrix/client/v3/profile/" + ghost + "/displayname",
                        "/_matrix/client/v3/rooms/" + roomId + "/join");
        assertThat(body(ghostCalls.get(1)).path("displayname").asText()).isEqualTo(NameTemplate.forPeople(handle));
        assertThat(body(ghostCalls.get(1)).path("displayname").asText())
                .as("never the raw handle")
                .doesNotStartWith("tel:")
                .doesNotStartWith("mailto:");
    }

    private Request only(String method, String path) {
        List<Request> matching = hs.requests().stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .toList();
        assertThat(matching).hasSize(1);
        return matching.getFirst();
    }

    private JsonNode body(Request request) {
        try {
            return json.readTree(request.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("request body is not JSON: " + request.bodyText(), e);
        }
    }

    private Answer homeserver(Request r) {
        String user = r.query().get("user_id");
        String p = r.path();
        return switch (r.method() + " " + p) {
            case "GET /_matrix/client/versions" -> {
                if (versionsFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    yield Answer.json(502, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"starting\"}");
                }
                yield versionsForbiddenUntilRegistered
                        ? Answer.json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"unknown bot\"}")
                        : Answer.json(200, versions);
            }
            case "POST /_matrix/client/v3/register" -> {
                if (body(r).path("username").asText().equals("imessagebot")) {
                    if (versionsForbiddenUntilRegistered) {
                        versionsForbiddenUntilRegistered = false;
                        yield Answer.json(200, "{\"user_id\":\"" + BOT + "\"}");
                    }
                    yield Answer.json(400, "{\"errcode\":\"M_USER_IN_USE\",\"error\":\"taken\"}");
                }
                yield Answer.json(
                        200, "{\"user_id\":\"@" + body(r).path("username").asText() + ":localhost\"}");
            }
            case "POST " + PING -> pingAnswer;
            case "POST /_matrix/client/unstable/com.beeper.backfill/rooms/!room1:localhost/batch_send" -> {
                StringBuilder ids = new StringBuilder("{\"event_ids\":[");
                JsonNode events = body(r).path("events");
                for (int i = 0; i < events.size(); i++) {
                    ids.append(i == 0 ? "" : ",")
                            .append('"')
                            .append(events.get(i).path("event_id").asText())
                            .append('"');
                }
                yield Answer.json(200, ids.append("]}").toString());
            }
            case "GET /_matrix/client/v3/account/whoami" -> Answer.json(200, "{\"user_id\":\"" + whoami + "\"}");
            case "GET /_matrix/client/v1/media/config" -> Answer.json(200, "{\"m.upload.size\":1000}");
            case "POST /_matrix/client/v3/createRoom" -> {
                body(r).path("invite").forEach(u -> invited.add(u.asText()));
                yield Answer.json(200, "{\"room_id\":\"!room1:localhost\"}");
            }
            case "POST /_matrix/media/v3/upload" -> Answer.json(200, "{\"content_uri\":\"mxc://localhost/media1\"}");
            default -> {
                if (p.endsWith("/displayname")) {
                    yield Answer.json(200, "{}");
                } else if (p.endsWith("/invite")) {
                    invited.add(body(r).path("user_id").asText());
                    yield Answer.json(200, "{}");
                } else if (p.endsWith("/join")) {
                    if (joinsFail) {
                        yield Answer.json(500, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"database is down\"}");
                    }
                    if (!invited.contains(user)) {
                        yield Answer.json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"not invited\"}");
                    }
                    joinedUsers.add(user);
                    yield Answer.json(200, "{\"room_id\":\"x\"}");
                } else if (p.contains("/send/")) {
                    yield joinedUsers.contains(user)
                            ? Answer.json(200, "{\"event_id\":\"$event1\"}")
                            : Answer.json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"not joined\"}");
                }
                yield Answer.json(404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"no route\"}");
            }
        };
    }
}
