package imbridge.app.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import imbridge.sim.hs.FaultKind;
import imbridge.sim.hs.HomeserverDouble;
import imbridge.sim.hs.HsConfig;
import imbridge.sim.hs.Registration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ClientServerReader} and {@link ClientServerMediaFetcher} against a real homeserver double over loopback. */
class ClientServerReaderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String AS_TOKEN = "as-token-for-reader-test";
    private static final String BOT = "@imessagebot:localhost";
    private static final String OWNER = "@user:localhost";
    private static final String PORTAL = "tel:+15551234567";

    private HomeserverDouble hs;
    private HttpClient http;

    @BeforeEach
    void start() {
        Registration registration = new Registration(
                "imessage",
                null,
                AS_TOKEN,
                "hs-token",
                "imessagebot",
                List.of("^@imessagebot:localhost$", "^@imessage_.*:localhost$"),
                false);
        hs = HomeserverDouble.start(HsConfig.defaults(registration));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        hs.close();
        http.close();
    }

    @Test
    void readsEveryBridgedRoomInTheServersTimelineOrderAcrossManyPages() {
        String portalRoom = createPortalRoom(PORTAL);
        for (int i = 0; i < 23; i++) {
            sendMarked(portalRoom, "g" + i, "message " + i);
        }
        String plainRoom = asBot("POST", "/_matrix/client/v3/createRoom", "{}")
                .get("room_id")
                .asText();
        sendPlain(plainRoom, "not bridged");

        List<DeliveredRoom> rooms = reader(4).read();

        assertThat(rooms).extracting(DeliveredRoom::roomId).containsExactly(portalRoom, plainRoom);
        DeliveredRoom portal = rooms.getFirst();
        assertThat(portal.portalId()).isEqualTo(PORTAL);
        assertThat(portal.ownerMembership()).isEqualTo("invite");
        assertThat(portal.timeline().stream()
                        .filter(DeliveredEvent::isRoomMessage)
                        .map(e -> e.content().get("body")))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 23)
                        .mapToObj(i -> "message " + i)
                        .toList());
        assertThat(rooms.get(1).portalId()).isNull();

        // the same events, in the same order, as the double's own inspection API shows them
        List<DeliveredRoom> inspected = new DoubleInspectionReader(hs.baseUrl(), http).read();
        for (int r = 0; r < 2; r++) {
            assertThat(rooms.get(r).timeline())
                    .extracting(DeliveredEvent::eventId)
                    .containsExactlyElementsOf(inspected.get(r).timeline().stream()
                            .map(DeliveredEvent::eventId)
                            .toList());
        }
        assertThat(rooms.getFirst().timeline()).isEqualTo(inspected.getFirst().timeline());
    }

    @Test
    void theFilterSkipsRoomsAndAKickedOwnerShowsAsLeave() {
        String portalRoom = createPortalRoom(PORTAL);
        String otherRoom = createPortalRoom("mailto:someone@example.com");
        asBot(
                "POST",
                "/_matrix/client/v3/rooms/" + HttpGet.segment(otherRoom) + "/kick",
                "{\"user_id\":\"" + OWNER + "\",\"reason\":\"deleted\"}");

        List<DeliveredRoom> onlyPortal = new ClientServerReader(bot(), OWNER, PORTAL::equals, 100).read();
        List<DeliveredRoom> all = reader(100).read();

        assertThat(onlyPortal).extracting(DeliveredRoom::roomId).containsExactly(portalRoom);
        assertThat(all).extracting(DeliveredRoom::ownerMembership).containsExactly("invite", "leave");
        assertThat(all.get(1).goneForOwner()).isTrue();
    }

    @Test
    void transientHomeserverFailuresAreRetried() {
        String portalRoom = createPortalRoom(PORTAL);
        for (int i = 0; i < 5; i++) {
            sendMarked(portalRoom, "g" + i, "message " + i);
        }
        hs.faults().failNext("/joined_rooms", FaultKind.RATE_LIMIT, false);
        hs.faults().failNext("/state", FaultKind.BAD_GATEWAY, false);
        hs.faults().failNext("/messages", FaultKind.DROP, false);
        hs.faults().failNext("/messages", FaultKind.UNAVAILABLE, true);

        List<DeliveredRoom> rooms = reader(2).read();

        assertThat(rooms.getFirst().timeline().stream().filter(DeliveredEvent::isRoomMessage))
                .hasSize(5);
        @SuppressWarnings("unchecked")
        Map<String, Object> injected = (Map<String, Object>) hs.stats().get("faultsInjected");
        assertThat(injected).containsKeys("429", "502-before", "drop-before", "503-after");
    }

    @Test
    void aRefusedTokenIsAClearErrorThatDoesNotLeakTheToken() {
        ClientServerHttp wrong = new ClientServerHttp(http, hs.baseUrl(), "not-the-token", BOT);
        assertThatThrownBy(() -> new ClientServerReader(wrong, OWNER).read())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("/_matrix/client/v3/joined_rooms")
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("M_UNKNOWN_TOKEN")
                .hasMessageNotContaining("not-the-token");
    }

    @Test
    void mediaComesThroughTheAuthenticatedDownloadEndpoint() throws Exception {
        byte[] bytes = "pretend this is a JPEG".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> upload = http.send(
                HttpRequest.newBuilder(URI.create(hs.baseUrl() + "/_matrix/media/v3/upload?filename=a.jpg"))
                        .header("Authorization", "Bearer " + AS_TOKEN)
                        .header("Content-Type", "image/jpeg")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String mxc = MAPPER.readTree(upload.body()).get("content_uri").asText();

        try (InputStream in = new ClientServerMediaFetcher(bot()).open(mxc)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        assertThatThrownBy(() -> new ClientServerMediaFetcher(bot()).open("mxc://localhost/nope"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void serversWithoutAuthenticatedMediaAreReadThroughTheLegacyEndpoint() throws Exception {
        HttpServer legacy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        legacy.createContext(
                "/_matrix/client/v1/media/download/",
                ex -> reply(ex, 404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request\"}"));
        legacy.createContext("/_matrix/media/v3/download/example.org/known", ex -> reply(ex, 200, "old bytes"));
        legacy.createContext(
                "/_matrix/media/v3/download/example.org/gone", ex -> reply(ex, 404, "{\"errcode\":\"M_NOT_FOUND\"}"));
        legacy.start();
        try {
            ClientServerHttp access = new ClientServerHttp(
                    http, "http://127.0.0.1:" + legacy.getAddress().getPort(), "t", null);
            try (InputStream in = new ClientServerMediaFetcher(access).open("mxc://example.org/known")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("old bytes");
            }
            assertThatThrownBy(() -> new ClientServerMediaFetcher(access).open("mxc://example.org/gone"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("/_matrix/media/v3/download/")
                    .hasMessageContaining("HTTP 404");
        } finally {
            legacy.stop(0);
        }
    }

    // ---- acting as the bridge, through the double's Client-Server API -------------------------------------

    private ClientServerHttp bot() {
        return new ClientServerHttp(http, hs.baseUrl(), AS_TOKEN, BOT);
    }

    private ClientServerReader reader(int pageSize) {
        return new ClientServerReader(bot(), OWNER, portalId -> true, pageSize);
    }

    private String createPortalRoom(String portalId) {
        String body = """
                {"invite":["%s"],"initial_state":[{"type":"m.bridge","state_key":"imessage://%s",
                 "content":{"bridgebot":"%s","channel":{"id":"%s"}}}]}""".formatted(OWNER, portalId, BOT, portalId);
        return asBot("POST", "/_matrix/client/v3/createRoom", body)
                .get("room_id")
                .asText();
    }

    private void sendMarked(String roomId, String guid, String body) {
        send(roomId, guid, """
                {"msgtype":"m.text","body":"%s","com.imbridge.part":{"guid":"%s","part":"text","portal":"%s"}}""".formatted(body, guid, PORTAL));
    }

    private void sendPlain(String roomId, String body) {
        send(roomId, "plain-" + body.hashCode(), "{\"msgtype\":\"m.text\",\"body\":\"" + body + "\"}");
    }

    private void send(String roomId, String txnId, String content) {
        asBot("PUT", "/_matrix/client/v3/rooms/" + HttpGet.segment(roomId) + "/send/m.room.message/" + txnId, content);
    }

    private JsonNode asBot(String method, String path, String json) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(hs.baseUrl() + path))
                            .header("Authorization", "Bearer " + AS_TOKEN)
                            .header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("%s %s: %s", method, path, response.body())
                    .isEqualTo(200);
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
