package imbridge.app.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.sim.hs.HomeserverDouble;
import imbridge.sim.hs.HsCompat;
import imbridge.sim.hs.HsConfig;
import imbridge.sim.hs.Registration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Client-Server verifier against the double as Synapse 1.67: edits applied by the server, legacy media only. */
class OldSynapseVerificationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String AS_TOKEN = "as-token-for-old-synapse";
    private static final String BOT = "@imessagebot:localhost";
    private static final String OWNER = "@user:localhost";
    private static final String PORTAL = "tel:+15551234567";
    private static final String GHOST_LOCALPART = "imessage_" + LocalpartCodec.encode(PORTAL);
    private static final String GHOST = "@" + GHOST_LOCALPART + ":localhost";

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
        hs = HomeserverDouble.start(HsConfig.defaults(registration).withCompat(HsCompat.SYNAPSE_1_67));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        hs.close();
        http.close();
    }

    @Test
    void anEventTheServerReplacedWithItsEditIsReadAsSentAndTheEditStillWins() {
        String room = portalRoom();
        String original = send(
                room,
                GHOST,
                "o1",
                Map.of("msgtype", "m.text", "body", "typo", "com.imbridge.part", Map.of("guid", "G1", "part", "text")));
        // as the bridge sent edits before its marker went into m.new_content: the served content loses the marker
        send(
                room,
                GHOST,
                "e1",
                Map.of(
                        "msgtype",
                        "m.text",
                        "body",
                        "* fixed",
                        "m.new_content",
                        Map.of("msgtype", "m.text", "body", "fixed"),
                        "m.relates_to",
                        Map.of("rel_type", "m.replace", "event_id", original)));
        String reaction = send(
                room,
                GHOST,
                "r1",
                "m.reaction",
                Map.of(
                        "m.relates_to", Map.of("rel_type", "m.annotation", "event_id", original, "key", "👍"),
                        "com.imbridge.part", Map.of("guid", "T1", "part", "text")));
        JsonNode served = servedByMessages(room, original);
        assertThat(served.path("content").has("com.imbridge.part"))
                .as("the server applied the edit")
                .isFalse();

        DeliveredRoom read = new ClientServerReader(bot(), OWNER).read().getFirst();
        DeliveredEvent asSent = read.timeline().stream()
                .filter(e -> original.equals(e.eventId()))
                .findFirst()
                .orElseThrow();
        assertThat(PartMarker.read(asSent.content()).id()).isEqualTo(new PartId("G1", "text"));
        assertThat(asSent.content()).containsEntry("body", "typo");

        DeliveredRoom output = BridgeOutput.of(read, GhostResolver.imessage());
        assertThat(output.timeline().stream().filter(DeliveredEvent::isRoomMessage))
                .as("one part, with the edit's body; the reaction still points at it")
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.eventId()).isEqualTo(original);
                    assertThat(e.content()).containsEntry("body", "fixed");
                });
        assertThat(output.timeline()).extracting(DeliveredEvent::eventId).contains(reaction);
    }

    @Test
    void mediaFallsBackToTheLegacyApiOnceOn400() throws IOException {
        String first = upload("first bytes");
        String second = upload("second bytes");
        ClientServerMediaFetcher media = new ClientServerMediaFetcher(bot());

        assertThat(read(media, first)).isEqualTo("first bytes");
        assertThat(read(media, second)).isEqualTo("second bytes");

        assertThat(media.usesLegacy()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> rejected = (Map<String, Object>) hs.stats().get("rejected");
        assertThat(rejected)
                .as("one refused authenticated download, then legacy only")
                .containsEntry("M_UNRECOGNIZED", 1L);
    }

    private static String read(ClientServerMediaFetcher media, String mxc) throws IOException {
        try (InputStream in = media.open(mxc)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private ClientServerHttp bot() {
        return new ClientServerHttp(http, hs.baseUrl(), AS_TOKEN, BOT);
    }

    private String portalRoom() {
        as(
                BOT,
                "POST",
                "/_matrix/client/v3/register",
                Map.of("type", "m.login.application_service", "username", GHOST_LOCALPART));
        Map<String, Object> bridge = Map.of(
                "type",
                "m.bridge",
                "state_key",
                "imessage://" + PORTAL,
                "content",
                Map.of("bridgebot", BOT, "channel", Map.of("id", PORTAL)));
        String room = as(
                        BOT,
                        "POST",
                        "/_matrix/client/v3/createRoom",
                        Map.of("invite", List.of(OWNER, GHOST), "initial_state", List.of(bridge)))
                .path("room_id")
                .asText();
        as(GHOST, "POST", "/_matrix/client/v3/rooms/" + HttpGet.segment(room) + "/join", Map.of());
        return room;
    }

    private String send(String room, String sender, String txnId, Map<String, Object> content) {
        return send(room, sender, txnId, "m.room.message", content);
    }

    private String send(String room, String sender, String txnId, String type, Map<String, Object> content) {
        return as(
                        sender,
                        "PUT",
                        "/_matrix/client/v3/rooms/" + HttpGet.segment(room) + "/send/" + type + "/" + txnId,
                        content)
                .path("event_id")
                .asText();
    }

    private JsonNode servedByMessages(String room, String eventId) {
        JsonNode chunk = as(
                        BOT,
                        "GET",
                        "/_matrix/client/v3/rooms/" + HttpGet.segment(room) + "/messages?dir=f&limit=100",
                        null)
                .path("chunk");
        for (JsonNode e : chunk) {
            if (eventId.equals(e.path("event_id").asText())) {
                return e;
            }
        }
        throw new AssertionError(eventId + " not in /messages");
    }

    private String upload(String text) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(hs.baseUrl() + "/_matrix/media/v3/upload"))
                            .header("Authorization", "Bearer " + AS_TOKEN)
                            .header("Content-Type", "text/plain")
                            .POST(HttpRequest.BodyPublishers.ofString(text))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return MAPPER.readTree(response.body()).path("content_uri").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode as(String user, String method, String path, Map<String, Object> body) {
        String sep = path.contains("?") ? "&" : "?";
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(hs.baseUrl() + path + sep + "user_id=" + HttpGet.segment(user)))
                            .header("Authorization", "Bearer " + AS_TOKEN)
                            .header("Content-Type", "application/json")
                            .method(
                                    method,
                                    body == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)))
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
}
