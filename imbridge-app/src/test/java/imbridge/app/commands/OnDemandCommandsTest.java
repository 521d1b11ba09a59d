package imbridge.app.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.config.BridgeConfig;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.runtime.BridgeRuntime;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.util.CancellationToken;
import imbridge.sim.cloudkit.ChatRecord;
import imbridge.sim.cloudkit.MessageRecord;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync}, {@code restore-chat} and {@code retry-attachments} after the start-up sync, against the real doubles. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OnDemandCommandsTest {
    private static final String BOT = "@imessagebot:localhost";
    private static final String NEW_DM = "tel:+15559990001";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private DemoEnvironment env;

    @Test
    void syncRestoreChatAndRetryAttachmentsWorkAfterTheStartUpSync() throws Exception {
        try (DemoEnvironment environment = DemoEnvironment.start(new DemoOptions(6, 4, 300, dir, null));
                BridgeRuntime bridge = new BridgeRuntime(
                        withoutResyncs(environment.config()), BackfillProgress.NONE, (w, e) -> fail(w, e))) {
            env = environment;
            bridge.start();
            bridge.initialSync(new CancellationToken());
            String management = roomsNamed("iMessage bridge").getFirst();
            owner("POST", "/rooms/" + enc(management) + "/join", Map.of());

            // sync: a conversation that appeared after the start-up sync gets its room
            addConversation();
            String sync = ownerSays(management, "sync-1", "sync");
            assertThat(replies(management, sync, 2)).first().asString().startsWith("Sync started");
            assertThat(replies(management, sync, 2).get(1))
                    .startsWith("Sync finished")
                    .contains("1 portal(s) queued");
            String newRoom = await().atMost(Duration.ofSeconds(30)).until(() -> roomOf(NEW_DM), r -> r != null);
            await().atMost(Duration.ofSeconds(30)).until(() -> messageCount(newRoom) == 2);

            // restore-chat: a chat deleted on the Matrix side comes back, whole, in a new room
            // a conversation with a chat record (restore-chat brings back soft-deleted chat rows; chatless DMs have
            // none)
            JsonNode victim;
            try (imbridge.store.Database db = imbridge.store.Database.open(
                    imbridge.app.runtime.StoreConfigs.of(env.config().database()))) {
                imbridge.core.port.CloudStore cloud = db.cloudStore(DemoEnvironment.LOGIN_ID);
                victim = bridgeRooms().stream()
                        .filter(r -> !NEW_DM.equals(r.path("bridgePortalId").asText()))
                        .filter(r -> cloud.chatForPortal(
                                        r.path("bridgePortalId").asText())
                                .isPresent())
                        .findFirst()
                        .orElseThrow();
            }
            String portalId = victim.path("bridgePortalId").asText();
            String oldRoom = victim.path("roomId").asText();
            int history = messageCount(oldRoom);
            assertThat(history).isPositive();
            owner("POST", "/rooms/" + enc(oldRoom) + "/leave", Map.of());
            await().atMost(Duration.ofSeconds(30)).until(() -> "leave".equals(membership(oldRoom, BOT)));
            // the bot leaves before the bridge forgets the room: wait for the delete to be complete
            try (imbridge.store.Database db = imbridge.store.Database.open(
                    imbridge.app.runtime.StoreConfigs.of(env.config().database()))) {
                // what restore-chat lists: marked deleted, with its chat rows soft-deleted
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> db.chatRestore(DemoEnvironment.LOGIN_ID).softDeletedPortals().stream()
                                        .anyMatch(p -> p.portalId().equals(portalId) && p.softDeletedChatRows() > 0)
                                && db.bridgeStore(DemoEnvironment.LOGIN_ID)
                                        .deletedPortals()
                                        .containsKey(portalId));
            }

            String list = ownerSays(management, "restore-1", "restore-chat");
            assertThat(replies(management, list, 1).getFirst()).contains(portalId);
            String restore = ownerSays(management, "restore-2", "restore-chat " + portalId);
            assertThat(replies(management, restore, 1).getFirst()).startsWith("Restored " + portalId);
            String restoredRoom = await().atMost(Duration.ofSeconds(30))
                    .until(() -> roomOf(portalId), r -> r != null && !r.equals(oldRoom));
            await().atMost(Duration.ofSeconds(30)).until(() -> messageCount(restoredRoom) == history);
            String again = ownerSays(management, "restore-3", "restore-chat " + portalId);
            assertThat(replies(management, again, 1).getFirst())
                    .startsWith("Cannot do that:")
                    .contains("not a deleted chat");

            // retry-attachments: nothing was given up in this fault-free run, and the answer says so
            String retry = ownerSays(management, "retry-1", "retry-attachments");
            List<String> answers = replies(management, retry, 2);
            assertThat(answers.getFirst()).startsWith("Retrying attachments");
            assertThat(answers.get(1)).startsWith("No attachment was given up");
        }
    }

    @Test
    void retryAttachmentsForgetsTheGivenUpOnesAndSaysTheirNoticesStay() throws Exception {
        DemoOptions options = new DemoOptions(
                3, 4, 300, dir, null, "basic", java.util.Set.of("assets"), false, Duration.ofSeconds(3), 0, 0.5);
        try (DemoEnvironment environment = DemoEnvironment.start(options);
                BridgeRuntime bridge = new BridgeRuntime(
                        withoutResyncs(environment.config()), BackfillProgress.NONE, (w, e) -> fail(w, e))) {
            env = environment;
            bridge.start();
            bridge.initialSync(new CancellationToken());
            int cap = environment.config().backfill().maxAttachmentRetries();
            long abandoned = givenUp(cap);
            assertThat(abandoned).as("the seed plants broken assets").isPositive();
            String management = roomsNamed("iMessage bridge").getFirst();
            owner("POST", "/rooms/" + enc(management) + "/join", Map.of());

            String retry = ownerSays(management, "retry-1", "retry-attachments");
            List<String> answers = replies(management, retry, 2);
            assertThat(answers.getFirst()).startsWith("Retrying attachments");
            assertThat(answers.get(1))
                    .startsWith("Forgot " + abandoned + " given-up attachment(s)")
                    .contains("notice in place of the file")
                    .contains("not sent now");
            assertThat(givenUp(cap)).isZero();

            String sync = ownerSays(management, "sync-1", "sync");
            assertThat(replies(management, sync, 2).get(1))
                    .as("the rebuilt engine still syncs")
                    .startsWith("Sync finished");
        }
    }

    private long givenUp(int cap) {
        try (imbridge.store.Database db =
                imbridge.store.Database.openReadOnly(imbridge.store.DatabaseConfig.sqlite(env.databaseFile()))) {
            return db.attachmentLedger(DemoEnvironment.LOGIN_ID).failures().values().stream()
                    .filter(f -> f.retries() >= cap)
                    .count();
        }
    }

    private static BridgeConfig withoutResyncs(BridgeConfig c) {
        BridgeConfig.CloudKit ck = c.cloudkit();
        return new BridgeConfig(
                c.homeserver(),
                c.appservice(),
                c.bridge(),
                c.database(),
                new BridgeConfig.CloudKit(
                        ck.databaseUrl(),
                        ck.apiToken(),
                        ck.resultsLimit(),
                        ck.requestTimeout(),
                        ck.sync().withResyncDelays(List.of())),
                c.backfill(),
                c.logLevel());
    }

    private void addConversation() {
        String cid = "iMessage;-;+15559990001";
        env.simulator()
                .dataset()
                .append(new ChatRecord(
                        "chat-late-dm",
                        cid,
                        null,
                        ChatRecord.STYLE_DM,
                        "iMessage",
                        null,
                        List.of("tel:+15559990001"),
                        0,
                        cid));
        long t = 800_000_000_000_000_000L;
        env.simulator()
                .dataset()
                .append(new MessageRecord(
                        "rn-late-1",
                        "1a7e0000-0000-4000-8000-000000000001",
                        cid,
                        "+15559990001",
                        t,
                        MessageRecord.FLAG_READ,
                        "hello late",
                        null,
                        List.of(),
                        "iMessage",
                        0));
        env.simulator()
                .dataset()
                .append(new MessageRecord(
                        "rn-late-2",
                        "1a7e0000-0000-4000-8000-000000000002",
                        cid,
                        "+15559990001",
                        t + 1_000_000_000L,
                        MessageRecord.FLAG_READ,
                        "still here",
                        null,
                        List.of(),
                        "iMessage",
                        0));
    }

    private List<JsonNode> bridgeRooms() throws Exception {
        List<JsonNode> rooms = new ArrayList<>();
        inspect("/_double/rooms").forEach(r -> {
            if (!r.path("bridgePortalId").isNull() && !r.path("bridgePortalId").isMissingNode()) {
                rooms.add(r);
            }
        });
        return rooms;
    }

    /** The portal's room the bot is still in, if any. */
    private String roomOf(String portalId) throws Exception {
        for (JsonNode room : bridgeRooms()) {
            if (portalId.equalsIgnoreCase(room.path("bridgePortalId").asText())
                    && "join".equals(room.path("members").path(BOT).asText())) {
                return room.path("roomId").asText();
            }
        }
        return null;
    }

    private int messageCount(String roomId) throws Exception {
        int count = 0;
        for (JsonNode event : inspect("/_double/rooms/" + enc(roomId) + "/events")) {
            if ("m.room.message".equals(event.path("type").asText())) {
                count++;
            }
        }
        return count;
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

    private String ownerSays(String roomId, String txnId, String body) throws Exception {
        return owner(
                        "PUT",
                        "/rooms/" + enc(roomId) + "/send/m.room.message/" + txnId,
                        Map.of("msgtype", "m.text", "body", body))
                .path("event_id")
                .asText();
    }

    /** The bot's notices replying to the command, once there are {@code count} of them, oldest first. */
    private List<String> replies(String roomId, String commandEventId, int count) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            List<String> bodies = new ArrayList<>();
                            for (JsonNode event : inspect("/_double/rooms/" + enc(roomId) + "/events")) {
                                JsonNode content = event.path("content");
                                if (BOT.equals(event.path("sender").asText())
                                        && commandEventId.equals(content.path("m.relates_to")
                                                .path("m.in_reply_to")
                                                .path("event_id")
                                                .asText())) {
                                    bodies.add(content.path("body").asText());
                                }
                            }
                            return bodies;
                        },
                        b -> b.size() >= count);
    }

    private JsonNode owner(String method, String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(env.homeserverUrl() + "/_matrix/client/v3" + path))
                        .header("Authorization", "Bearer " + env.homeserver().accessTokenOf(DemoEnvironment.OWNER))
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
                HttpRequest.newBuilder(URI.create(env.homeserverUrl() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
