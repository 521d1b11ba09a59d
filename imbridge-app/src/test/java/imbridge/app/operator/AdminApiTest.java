package imbridge.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.config.OperatorConfig;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API over a real socket, against a bridge that bridged a small simulated account into the homeserver
 * double: the token's checks, the status document, and each command's status codes.
 */
class AdminApiTest {
    private static final String TOKEN = "test-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theAdminApiAnswersTheBotCommandsWithStatusCodesBehindTheToken(@TempDir Path dir) throws Exception {
        DemoOptions options = new DemoOptions(4, 3, 120, dir, null);
        try (DemoEnvironment env = DemoEnvironment.start(options);
                BridgeRuntime bridge = new BridgeRuntime(
                        env.config().withOperator(new OperatorConfig(true, "127.0.0.1", 0, TOKEN)),
                        BackfillProgress.NONE,
                        (w, e) -> fail(w, e))) {
            bridge.start();
            String base = "http://127.0.0.1:" + bridge.operatorPort();

            assertThat(send(base, "GET", "/api/status", null).statusCode()).isEqualTo(401);
            assertThat(send(base, "GET", "/api/status", "wrong").statusCode()).isEqualTo(403);
            HttpResponse<String> page = send(base, "GET", "/", null);
            assertThat(page.statusCode()).as("the page holds no data").isEqualTo(200);
            assertThat(page.body()).contains("dashboard.js");
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
            assertThat(send(base, "GET", "/metrics", null).statusCode()).isEqualTo(200);

            bridge.initialSync(new CancellationToken());

            JsonNode status = json(send(base, "GET", "/api/status", TOKEN), 200);
            assertThat(status.path("gateOpen").asBoolean()).isTrue();
            assertThat(status.path("phase").asText()).isEqualTo("live");
            assertThat(status.path("portals")).hasSize(3);
            JsonNode portal = status.path("portals").get(0);
            assertThat(portal.path("status").asText()).isEqualTo("done");
            assertThat(status.path("portals"))
                    .allSatisfy(p -> assertThat(p.path("partsBridged").asLong())
                            .as("every planned part is in the room: " + p)
                            .isEqualTo(p.path("partsKnown").asLong())
                            .isPositive());
            assertThat(status.path("zones")).allSatisfy(z -> {
                assertThat(z.path("tokenStored").asBoolean()).isTrue();
                assertThat(z.path("tokenAgeMs").isNumber()).isTrue();
            });
            assertThat(json(send(base, "GET", "/api/portals", TOKEN), 200)).hasSize(3);

            String portalId = portal.path("portalId").asText();
            JsonNode backfill = json(send(base, "POST", "/api/portals/" + encode(portalId) + "/backfill", TOKEN), 200);
            assertThat(backfill.path("message").asText()).contains("queued");
            JsonNode unknown =
                    json(send(base, "POST", "/api/portals/" + encode("tel:+19995550000") + "/backfill", TOKEN), 404);
            assertThat(unknown.path("message").asText()).contains("no portal tel:+19995550000");
            assertThat(json(send(base, "POST", "/api/portals/%20/backfill", TOKEN), 400)
                            .path("error")
                            .asText())
                    .contains("name a portal");
            assertThat(json(send(base, "POST", "/api/chats/" + encode(portalId) + "/restore", TOKEN), 404)
                            .path("message")
                            .asText())
                    .contains("is not a deleted chat");
            assertThat(json(send(base, "GET", "/api/chats/deleted", TOKEN), 200)
                            .path("message")
                            .asText())
                    .contains("No chat deleted");

            assertThat(json(send(base, "POST", "/api/sync", TOKEN), 202)
                            .path("outcome")
                            .asText())
                    .isEqualTo("done");
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(json(send(base, "GET", "/api/status", TOKEN), 200)
                                    .path("outcomes"))
                            .anySatisfy(
                                    o -> assertThat(o.path("action").asText()).isEqualTo("sync")));
            JsonNode retry = json(send(base, "POST", "/api/attachments/retry", TOKEN), 202);
            assertThat(retry.path("message").asText()).contains("Retrying attachments");
        }
    }

    private HttpResponse<String> send(String base, String method, String path, String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int expectedStatus) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static String encode(String portalId) {
        return URLEncoder.encode(portalId, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
