package imbridge.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.config.BridgeConfig;
import imbridge.app.config.OperatorConfig;
import imbridge.app.runtime.BridgeRuntime;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.backfill.BackfillSettings;
import imbridge.core.sync.SyncSettings;
import imbridge.sim.hs.HomeserverDouble;
import imbridge.sim.hs.HsConfig;
import imbridge.sim.hs.Registration;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's acceptance on the whole bridge: a transaction mixing a bot command with unusable events is answered
 * 200, the command is answered in the management room, and the unusable events are listed with their reasons by
 * {@code GET /api/quarantine}, from the database, across a restart, once each however often the transaction comes.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class QuarantineApiTest {
    private static final String OWNER = "@user:localhost";
    private static final String BOT = "@imessagebot:localhost";
    private static final String HS_TOKEN = "hs-token-quarantine";
    private static final String ADMIN_TOKEN = "admin-token-quarantine";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private HomeserverDouble hs;

    @AfterEach
    void stop() {
        if (hs != null) {
            hs.close();
        }
    }

    @Test
    void aMixedTransactionIsAcknowledgedItsCommandAnsweredAndItsBadEventsListed() throws Exception {
        int asPort = freePort();
        hs = HomeserverDouble.start(HsConfig.defaults(new Registration(
                "imessage",
                "http://127.0.0.1:" + asPort,
                "as-token-quarantine",
                HS_TOKEN,
                "imessagebot",
                List.of("^@imessagebot:localhost$", "^@imessage_.*:localhost$"),
                false)));
        BridgeConfig config = config(asPort);
        String transaction;
        try (BridgeRuntime bridge = new BridgeRuntime(config, BackfillProgress.NONE, (w, e) -> {})) {
            bridge.start();
            String management = roomsNamed("iMessage bridge").getFirst();
            owner("POST", "/rooms/" + enc(management) + "/join");
            transaction = mixedTransaction(management);

            HttpResponse<String> pushed = pushTransaction(asPort, "q1", transaction);
            HttpResponse<String> retried = pushTransaction(asPort, "q1", transaction);

            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
            assertThat(retried.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> answered(management, "$quarantine-help"));
            JsonNode listed = quarantine(bridge.operatorPort(), ADMIN_TOKEN);
            assertThat(listed.path("count").asLong()).isEqualTo(4);
            List<String> reasons = new ArrayList<>();
            listed.path("entries").forEach(e -> reasons.add(e.path("reason").asText()));
            assertThat(reasons)
                    .containsExactly("section_not_array", "bad_origin_server_ts", "no_event_id", "not_an_object");
            JsonNode noId = listed.path("entries").get(2);
            assertThat(noId.path("txnId").asText()).isEqualTo("q1");
            assertThat(noId.path("rawJson").asText()).contains("\"body\":\"status\"");
            assertThat(anonymous(bridge.operatorPort()).statusCode())
                    .as("the listing is behind the admin token")
                    .isEqualTo(401);
        }
        try (BridgeRuntime bridge = new BridgeRuntime(config, BackfillProgress.NONE, (w, e) -> {})) {
            bridge.start();
            assertThat(pushTransaction(asPort, "q1", transaction).statusCode()).isEqualTo(200);
            assertThat(quarantine(bridge.operatorPort(), ADMIN_TOKEN)
                            .path("count")
                            .asLong())
                    .as("kept across a restart, and a transaction retried after it adds nothing")
                    .isEqualTo(4);
        }
    }

    /** A good command between a non-object, an event without ID, a string timestamp and an odd ephemeral section. */
    private static String mixedTransaction(String management) throws Exception {
        String room = JSON.writeValueAsString(management);
        return """
                {"events":[
                  "not an event",
                  {"type":"m.room.message","room_id":%1$s,"sender":"@user:localhost",
                   "content":{"msgtype":"m.text","body":"status"}},
                  {"type":"m.room.message","event_id":"$quarantine-help","room_id":%1$s,
                   "sender":"@user:localhost","origin_server_ts":1700000000000,
                   "content":{"msgtype":"m.text","body":"help"}},
                  {"type":"m.room.message","event_id":"$quarantine-ts","room_id":%1$s,
                   "sender":"@user:localhost","origin_server_ts":"noon",
                   "content":{"msgtype":"m.text","body":"sync"}}
                ],
                "de.sorunome.msc2409.ephemeral":{"type":"m.typing"}}""".formatted(room);
    }

    private BridgeConfig config(int asPort) {
        return new BridgeConfig(
                        new BridgeConfig.Homeserver(
                                hs.baseUrl(), "localhost", 10, Duration.ofMillis(20), Duration.ofSeconds(1)),
                        new BridgeConfig.Appservice(
                                "imessage",
                                "127.0.0.1",
                                asPort,
                                null,
                                "as-token-quarantine",
                                HS_TOKEN,
                                "imessagebot",
                                "imessage_"),
                        new BridgeConfig.Bridge("test", OWNER, List.of("tel:+15550000001")),
                        new BridgeConfig.Database(
                                "sqlite", dir.resolve("imbridge.db").toString(), null, null, 1),
                        new BridgeConfig.CloudKit(
                                "http://127.0.0.1:1/database/1/com.apple.messages.cloud/production/private",
                                null,
                                200,
                                Duration.ofSeconds(5),
                                SyncSettings.defaults()),
                        BackfillSettings.defaults(),
                        "INFO")
                .withOperator(new OperatorConfig(true, "127.0.0.1", 0, ADMIN_TOKEN));
    }

    private HttpResponse<String> pushTransaction(int asPort, String txnId, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + asPort + "/_matrix/app/v1/transactions/" + txnId))
                        .header("Authorization", "Bearer " + HS_TOKEN)
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode quarantine(int operatorPort, String token) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operatorPort + "/api/quarantine"))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> anonymous(int operatorPort) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operatorPort + "/api/quarantine"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> roomsNamed(String name) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode room : inspect("/_double/rooms")) {
            if (name.equals(room.path("name").asText())) {
                out.add(room.path("roomId").asText());
            }
        }
        return out;
    }

    private boolean answered(String roomId, String commandEventId) throws Exception {
        for (JsonNode event : inspect("/_double/rooms/" + enc(roomId) + "/events")) {
            if (BOT.equals(event.path("sender").asText())
                    && commandEventId.equals(event.path("content")
                            .path("m.relates_to")
                            .path("m.in_reply_to")
                            .path("event_id")
                            .asText())) {
                return true;
            }
        }
        return false;
    }

    private void owner(String method, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(hs.baseUrl() + "/_matrix/client/v3" + path))
                        .header("Authorization", "Bearer " + hs.accessTokenOf(OWNER))
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of())))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isEqualTo(200);
    }

    private JsonNode inspect(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(hs.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
