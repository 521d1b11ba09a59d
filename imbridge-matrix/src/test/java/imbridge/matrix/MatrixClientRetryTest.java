package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import imbridge.core.port.MatrixException;
import imbridge.core.util.Waiter;
import imbridge.matrix.ScriptedHttpServer.Answer;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MatrixClientRetryTest {
    private static final String OK = "{\"event_id\":\"$ok\"}";
    private static final String GHOST = "@imessage_tel=3a+15551234567:localhost";

    private final HttpClient http = HttpClient.newHttpClient();
    private final RecordingWaiter waiter = new RecordingWaiter();
    private ScriptedHttpServer hs;

    @BeforeEach
    void start() throws Exception {
        hs = new ScriptedHttpServer();
    }

    @AfterEach
    void stop() {
        hs.close();
    }

    @Test
    void waitsRetryAfterMsOfALimitExceededAnswer() throws Exception {
        hs.enqueue(Answer.json(
                        429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"slow down\",\"retry_after_ms\":1500}"))
                .enqueue(Answer.json(200, OK));

        String eventId = client(5, Duration.ofSeconds(30))
                .putJson(
                        "/_matrix/client/v3/rooms/!r:localhost/send/m.room.message/t1",
                        Map.of("ts", "1700000000123"),
                        GHOST,
                        Map.of("body", "hi"))
                .path("event_id")
                .asText();

        assertThat(eventId).isEqualTo("$ok");
        assertThat(waiter.waits()).containsExactly(Duration.ofMillis(1500));
        assertThat(hs.requests()).hasSize(2);
    }

    @Test
    void waitsRetryAfterSecondsOfAnUnavailableAnswer() throws Exception {
        hs.enqueue(new Answer(503, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"restarting\"}", Map.of("Retry-After", "2")))
                .enqueue(Answer.json(200, OK));

        client(5, Duration.ofSeconds(30)).get("/_matrix/client/v3/account/whoami", GHOST);

        assertThat(waiter.waits()).containsExactly(Duration.ofSeconds(2));
        assertThat(hs.requests()).hasSize(2);
    }

    @Test
    void failsAtOnceOnForbidden() {
        hs.enqueue(Answer.json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"not in room\"}"))
                .enqueue(Answer.json(200, OK));

        MatrixRequestException e = catchThrowableOfType(
                MatrixRequestException.class,
                () -> client(5, Duration.ofSeconds(30))
                        .postJson("/_matrix/client/v3/rooms/!r:localhost/join", GHOST, Map.of()));

        assertThat(e.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(e.getMessage()).contains("not in room");
        assertThat(waiter.waits()).isEmpty();
        assertThat(hs.requests()).hasSize(1);
    }

    @Test
    void failsAtOnceOnInternalServerErrorWithoutAMatrixBody() {
        hs.enqueue(new Answer(500, "<html>oops</html>", Map.of()));

        MatrixRequestException e = catchThrowableOfType(
                MatrixRequestException.class,
                () -> client(5, Duration.ofSeconds(30)).get("/_matrix/client/versions", null));

        assertThat(e.errcode()).isEqualTo("M_UNKNOWN");
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.getMessage()).contains("oops");
        assertThat(hs.requests()).hasSize(1);
    }

    @Test
    void backsOffExponentiallyUpToTheCapAndGivesUpAfterMaxAttempts() {
        for (int i = 0; i < 5; i++) {
            hs.enqueue(Answer.json(502, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"bad gateway\"}"));
        }
        hs.enqueue(Answer.json(200, OK));

        MatrixRequestException e = catchThrowableOfType(
                MatrixRequestException.class,
                () -> client(5, Duration.ofSeconds(5)).get("/_matrix/client/versions", null));

        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(waiter.waits())
                .containsExactly(
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
        assertThat(hs.requests()).hasSize(5);
    }

    @Test
    void closingTheClientEndsARequestWaitingInItsBackoff() throws Exception {
        hs.enqueue(Answer.json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"x\",\"retry_after_ms\":60000}"))
                .enqueue(Answer.json(200, OK));
        MatrixClient client =
                new MatrixClient(TestConfigs.config(hs.baseUrl(), 5, Duration.ofMinutes(1)), http, Waiter.real());
        CompletableFuture<Throwable> request = CompletableFuture.supplyAsync(
                () -> catchThrowableOfType(MatrixException.class, () -> client.get("/_matrix/client/versions", null)));
        await().until(() -> hs.requests().size() == 1);

        client.close();

        assertThat(request.get(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        MatrixException.class, e -> assertThat(e.errcode()).isEqualTo(MatrixErrors.CANCELLED));
        assertThat(hs.requests()).as("no retry after close").hasSize(1);
    }

    @Test
    void capsTheServersHint() throws Exception {
        hs.enqueue(Answer.json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"x\",\"retry_after_ms\":600000}"))
                .enqueue(new Answer(504, "{}", Map.of("Retry-After", "3600")))
                .enqueue(Answer.json(200, OK));

        client(5, Duration.ofSeconds(30)).get("/_matrix/client/versions", null);

        assertThat(waiter.waits()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void retriesTransportErrorsThenReportsThem() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MatrixClient client = new MatrixClient(
                TestConfigs.config("http://127.0.0.1:" + closedPort, 3, Duration.ofSeconds(30)), http, waiter);

        assertThatThrownBy(() -> client.get("/_matrix/client/versions", null))
                .isInstanceOfSatisfying(MatrixRequestException.class, e -> {
                    assertThat(e.errcode()).isEqualTo(MatrixErrors.TRANSPORT);
                    assertThat(e.httpStatus()).isZero();
                });
        assertThat(waiter.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void authenticatesAsTheAppserviceAndEncodesTheActingUser() throws Exception {
        hs.enqueue(Answer.json(200, OK));

        client(5, Duration.ofSeconds(30))
                .putJson(
                        "/_matrix/client/v3/rooms/" + MatrixClient.segment("!r:localhost") + "/send/m.room.message/t1",
                        Map.of("ts", "1700000000123"),
                        GHOST,
                        Map.of("body", "hi"));

        ScriptedHttpServer.Request request = hs.requests().getFirst();
        assertThat(request.headers()).containsEntry("authorization", "Bearer " + TestConfigs.AS_TOKEN);
        assertThat(request.query()).containsEntry("user_id", GHOST).containsEntry("ts", "1700000000123");
        assertThat(request.rawQuery()).contains("%2B15551234567");
        assertThat(request.path()).isEqualTo("/_matrix/client/v3/rooms/!r:localhost/send/m.room.message/t1");
        assertThat(request.bodyText()).isEqualTo("{\"body\":\"hi\"}");
    }

    private MatrixClient client(int attempts, Duration maxBackoff) {
        return new MatrixClient(TestConfigs.config(hs.baseUrl(), attempts, maxBackoff), http, waiter);
    }
}
