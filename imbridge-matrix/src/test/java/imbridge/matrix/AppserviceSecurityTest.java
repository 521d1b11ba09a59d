package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The appservice listener's security review (docs/security.md): every route but the health probes answers only the
 * homeserver's token, and bodies and headers are bounded with clear errors.
 */
class AppserviceSecurityTest {
    private static final int BODY_LIMIT = 4 * 1024;
    private static final String TXN = transaction("$e1");

    /** Every route the listener serves, and some it does not: method, path, body (null: none). */
    private static final List<String[]> ROUTES = List.of(
            new String[] {"PUT", "/_matrix/app/v1/transactions/s1", TXN},
            new String[] {"PUT", "/transactions/s2", transaction("$e2")},
            new String[] {"GET", "/_matrix/app/v1/users/%40imessagebot%3Alocalhost", null},
            new String[] {"GET", "/users/%40imessagebot%3Alocalhost", null},
            new String[] {"GET", "/_matrix/app/v1/rooms/%23imessage_x%3Alocalhost", null},
            new String[] {"GET", "/rooms/%23imessage_x%3Alocalhost", null},
            new String[] {"POST", "/_matrix/app/v1/ping", "{}"},
            new String[] {"GET", "/_matrix/app/v1/thirdparty/protocol/imessage", null},
            new String[] {"GET", "/_matrix/app/v1/transactions/s3", null},
            new String[] {"DELETE", "/_matrix/app/v1/users/x", null},
            new String[] {"GET", "/", null});

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private AppserviceServer server;

    @BeforeEach
    void start() {
        server = new AppserviceServer(
                TestConfigs.config("http://127.0.0.1:1"),
                (txnId, events) -> handled.add(txnId),
                new InMemoryTransactionLog(),
                new InMemoryEventQuarantine(),
                BODY_LIMIT);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyRouteButTheHealthProbesAnswersOnlyTheHomeserversToken() throws Exception {
        for (String[] route : ROUTES) {
            for (String token : new String[] {null, "", "wrong", TestConfigs.HS_TOKEN + "x", TestConfigs.AS_TOKEN}) {
                HttpResponse<String> r = send(route[0], route[1], route[2], token);
                assertThat(r.statusCode())
                        .as("%s %s with token %s: %s", route[0], route[1], token, r.body())
                        .isEqualTo(401);
                assertThat(errcode(r)).isIn("M_MISSING_TOKEN", "M_UNKNOWN_TOKEN");
            }
        }
        HttpResponse<String> wrongLegacy = send("PUT", "/_matrix/app/v1/transactions/s4?access_token=wrong", TXN, null);
        assertThat(wrongLegacy.statusCode()).isEqualTo(401);
        assertThat(errcode(wrongLegacy)).isEqualTo("M_UNKNOWN_TOKEN");
        assertThat(handled).as("nothing reached the handler").isEmpty();

        for (String[] route : ROUTES) {
            HttpResponse<String> right = send(route[0], route[1], route[2], TestConfigs.HS_TOKEN);
            assertThat(right.statusCode())
                    .as("%s %s with the homeserver's token", route[0], route[1])
                    .isIn(200, 404);
        }
        assertThat(handled).containsExactly("s1", "s2");
        assertThat(send("GET", "/_matrix/mau/live", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/_matrix/mau/ready", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithM_TOO_LARGE() throws Exception {
        String big = "{\"events\":[],\"pad\":\"" + "x".repeat(BODY_LIMIT) + "\"}";

        HttpResponse<String> declared = send("PUT", "/_matrix/app/v1/transactions/big1", big, TestConfigs.HS_TOKEN);
        HttpResponse<String> chunked = http.send(
                request("/_matrix/app/v1/transactions/big2", TestConfigs.HS_TOKEN)
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> pingTooBig = send("POST", "/_matrix/app/v1/ping", big, TestConfigs.HS_TOKEN);
        HttpResponse<String> justUnder = send(
                "PUT",
                "/_matrix/app/v1/transactions/ok",
                "{\"events\":[],\"pad\":\"" + "x".repeat(BODY_LIMIT - 30) + "\"}",
                TestConfigs.HS_TOKEN);

        for (HttpResponse<String> r : List.of(declared, chunked, pingTooBig)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
            assertThat(errcode(r)).isEqualTo("M_TOO_LARGE");
        }
        assertThat(justUnder.statusCode()).isEqualTo(200);
        assertThat(handled).isEmpty();
    }

    @Test
    void hugeHeadersAreRefusedWith431() throws Exception {
        HttpResponse<String> r = http.send(
                request("/_matrix/app/v1/transactions/h1", TestConfigs.HS_TOKEN)
                        .header("X-Padding", "y".repeat(AppserviceServer.MAX_HEADER_BYTES + 1))
                        .PUT(HttpRequest.BodyPublishers.ofString(TXN))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(431);
        assertThat(handled).isEmpty();
        assertThat(send("PUT", "/_matrix/app/v1/transactions/h2", TXN, TestConfigs.HS_TOKEN)
                        .statusCode())
                .as("the listener still serves")
                .isEqualTo(200);
    }

    /** A transaction of one event the handler wants. */
    private static String transaction(String eventId) {
        return "{\"events\":[{\"type\":\"m.room.message\",\"event_id\":\"" + eventId
                + "\",\"room_id\":\"!r:localhost\",\"sender\":\"@u:localhost\",\"content\":{}}]}";
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.BodyPublisher publisher =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return http.send(request(path, token).method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String errcode(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body()).path("errcode").asText(null);
    }
}
