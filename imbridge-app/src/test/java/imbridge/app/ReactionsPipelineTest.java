package imbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.demo.DemoRun;
import imbridge.app.verify.ExpectedPart;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tapbacks end to end over real loopback HTTP (simulator → bridge → homeserver double), with single sends and with
 * batch send: every standing tapback arrives as an {@code m.reaction} on its target, removed ones are redacted,
 * and DMs whose newest read message is mine get the contact's read marker there.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReactionsPipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void standingTapbacksLandOnTheirTargetsAndRemovedOnesAreRedacted(boolean batchSend, @TempDir Path dir)
            throws Exception {
        DemoOptions options = new DemoOptions(
                11, 6, 1200, dir, dir.resolve("r.json"), "full", Set.of(), batchSend, DemoOptions.DEFAULT_LATE_AFTER);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        HttpClient http = HttpClient.newHttpClient();
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            VerificationReport report = new DemoRun(
                            options,
                            new PrintStream(console, true, StandardCharsets.UTF_8),
                            (where, e) -> fail("fatal in " + where, e))
                    .run(env, new CancellationToken());
            assertThat(report.ok()).as(console.toString(StandardCharsets.UTF_8)).isTrue();

            GroundTruth truth = TruthClient.fetch(env.simulatorUrl(), http);
            long expectedReactions = truth.portals().stream()
                    .flatMap(p -> p.parts().stream())
                    .filter(ExpectedPart::isReaction)
                    .count();
            assertThat(expectedReactions)
                    .as("the full profile plants standing tapbacks")
                    .isGreaterThan(5);

            long standing = 0;
            long redacted = 0;
            long readMarkers = 0;
            for (JsonNode room : get(http, env.homeserverUrl() + "/_double/rooms")) {
                String roomId = URLEncoder.encode(room.path("roomId").asText(), StandardCharsets.UTF_8);
                for (JsonNode event : get(http, env.homeserverUrl() + "/_double/rooms/" + roomId + "/events")) {
                    if (event.path("type").asText().equals("m.reaction")) {
                        if (event.path("content").has("m.relates_to")) {
                            standing++;
                        } else {
                            redacted++;
                        }
                    }
                }
                for (JsonNode receipts : get(http, env.homeserverUrl() + "/_double/rooms/" + roomId + "/receipts")) {
                    if (receipts.path("m.read").path("requestedTs").asLong() > 0) {
                        readMarkers++;
                    }
                }
            }
            assertThat(standing).as("one m.reaction per standing tapback").isEqualTo(expectedReactions);
            assertThat(redacted)
                    .as("adds removed by a later tapback were sent, then redacted")
                    .isPositive();
            assertThat(readMarkers)
                    .as("contacts' read markers at my newest read message")
                    .isPositive();
        }
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
