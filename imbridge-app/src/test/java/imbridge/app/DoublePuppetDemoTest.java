package imbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.config.BridgeConfig;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.demo.DemoRun;
import imbridge.app.runtime.BridgeRuntime;
import imbridge.app.verify.GhostResolver;
import imbridge.app.verify.GroundTruth;
import imbridge.app.verify.TruthClient;
import imbridge.app.verify.VerificationReport;
import imbridge.app.verify.Verifier;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.util.CancellationToken;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with double puppeting on (its default: the double knows the owner) and off: the owner's own parts come
 * from the owner's account or from the ghost of the owner's handle, and the verifier holds each run to its rule.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DoublePuppetDemoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER_GHOST =
            GhostResolver.imessage(DemoEnvironment.SERVER_NAME).mxidOf("tel:+15550000001");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theDemoSendsTheOwnersPartsAsTheOwnerAndVerifies(@TempDir Path dir) throws Exception {
        DemoOptions options = new DemoOptions(7, 6, 800, dir, null);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            assertThat(env.config().bridge().ownerView().doublePuppet()).isTrue();
            VerificationReport report = new DemoRun(
                            options,
                            new PrintStream(console, true, StandardCharsets.UTF_8),
                            (where, e) -> fail("fatal in " + where, e))
                    .run(env, new CancellationToken());

            assertThat(report.ok()).as(console.toString(StandardCharsets.UTF_8)).isTrue();
            Map<String, Integer> senders = bridgedSenders(env);
            assertThat(senders.getOrDefault(DemoEnvironment.OWNER, 0)).isPositive();
            assertThat(senders).doesNotContainKey(OWNER_GHOST);
            assertThat(directRooms(env))
                    .as("every DM room is listed once in the owner's m.direct")
                    .containsExactlyInAnyOrderElementsOf(dmRooms(env));
        }
    }

    /** The rooms the owner's m.direct lists (read with the owner's own token), each as often as it is listed. */
    private List<String> directRooms(DemoEnvironment env) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(env.homeserverUrl() + "/_matrix/client/v3/user/"
                                + URLEncoder.encode(DemoEnvironment.OWNER, StandardCharsets.UTF_8)
                                + "/account_data/m.direct"))
                        .header("Authorization", "Bearer " + env.homeserver().accessTokenOf(DemoEnvironment.OWNER))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> rooms = new ArrayList<>();
        JSON.readTree(response.body()).forEach(listed -> listed.forEach(room -> rooms.add(room.asText())));
        return rooms;
    }

    /** The DM portal rooms (direct, with the bridge's state; the management room has none). */
    private List<String> dmRooms(DemoEnvironment env) throws Exception {
        List<String> rooms = new ArrayList<>();
        for (JsonNode room : get(env, "/_double/rooms")) {
            if (room.path("isDirect").asBoolean(false)
                    && !room.path("bridgePortalId").isNull()) {
                rooms.add(room.path("roomId").asText());
            }
        }
        return rooms;
    }

    @Test
    void withDoublePuppetingOffTheOwnersGhostSendsAndTheStrictVerifierRejectsIt(@TempDir Path dir) throws Exception {
        DemoOptions options = new DemoOptions(7, 6, 800, dir, null);
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            BridgeConfig off = env.config().withBridge(env.config().bridge().withDoublePuppet(false));
            try (BridgeRuntime bridge = new BridgeRuntime(off, BackfillProgress.NONE, (w, e) -> fail(w, e))) {
                bridge.start();
                bridge.initialSync(new CancellationToken());
            }
            GroundTruth truth = TruthClient.fetch(env.simulatorUrl(), http);
            GhostResolver ghosts = GhostResolver.imessage();

            VerificationReport asConfigured = Verifier.forDouble(
                            env.homeserverUrl(), http, DemoEnvironment.OWNER, ghosts)
                    .verify(truth, 0);
            assertThat(asConfigured.ok()).as(asConfigured.toJson()).isTrue();
            Map<String, Integer> senders = bridgedSenders(env);
            assertThat(senders.getOrDefault(OWNER_GHOST, 0)).isPositive();
            assertThat(senders).doesNotContainKey(DemoEnvironment.OWNER);

            VerificationReport puppetRequired = Verifier.forDouble(
                            env.homeserverUrl(),
                            http,
                            DemoEnvironment.OWNER,
                            ghosts.withOwnerAccount(DemoEnvironment.OWNER, true))
                    .verify(truth, 0);
            assertThat(puppetRequired.mismatched())
                    .as("the owner's parts from the owner's ghost are wrong senders when double puppeting is on")
                    .isPositive()
                    .isLessThanOrEqualTo(senders.get(OWNER_GHOST));
            assertThat(puppetRequired.samples().toString()).contains("not the owner's own account");
        }
    }

    /** Senders of the bridged parts (events with the part marker) in every room, with their counts. */
    private Map<String, Integer> bridgedSenders(DemoEnvironment env) throws Exception {
        Map<String, Integer> senders = new HashMap<>();
        for (JsonNode room : get(env, "/_double/rooms")) {
            String roomId = URLEncoder.encode(room.path("roomId").asText(), StandardCharsets.UTF_8);
            for (JsonNode event : get(env, "/_double/rooms/" + roomId + "/events")) {
                if (event.path("content").has("com.imbridge.part")) {
                    senders.merge(event.path("sender").asText(), 1, Integer::sum);
                }
            }
        }
        return senders;
    }

    private JsonNode get(DemoEnvironment env, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(env.homeserverUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
