package imbridge.app.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.app.config.BridgeConfig;
import imbridge.app.runtime.BridgeRuntime;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.backfill.BackfillSettings;
import imbridge.core.sync.FatalErrorHandler;
import imbridge.core.sync.SyncSettings;
import imbridge.sim.hs.HomeserverDouble;
import imbridge.sim.hs.HsConfig;
import imbridge.sim.hs.Registration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge's Matrix side against the real homeserver double, across a restart of the bridge (a new
 * {@link BridgeRuntime} on the same SQLite file) and a restart of the homeserver (its transaction counter
 * back at 1): the management room is remembered, a replayed transaction is not handled twice, and new
 * events under reused transaction IDs are handled.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MatrixSideAcrossRestartsTest {
    private static final String OWNER = "@user:localhost";
    private static final String AS_TOKEN = "as-token-for-restart-test";
    private static final String HS_TOKEN = "hs-token-for-restart-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Throwable> fatal = new CopyOnWriteArrayList<>();
    private HomeserverDouble hs;
    private int asPort;

    @AfterEach
    void stop() {
        if (hs != null) {
            hs.close();
        }
        assertThat(fatal).isEmpty();
    }

    @Test
    void commandsAreAnsweredOnceAcrossBridgeAndHomeserverRestarts() throws Exception {
        asPort = freePort();
        hs = HomeserverDouble.start(HsConfig.defaults(new Registration(
                "imessage",
                "http://127.0.0.1:" + asPort,
                AS_TOKEN,
                HS_TOKEN,
                "imessagebot",
                List.of("^@imessagebot:localhost$", "^@imessage_.*:localhost$"),
                false)));
        BridgeConfig config = config();
        String management;
        String status;
        ObjectNode statusEvent;
        try (BridgeRuntime first = new BridgeRuntime(config, BackfillProgress.NONE, recordFatal())) {
            first.start();
            management = onlyManagementRoom();
            assertThat(room(management).path("isDirect").asBoolean()).isTrue();
            owner("POST", "/rooms/" + enc(management) + "/join", Map.of());

            status = ownerSays(management, "c1", "status");
            String answer = replyTo(management, status);
            assertThat(answer)
                    .startsWith("imbridge status")
                    .contains("Portals: 0")
                    .contains("first sync not finished")
                    .contains("Matrix-side queue: 1 pending (this command included)");
            String backfill = ownerSays(management, "c2", "backfill tel:+15551234567");
            assertThat(replyTo(management, backfill)).startsWith("Cannot do that: no portal tel:+15551234567");
            String sync = ownerSays(management, "c3", "sync");
            assertThat(replyTo(management, sync)).startsWith("Not available:");

            statusEvent = clientEvent(management, status);
            assertThat(push("lost-answer-1", statusEvent))
                    .as("a retry of a transaction already handled")
                    .isEqualTo(200);
        }
        long sends = stat("sends");
        long deduped = stat("dedupedSends");

        try (BridgeRuntime second = new BridgeRuntime(config, BackfillProgress.NONE, recordFatal())) {
            second.start();
            assertThat(onlyManagementRoom()).as("remembered, not opened again").isEqualTo(management);

            assertThat(push("lost-answer-1", statusEvent)).isEqualTo(200);
            assertThat(push("lost-answer-2", statusEvent))
                    .as("the same event under a new txnId")
                    .isEqualTo(200);
            // Handled in queue order: once "help" is answered, anything queued by the replays was handled too.
            String help = ownerSays(management, "c4", "help");
            assertThat(replyTo(management, help)).contains("backfill <portal>");
            assertThat(repliesTo(management, status)).hasSize(1);
            assertThat(stat("sends"))
                    .as("the owner's help and its answer, nothing else")
                    .isEqualTo(sends + 2);
            assertThat(stat("dedupedSends")).as("no answer was sent twice").isEqualTo(deduped);

            hs.restart();
            String afterRestart = ownerSays(management, "c5", "status");
            assertThat(replyTo(management, afterRestart)).startsWith("imbridge status");
            // The restarted homeserver counts txnIds from 1 again; the reused one carried the owner's command, so it
            // was recorded under its own digest and handled. (Before the restart, txnId 1 carried only the bridge's
            // own room set-up, which is acknowledged without being recorded: nothing in it is for the bridge.)
            assertThat(digestsOfTransaction("1"))
                    .as("txnId 1 after the homeserver restart")
                    .isEqualTo(1);
        }
    }

    private BridgeConfig config() {
        return new BridgeConfig(
                new BridgeConfig.Homeserver(
                        hs.baseUrl(), "localhost", 10, Duration.ofMillis(20), Duration.ofSeconds(1)),
                new BridgeConfig.Appservice(
                        "imessage", "127.0.0.1", asPort, null, AS_TOKEN, HS_TOKEN, "imessagebot", "imessage_"),
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
    }

    private FatalErrorHandler recordFatal() {
        return (where, error) -> fatal.add(error);
    }

    private String onlyManagementRoom() throws Exception {
        List<String> rooms = new ArrayList<>();
        for (JsonNode room : inspect("/_double/rooms")) {
            if ("iMessage bridge".equals(room.path("name").asText())) {
                rooms.add(room.path("roomId").asText());
            }
        }
        assertThat(rooms).hasSize(1);
        return rooms.getFirst();
    }

    private JsonNode room(String roomId) throws Exception {
        for (JsonNode room : inspect("/_double/rooms")) {
            if (roomId.equals(room.path("roomId").asText())) {
                return room;
            }
        }
        throw new AssertionError("no room " + roomId);
    }

    private String ownerSays(String roomId, String txnId, String body) throws Exception {
        return owner(
                        "PUT",
                        "/rooms/" + enc(roomId) + "/send/m.room.message/" + txnId,
                        Map.of("msgtype", "m.text", "body", body))
                .path("event_id")
                .asText();
    }

    private String replyTo(String roomId, String commandEventId) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> repliesTo(roomId, commandEventId), r -> !r.isEmpty())
                .getFirst();
    }

    private List<String> repliesTo(String roomId, String commandEventId) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (JsonNode event : inspect("/_double/rooms/" + enc(roomId) + "/events")) {
            JsonNode content = event.path("content");
            if (commandEventId.equals(content.path("m.relates_to")
                    .path("m.in_reply_to")
                    .path("event_id")
                    .asText())) {
                assertThat(content.path("msgtype").asText()).isEqualTo("m.notice");
                bodies.add(content.path("body").asText());
            }
        }
        return bodies;
    }

    /** The event as a homeserver pushes it (client format with room_id). */
    private ObjectNode clientEvent(String roomId, String eventId) throws Exception {
        for (JsonNode event : inspect("/_double/rooms/" + enc(roomId) + "/events")) {
            if (eventId.equals(event.path("event_id").asText())) {
                return ((ObjectNode) event.deepCopy()).put("room_id", roomId);
            }
        }
        throw new AssertionError("no event " + eventId);
    }

    /** A transaction PUT to the bridge as the homeserver would push it. */
    private int push(String txnId, ObjectNode event) throws Exception {
        byte[] body = JSON.writeValueAsBytes(Map.of("events", List.of(event)));
        return http.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + asPort + "/_matrix/app/v1/transactions/" + txnId))
                                .header("Authorization", "Bearer " + HS_TOKEN)
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
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

    private long stat(String name) throws Exception {
        return inspect("/_double/stats").path(name).asLong();
    }

    private int digestsOfTransaction(String txnId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("imbridge.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM as_txn WHERE txn_id = '" + txnId + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
