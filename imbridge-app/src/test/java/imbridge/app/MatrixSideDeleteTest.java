package imbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.runtime.BridgeRuntime;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.util.CancellationToken;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The user deleting a portal room in Matrix: the chat is soft-deleted and never comes back on a later sync. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MatrixSideDeleteTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode get(String url) throws Exception {
        return json.readTree(
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                        .body());
    }

    private List<JsonNode> bridgeRooms(DemoEnvironment env) throws Exception {
        List<JsonNode> rooms = new ArrayList<>();
        get(env.homeserverUrl() + "/_double/rooms").forEach(r -> {
            if (!r.path("bridgePortalId").isNull()) {
                rooms.add(r);
            }
        });
        return rooms;
    }

    @Test
    void theOwnerLeavingAPortalRoomDeletesTheChatForGood(@TempDir Path dir) throws Exception {
        DemoOptions options = new DemoOptions(8, 4, 300, dir, null);
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            try (BridgeRuntime bridge = new BridgeRuntime(env.config(), BackfillProgress.NONE, (w, e) -> fail(w, e))) {
                bridge.start();
                bridge.initialSync(new CancellationToken());
                List<JsonNode> rooms = bridgeRooms(env);
                JsonNode victim = rooms.getFirst();
                String roomId = victim.path("roomId").asText();
                String token = env.homeserver().accessTokenOf(DemoEnvironment.OWNER);
                HttpResponse<String> left = http.send(
                        HttpRequest.newBuilder(URI.create(env.homeserverUrl()
                                        + "/_matrix/client/v3/rooms/"
                                        + URLEncoder.encode(roomId, StandardCharsets.UTF_8)
                                        + "/leave"))
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(left.statusCode()).as(left.body()).isEqualTo(200);

                // the homeserver pushes the leave; the bridge soft-deletes the chat and leaves the room
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(get(env.homeserverUrl() + "/_double/rooms")
                                        .findValuesAsText("roomId"))
                                .isNotEmpty()
                                .satisfies(ids -> assertThat(membership(env, roomId, "@imessagebot:localhost"))
                                        .isEqualTo("leave")));
            }
            int roomsBefore = bridgeRooms(env).size();
            try (BridgeRuntime bridge = new BridgeRuntime(env.config(), BackfillProgress.NONE, (w, e) -> fail(w, e))) {
                bridge.start();
                bridge.initialSync(new CancellationToken()); // CloudKit still has the chat: it must not come back
            }
            assertThat(bridgeRooms(env)).hasSize(roomsBefore);
        }
    }

    private String membership(DemoEnvironment env, String roomId, String user) throws Exception {
        for (JsonNode r : get(env.homeserverUrl() + "/_double/rooms")) {
            if (r.path("roomId").asText().equals(roomId)) {
                return r.path("members").path(user).asText(null);
            }
        }
        return null;
    }
}
