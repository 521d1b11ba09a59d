package imbridge.sim.hs;

import static imbridge.sim.hs.HsFixture.AS_TOKEN;
import static imbridge.sim.hs.HsFixture.BOT;
import static imbridge.sim.hs.HsFixture.HS_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppserviceTransactionsTest {

    @Test
    void eventsArePushedInOrderWithTheHsTokenAndIncreasingTxnIds() throws IOException {
        try (AppserviceStub stub = AppserviceStub.start(0);
                HsFixture fx = HsFixture.start(HsConfig.defaults(HsFixture.registration(stub.url())))) {
            String roomId = fx.createRoomAsBot(Map.of("name", "pushed"));
            fx.addGhost(roomId, "imessage_pushed");
            for (int i = 0; i < 30; i++) {
                fx.sendAs(
                        roomId,
                        "@imessage_pushed:localhost",
                        "push" + i,
                        Map.of("msgtype", "m.text", "body", "m" + i),
                        1_700_000_000_000L + i);
            }
            List<String> timeline = fx.inspectEvents(roomId).findValuesAsText("event_id");

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(eventIds(stub.acceptedEvents())).isEqualTo(timeline));

            assertThat(stub.requests())
                    .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + HS_TOKEN));
            List<Long> txnIds = stub.requests().stream()
                    .map(r -> Long.parseLong(r.path().substring(r.path().lastIndexOf('/') + 1)))
                    .toList();
            assertThat(txnIds).isSorted().doesNotHaveDuplicates();
            JsonNode lastPushed = stub.acceptedEvents().getLast();
            assertThat(lastPushed.path("room_id").asText()).isEqualTo(roomId);
            assertThat(lastPushed.path("origin_server_ts").asLong()).isEqualTo(1_700_000_000_029L);
            assertThat(fx.http
                            .get("/_double/stats", null)
                            .json()
                            .path("transactionsPushed")
                            .asLong())
                    .isEqualTo(stub.acceptedTransactions().size());
        }
    }

    @Test
    void roomsWithoutAppserviceUsersAreNotPushed() throws IOException {
        try (AppserviceStub stub = AppserviceStub.start(0);
                HsFixture fx = HsFixture.start(HsConfig.defaults(HsFixture.registration(stub.url())))) {
            TestHttp.Response privateRoom =
                    fx.http.post("/_matrix/client/v3/createRoom", fx.userToken(), Map.of("name", "not bridged"));
            String ignored = privateRoom.json().path("room_id").asText();
            String bridged = fx.createRoomAsBot(Map.of());
            List<String> bridgedEvents = fx.inspectEvents(bridged).findValuesAsText("event_id");

            // Pushes are FIFO: once the later room's events arrived, the earlier room's would have too.
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(eventIds(stub.acceptedEvents())).containsAll(bridgedEvents));
            assertThat(stub.acceptedEvents())
                    .noneMatch(e -> e.path("room_id").asText().equals(ignored));
        }
    }

    @Test
    void transactionsAreRetriedUntilTheAppserviceComesBack() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (HsFixture fx = HsFixture.start(HsConfig.defaults(HsFixture.registration("http://127.0.0.1:" + port)))) {
            String roomId = fx.createRoomAsBot(Map.of());
            for (int i = 0; i < 5; i++) {
                TestHttp.Response sent =
                        fx.sendAs(roomId, BOT, "down" + i, Map.of("msgtype", "m.text", "body", "d" + i), null);
                assertThat(sent.status())
                        .as("a down appservice never fails client requests")
                        .isEqualTo(200);
            }
            List<String> timeline = fx.inspectEvents(roomId).findValuesAsText("event_id");

            try (AppserviceStub stub = AppserviceStub.start(port)) {
                await().atMost(Duration.ofSeconds(15))
                        .untilAsserted(() ->
                                assertThat(eventIds(stub.acceptedEvents())).isEqualTo(timeline));
            }
        }
    }

    @Test
    void failedTransactionIsRetriedWithTheSameTxnIdAndEvents() throws IOException {
        try (AppserviceStub stub = AppserviceStub.start(0);
                HsFixture fx = HsFixture.start(HsConfig.defaults(HsFixture.registration(stub.url())))) {
            stub.failing(true);
            String roomId = fx.createRoomAsBot(Map.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> stub.requests().size() >= 3);
            stub.failing(false);
            List<String> timeline = fx.inspectEvents(roomId).findValuesAsText("event_id");

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(eventIds(stub.acceptedEvents())).isEqualTo(timeline));
            AppserviceStub.Received firstAttempt = stub.requests().getFirst();
            AppserviceStub.Received accepted = stub.acceptedTransactions().getFirst();
            assertThat(accepted.path()).isEqualTo(firstAttempt.path());
            assertThat(accepted.body().path("events"))
                    .isEqualTo(firstAttempt.body().path("events"));
        }
    }

    @Test
    void pingCallsTheAppservice() throws IOException {
        try (AppserviceStub stub = AppserviceStub.start(0);
                HsFixture fx = HsFixture.start(HsConfig.defaults(HsFixture.registration(stub.url())))) {
            TestHttp.Response ok = fx.http.post(
                    "/_matrix/client/v1/appservice/imessage/ping", AS_TOKEN, Map.of("transaction_id", "ping-1"));
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            assertThat(ok.json().has("duration_ms")).isTrue();
            assertThat(stub.requests()).anySatisfy(r -> {
                assertThat(r.path()).isEqualTo("/_matrix/app/v1/ping");
                assertThat(r.authorization()).isEqualTo("Bearer " + HS_TOKEN);
                assertThat(r.body().path("transaction_id").asText()).isEqualTo("ping-1");
            });

            assertThat(fx.http
                            .post("/_matrix/client/v1/appservice/other/ping", AS_TOKEN, Map.of())
                            .status())
                    .isEqualTo(403);
            assertThat(fx.http
                            .post("/_matrix/client/v1/appservice/imessage/ping", fx.userToken(), Map.of())
                            .status())
                    .isEqualTo(403);
            stub.failing(true);
            TestHttp.Response bad = fx.http.post("/_matrix/client/v1/appservice/imessage/ping", AS_TOKEN, Map.of());
            assertThat(bad.status()).isEqualTo(502);
            assertThat(bad.errcode()).isEqualTo("M_BAD_STATUS");
            assertThat(bad.json().path("status").asInt()).isEqualTo(503);
        }
    }

    @Test
    void pingOfAnUnreachableAppserviceIsConnectionFailed() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (HsFixture fx = HsFixture.start(HsConfig.defaults(HsFixture.registration("http://127.0.0.1:" + port)))) {
            TestHttp.Response r = fx.http.post(
                    "/_matrix/client/v1/appservice/imessage/ping", AS_TOKEN, Map.of("transaction_id", "t"));

            assertThat(r.status()).isEqualTo(502);
            assertThat(r.errcode()).isEqualTo("M_CONNECTION_FAILED");
        }
    }

    private static List<String> eventIds(List<JsonNode> events) {
        List<String> ids = new ArrayList<>();
        events.forEach(e -> ids.add(e.path("event_id").asText()));
        return ids;
    }
}
