package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppserviceServerTest {
    private static final String EVENTS = """
            {"events":[{"type":"m.room.message","event_id":"$1","room_id":"!r:localhost",
                        "sender":"@user:localhost","content":{"msgtype":"m.text","body":"hi"}}]}""";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final List<List<Map<String, Object>>> handledEvents = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failNext = new AtomicBoolean();
    private volatile CountDownLatch entered;
    private volatile CountDownLatch release;
    private final InMemoryTransactionLog log = new InMemoryTransactionLog(2, 100);
    private AppserviceServer server;

    @BeforeEach
    void start() {
        server = new AppserviceServer(
                TestConfigs.config("http://127.0.0.1:1"),
                (txnId, events) -> {
                    if (entered != null) {
                        entered.countDown();
                        release.await(10, TimeUnit.SECONDS);
                    }
                    if (failNext.getAndSet(false)) {
                        throw new IllegalStateException("handler failure");
                    }
                    handled.add(txnId);
                    handledEvents.add(events);
                },
                log);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void acceptsATransactionOnceAndAcknowledgesItsRepeat() throws Exception {
        HttpResponse<String> first = put("/_matrix/app/v1/transactions/t1", EVENTS, TestConfigs.HS_TOKEN);
        HttpResponse<String> again = put("/_matrix/app/v1/transactions/t1", EVENTS, TestConfigs.HS_TOKEN);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(handled).containsExactly("t1");
        assertThat(handledEvents.getFirst()).hasSize(1);
        assertThat(handledEvents.getFirst().getFirst())
                .containsEntry("event_id", "$1")
                .containsEntry("content", Map.of("msgtype", "m.text", "body", "hi"));
    }

    @Test
    void aReusedTxnIdWithNewEventsIsHandledAsTheNewTransactionItIs() throws Exception {
        put("/_matrix/app/v1/transactions/1", events("$1"), TestConfigs.HS_TOKEN);
        // A homeserver that restarted its counter at 1.
        HttpResponse<String> reused = put("/_matrix/app/v1/transactions/1", events("$2"), TestConfigs.HS_TOKEN);

        assertThat(reused.statusCode()).isEqualTo(200);
        assertThat(handledIds()).containsExactly(List.of("$1"), List.of("$2"));
    }

    @Test
    void eventsAlreadyHandledUnderAnotherTxnIdAreLeftOut() throws Exception {
        put("/_matrix/app/v1/transactions/7", events("$1", "$2"), TestConfigs.HS_TOKEN);
        HttpResponse<String> repushed =
                put("/_matrix/app/v1/transactions/1", events("$2", "$3", "$3"), TestConfigs.HS_TOKEN);
        HttpResponse<String> onlyKnown =
                put("/_matrix/app/v1/transactions/2", events("$1", "$3"), TestConfigs.HS_TOKEN);

        assertThat(repushed.statusCode()).isEqualTo(200);
        assertThat(onlyKnown.statusCode()).isEqualTo(200);
        assertThat(handled).containsExactly("7", "1");
        assertThat(handledIds()).containsExactly(List.of("$1", "$2"), List.of("$3"));
    }

    @Test
    void aPersistentLogKeepsDedupAcrossARestartOfTheBridge() throws Exception {
        put("/_matrix/app/v1/transactions/5", events("$1"), TestConfigs.HS_TOKEN);
        server.close();
        server = new AppserviceServer(
                TestConfigs.config("http://127.0.0.1:1"), (txnId, events) -> handled.add(txnId), log);
        server.start();

        HttpResponse<String> replay = put("/_matrix/app/v1/transactions/5", events("$1"), TestConfigs.HS_TOKEN);

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(handled).containsExactly("5");
    }

    @Test
    void anEventWithoutAnEventIdIsLeftOutNotRefused() throws Exception {
        HttpResponse<String> r = put(
                "/_matrix/app/v1/transactions/x",
                "{\"events\":[{\"type\":\"m.room.message\"}," + events("$ok").substring(11),
                TestConfigs.HS_TOKEN);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(handledIds()).containsExactly(List.of("$ok"));
    }

    @Test
    void answersOnlyAfterTheHandlerReturned() throws Exception {
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(
                request("/_matrix/app/v1/transactions/slow", TestConfigs.HS_TOKEN)
                        .PUT(HttpRequest.BodyPublishers.ofString(EVENTS))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(response).isNotDone();
        release.countDown();
        assertThat(response.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(handled).containsExactly("slow");
    }

    @Test
    void aFailedTransactionIsNotMarkedProcessed() throws Exception {
        failNext.set(true);
        HttpResponse<String> failed = put("/_matrix/app/v1/transactions/t2", EVENTS, TestConfigs.HS_TOKEN);
        HttpResponse<String> retried = put("/_matrix/app/v1/transactions/t2", EVENTS, TestConfigs.HS_TOKEN);

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(errcode(failed)).isEqualTo("M_UNKNOWN");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(handled).containsExactly("t2");
    }

    @Test
    void rejectsMissingAndWrongTokens() throws Exception {
        HttpResponse<String> missing = put("/_matrix/app/v1/transactions/t3", EVENTS, null);
        HttpResponse<String> wrong = put("/_matrix/app/v1/transactions/t3", EVENTS, "not-the-token");
        HttpResponse<String> wrongLegacy =
                send(HttpRequest.newBuilder(URI.create(base() + "/_matrix/app/v1/transactions/t3?access_token=nope"))
                        .PUT(HttpRequest.BodyPublishers.ofString(EVENTS))
                        .build());

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(errcode(missing)).isEqualTo("M_MISSING_TOKEN");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(errcode(wrong)).isEqualTo("M_UNKNOWN_TOKEN");
        assertThat(errcode(wrongLegacy)).isEqualTo("M_UNKNOWN_TOKEN");
        assertThat(handled).isEmpty();
    }

    @Test
    void acceptsTheLegacyQueryTokenAndTheLegacyPath() throws Exception {
        HttpResponse<String> legacyToken = send(HttpRequest.newBuilder(
                        URI.create(base() + "/_matrix/app/v1/transactions/q1?access_token=" + TestConfigs.HS_TOKEN))
                .PUT(HttpRequest.BodyPublishers.ofString(EVENTS))
                .build());
        HttpResponse<String> legacyPath = put("/transactions/q2", events("$2"), TestConfigs.HS_TOKEN);

        assertThat(legacyToken.statusCode()).isEqualTo(200);
        assertThat(legacyPath.statusCode()).isEqualTo(200);
        assertThat(handled).containsExactly("q1", "q2");
    }

    @Test
    void rejectsBodiesThatAreNotATransaction() throws Exception {
        HttpResponse<String> empty = put("/_matrix/app/v1/transactions/b1", "", TestConfigs.HS_TOKEN);
        HttpResponse<String> garbage = put("/_matrix/app/v1/transactions/b2", "{not json", TestConfigs.HS_TOKEN);
        HttpResponse<String> noEvents =
                put("/_matrix/app/v1/transactions/b3", "{\"ephemeral\":[]}", TestConfigs.HS_TOKEN);
        HttpResponse<String> eventsNotArray =
                put("/_matrix/app/v1/transactions/b4", "{\"events\":{}}", TestConfigs.HS_TOKEN);

        assertThat(List.of(
                        empty.statusCode(), garbage.statusCode(), noEvents.statusCode(), eventsNotArray.statusCode()))
                .containsOnly(400);
        assertThat(errcode(empty)).isEqualTo("M_NOT_JSON");
        assertThat(errcode(garbage)).isEqualTo("M_NOT_JSON");
        assertThat(errcode(noEvents)).isEqualTo("M_BAD_JSON");
        assertThat(errcode(eventsNotArray)).isEqualTo("M_BAD_JSON");
        assertThat(handled).isEmpty();
    }

    @Test
    void answersUserQueriesForItsNamespaceOnly() throws Exception {
        HttpResponse<String> ghost = get(
                "/_matrix/app/v1/users/" + Urls.encode("@imessage_tel=3a+15551234567:localhost"), TestConfigs.HS_TOKEN);
        HttpResponse<String> rawGhost =
                get("/_matrix/app/v1/users/@imessage_tel=3a+15551234567:localhost", TestConfigs.HS_TOKEN);
        HttpResponse<String> bot =
                get("/_matrix/app/v1/users/" + Urls.encode("@imessagebot:localhost"), TestConfigs.HS_TOKEN);
        HttpResponse<String> stranger =
                get("/_matrix/app/v1/users/" + Urls.encode("@user:localhost"), TestConfigs.HS_TOKEN);
        HttpResponse<String> unauthenticated =
                get("/_matrix/app/v1/users/" + Urls.encode("@imessagebot:localhost"), null);

        assertThat(ghost.statusCode()).isEqualTo(200);
        assertThat(rawGhost.statusCode()).isEqualTo(200);
        assertThat(bot.statusCode()).isEqualTo(200);
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(errcode(stranger)).isEqualTo("M_NOT_FOUND");
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
    }

    @Test
    void roomAliasQueriesAreNotFound() throws Exception {
        HttpResponse<String> alias =
                get("/_matrix/app/v1/rooms/" + Urls.encode("#imessage_x:localhost"), TestConfigs.HS_TOKEN);
        assertThat(alias.statusCode()).isEqualTo(404);
        assertThat(errcode(alias)).isEqualTo("M_NOT_FOUND");
    }

    @Test
    void pingNeedsAuthAndJson() throws Exception {
        HttpResponse<String> ok = send(request("/_matrix/app/v1/ping", TestConfigs.HS_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"transaction_id\":\"p1\"}"))
                .build());
        HttpResponse<String> notJson = send(request("/_matrix/app/v1/ping", TestConfigs.HS_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        HttpResponse<String> noAuth = send(request("/_matrix/app/v1/ping", null)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{}");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(errcode(notJson)).isEqualTo("M_NOT_JSON");
        assertThat(noAuth.statusCode()).isEqualTo(401);
    }

    @Test
    void healthProbesAnswerWithoutAuth() throws Exception {
        assertThat(get("/_matrix/mau/live", null).statusCode()).isEqualTo(200);
        assertThat(get("/_matrix/mau/ready", null).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownEndpointsAreUnrecognized() throws Exception {
        HttpResponse<String> unknown = get("/_matrix/app/v1/thirdparty/protocol/imessage", TestConfigs.HS_TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(errcode(unknown)).isEqualTo("M_UNRECOGNIZED");
    }

    @Test
    void urlIsDerivedFromTheBoundPort() {
        assertThat(server.port()).isPositive();
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
    }

    private static String events(String... eventIds) {
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < eventIds.length; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"m.room.message\",\"event_id\":\"")
                    .append(eventIds[i])
                    .append("\",\"room_id\":\"!r:localhost\",\"sender\":\"@u:localhost\",")
                    .append("\"content\":{}}");
        }
        return body.append("]}").toString();
    }

    private List<List<Object>> handledIds() {
        return handledEvents.stream()
                .map(list -> list.stream().map(e -> e.get("event_id")).toList())
                .toList();
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private HttpResponse<String> put(String path, String body, String token) throws Exception {
        return send(request(path, token)
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(request(path, token).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String errcode(HttpResponse<String> response) throws Exception {
        JsonNode body = json.readTree(response.body());
        return body.path("errcode").asText(null);
    }
}
