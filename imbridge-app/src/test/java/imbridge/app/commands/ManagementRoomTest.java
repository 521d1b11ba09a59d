package imbridge.app.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.config.BridgeConfig;
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

/** The management room's life with the real double: the owner leaving it, opening another, restarts. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ManagementRoomTest {
    private static final String OWNER = "@user:localhost";
    private static final String BOT = "@imessagebot:localhost";
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
    void anInviteFromTheOwnerReplacesAManagementRoomTheyLeft() throws Exception {
        int asPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            asPort = s.getLocalPort();
        }
        hs = HomeserverDouble.start(HsConfig.defaults(new Registration(
                "imessage",
                "http://127.0.0.1:" + asPort,
                "as-token-mgmt",
                "hs-token-mgmt",
                "imessagebot",
                List.of("^@imessagebot:localhost$", "^@imessage_.*:localhost$"),
                false)));
        BridgeConfig config = new BridgeConfig(
                new BridgeConfig.Homeserver(
                        hs.baseUrl(), "localhost", 10, Duration.ofMillis(20), Duration.ofSeconds(1)),
                new BridgeConfig.Appservice(
                        "imessage",
                        "127.0.0.1",
                        asPort,
                        null,
                        "as-token-mgmt",
                        "hs-token-mgmt",
                        "imessagebot",
                        "imessage_"),
                new BridgeConfig.Bridge("test", OWNER, List.of("tel:+15550000001")),
                new BridgeConfig.Database("sqlite", dir.resolve("imbridge.db").toString(), null, null, 1),
                new BridgeConfig.CloudKit(
                        "http://127.0.0.1:1/database/1/com.apple.messages.cloud/production/private",
                        null,
                        200,
                        Duration.ofSeconds(5),
                        SyncSettings.defaults()),
                BackfillSettings.defaults(),
                "INFO");

        String adopted;
        try (BridgeRuntime bridge = new BridgeRuntime(config, BackfillProgress.NONE, (w, e) -> {})) {
            bridge.start();
            String first = roomsNamed("iMessage bridge").getFirst();
            owner("POST", "/rooms/" + enc(first) + "/join", Map.of());
            owner("POST", "/rooms/" + enc(first) + "/leave", Map.of());
            await().atMost(Duration.ofSeconds(20)).until(() -> "leave".equals(membership(first, BOT)));

            adopted = owner("POST", "/createRoom", Map.of("invite", List.of(BOT), "is_direct", true))
                    .path("room_id")
                    .asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> "join".equals(membership(adopted, BOT)));
            String help = owner(
                            "PUT",
                            "/rooms/" + enc(adopted) + "/send/m.room.message/h1",
                            Map.of("msgtype", "m.text", "body", "help"))
                    .path("event_id")
                    .asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> answered(adopted, help));

            String another = owner("POST", "/createRoom", Map.of("invite", List.of(BOT), "is_direct", true))
                    .path("room_id")
                    .asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> "leave".equals(membership(another, BOT)));
        }
        try (BridgeRuntime bridge = new BridgeRuntime(config, BackfillProgress.NONE, (w, e) -> {})) {
            bridge.start();
            assertThat(roomsNamed("iMessage bridge"))
                    .as("the adopted room is kept: no new one")
                    .hasSize(1);
            String status = owner(
                            "PUT",
                            "/rooms/" + enc(adopted) + "/send/m.room.message/s1",
                            Map.of("msgtype", "m.text", "body", "status"))
                    .path("event_id")
                    .asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> answered(adopted, status));
        }
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

    private String membership(String roomId, String userId) throws Exception {
        for (JsonNode room : inspect("/_double/rooms")) {
            if (roomId.equals(room.path("roomId").asText())) {
                return room.path("members").path(userId).asText(null);
            }
        }
        return null;
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

    private JsonNode owner(String method, String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(hs.baseUrl() + "/_matrix/client/v3" + path))
                        .header("Authorization", "Bearer " + hs.accessTokenOf(OWNER))
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode inspect(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(hs.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
