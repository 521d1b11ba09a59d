package imbridge.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.app.config.ConfigException;
import imbridge.app.config.OperatorConfig;
import imbridge.core.port.EventQuarantine;
import imbridge.matrix.InMemoryEventQuarantine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator listener's security review (docs/security.md): the admin API behind the token whatever the spelling
 * of its paths, a token required off loopback, and bounded bodies and headers. The API's data sources are absent:
 * a request that got past the token would fail loudly instead of answering.
 */
class OperatorSecurityTest {
    private static final String TOKEN = "operator-security-token";

    /** The API's paths, and spellings a router or a servlet container might map onto them. */
    private static final List<String> API_PATHS = List.of(
            "/api/status",
            "/api/portals",
            "/api/quarantine",
            "/api/quarantine/",
            "/api/quarantine?limit=5",
            "//api/quarantine",
            "/api/./quarantine",
            "/api/../api/quarantine",
            "/%61pi/quarantine",
            "/api%2Fquarantine",
            "/API/quarantine",
            "/api/quarantine;x=1",
            "/api/chats/deleted");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final EventQuarantine quarantine = new InMemoryEventQuarantine();
    private OperatorServer server;

    @BeforeEach
    void start() {
        quarantine.add(List.of(new EventQuarantine.Entry("t1", "events", 0, null, "not_an_object", "1")));
        server = new OperatorServer(new OperatorConfig(true, "127.0.0.1", 0, TOKEN), null, () -> "", quarantine);
        server.start();
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(Duration.ofSeconds(5));
    }

    @Test
    void noSpellingOfAnApiPathAnswersWithoutTheToken() throws Exception {
        for (String path : API_PATHS) {
            for (String token : new String[] {null, "", "wrong", TOKEN + "x", TOKEN.substring(1)}) {
                HttpResponse<String> r = send("GET", path, token, null);
                assertThat(r.statusCode())
                        .as("GET %s with token %s: %s", path, token, r.body())
                        .isIn(400, 401, 403, 404);
                assertThat(r.body()).doesNotContain("not_an_object");
            }
        }
        for (String path : List.of("/api/sync", "/api/attachments/retry", "/api/portals/x/backfill")) {
            assertThat(send("POST", path, null, null).statusCode()).as(path).isEqualTo(401);
            assertThat(send("POST", path, "wrong", null).statusCode()).as(path).isEqualTo(403);
        }
        HttpResponse<String> authorised = send("GET", "/api/quarantine", TOKEN, null);
        assertThat(authorised.statusCode()).isEqualTo(200);
        assertThat(authorised.body()).contains("not_an_object");
        assertThat(send("GET", "/api/quarantine?limit=0", TOKEN, null).statusCode())
                .isEqualTo(400);
    }

    @Test
    void thePageAndMetricsHoldNoSecretsAndStayOpen() throws Exception {
        assertThat(send("GET", "/", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/metrics", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/", null, null).headers().firstValue("Server")).isEmpty();
    }

    @Test
    void withoutATokenTheListenerMustBeOnLoopback() {
        for (String host : List.of("0.0.0.0", "::", "192.168.1.10", "example.org", "127.example.org", "127.0.0.1.x")) {
            assertThatThrownBy(() -> new OperatorConfig(true, host, 29351, null))
                    .as(host)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("admin.token");
            assertThatThrownBy(() -> new OperatorConfig(true, host, 29351, " "))
                    .as("a blank token is no token: %s", host)
                    .isInstanceOf(ConfigException.class);
        }
        for (String host : List.of("127.0.0.1", "127.1.2.3", "localhost", "::1")) {
            assertThat(new OperatorConfig(true, host, 29351, null).tokenRequired())
                    .as(host)
                    .isFalse();
        }
        assertThat(new OperatorConfig(true, "0.0.0.0", 29351, TOKEN).tokenRequired())
                .isTrue();
    }

    @Test
    void bodiesAndHeadersAreBounded() throws Exception {
        HttpResponse<String> bigBody = send("POST", "/api/sync", TOKEN, "x".repeat(OperatorServer.MAX_BODY_BYTES + 1));
        HttpResponse<String> bigHeader = http.send(
                HttpRequest.newBuilder(uri("/api/status"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("X-Padding", "y".repeat(OperatorServer.MAX_HEADER_BYTES + 1))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(bigBody.statusCode()).as(bigBody.body()).isEqualTo(413);
        assertThat(bigBody.body()).contains("larger than");
        assertThat(bigHeader.statusCode()).isEqualTo(431);
        assertThat(send("GET", "/api/quarantine", TOKEN, null).statusCode())
                .as("the listener still serves")
                .isEqualTo(200);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
