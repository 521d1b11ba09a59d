package imbridge.app.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.demo.DemoRun;
import imbridge.app.verify.GroundTruth;
import imbridge.app.verify.TruthClient;
import imbridge.app.verify.VerificationReport;
import imbridge.core.util.CancellationToken;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with a live phase on the full profile, over real sockets: live messages arriving during the bootstrap
 * and after it, stale echoes and a genuinely new message for conversations deleted on the iPhone (behaviour.md §11.4
 * scenario 4), messages from another device, edits, unsends, tapbacks, receipts, and messages written in
 * Matrix by the user; the owner's own reads move the owner's receipt (the demo double-puppets). Nothing missing, duplicated, out of order or unexpected;
 * no live message ahead of its room's history; nothing resurrected; every drop one the truth expects.
 */
class LiveDemoTest {

    @Test
    void fullProfileWithLiveTrafficMatchesTheTruth(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("r.json");
        // Late CloudKit records visible from the start: a small account's bootstrap ends before "late" ones would
        // appear, and history arriving after newer live messages can only be appended (OlderGapRepair), which
        // the verifier rightly counts as out of order.
        DemoOptions options = new DemoOptions(
                13, 8, 1500, dir, report, "full", Set.of(), false, Duration.ZERO, 0, 0.05, 20, Duration.ofSeconds(8));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (DemoEnvironment env = DemoEnvironment.start(options);
                PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            DemoRun run = new DemoRun(options, out, (what, e) -> fail(what, e));
            VerificationReport verdict = run.run(env, new CancellationToken());
            String printed = console.toString(StandardCharsets.UTF_8);
            assertThat(verdict.ok()).as(printed).isTrue();
            assertThat(run.liveOk()).as(printed).isTrue();

            GroundTruth truth = TruthClient.fetch(
                    env.simulatorUrl(),
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
            assertThat(truth.revivedPortals())
                    .as("a deleted DM came back with new traffic")
                    .isNotEmpty();
            assertThat(truth.live().expectedDrops())
                    .as("stale echoes were pushed")
                    .isNotEmpty();
            String json = Files.readString(report);
            assertThat(json)
                    .contains("\"live\"")
                    .contains("\"dropsByReason\"")
                    .contains("STALE_ECHO_DELETED_PORTAL")
                    .contains("\"resurrected\" : 0")
                    .contains("\"unexpectedDrops\" : 0")
                    .doesNotContain("OWNER_READ_WITHOUT_DOUBLE_PUPPET");
            assertThat(ownersLiveReads(env, truth))
                    .as("the owner's reads on the iPhone moved the owner's own receipt (double puppeting)")
                    .isPositive();
        }
    }

    /**
     * Rooms where the owner's account's read receipt is on a live message a contact sent, as read in the live phase:
     * only the live stream's reads by the owner put it there (the history's marker is on older messages).
     */
    private static long ownersLiveReads(DemoEnvironment env, GroundTruth truth) throws Exception {
        long moved = 0;
        for (JsonNode room : inspect(env, "/_double/rooms")) {
            String roomId = URLEncoder.encode(room.path("roomId").asText(), StandardCharsets.UTF_8);
            JsonNode read = inspect(env, "/_double/rooms/" + roomId + "/receipts")
                    .path(DemoEnvironment.OWNER)
                    .path("m.read");
            if (read.isMissingNode()) {
                continue;
            }
            for (JsonNode event : inspect(env, "/_double/rooms/" + roomId + "/events")) {
                if (event.path("event_id").asText().equals(read.path("event_id").asText())) {
                    String guid = event.path("content")
                            .path("com.imbridge.part")
                            .path("guid")
                            .asText()
                            .toUpperCase(Locale.ROOT);
                    boolean theirs = !event.path("sender").asText().equals(DemoEnvironment.OWNER);
                    moved += theirs && truth.live().messageGuids().contains(guid) ? 1 : 0;
                }
            }
        }
        return moved;
    }

    private static JsonNode inspect(DemoEnvironment env, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(env.homeserverUrl() + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return new ObjectMapper().readTree(response.body());
        }
    }
}
