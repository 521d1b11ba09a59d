package imbridge.sim.hs;

import static imbridge.sim.hs.HsFixture.BOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A restart of the double: state kept, same port, appservice transaction counter back at 1. */
class RestartTest {

    @Test
    void roomsEventsAndSendTransactionsSurviveOnTheSamePort() {
        try (HsFixture fx = HsFixture.start()) {
            String roomId = fx.createRoomAsBot(Map.of("name", "kept"));
            String before = fx.sendAs(roomId, BOT, "t1", Map.of("msgtype", "m.text", "body", "x"), 1L)
                    .json()
                    .path("event_id")
                    .asText();
            int port = fx.hs.port();

            fx.hs.restart();

            assertThat(fx.hs.port()).isEqualTo(port);
            assertThat(fx.inspectEvents(roomId).findValuesAsText("event_id")).contains(before);
            TestHttp.Response again = fx.sendAs(roomId, BOT, "t1", Map.of("msgtype", "m.text", "body", "x"), 1L);
            assertThat(again.json().path("event_id").asText())
                    .as("txnId memory is kept")
                    .isEqualTo(before);
            assertThat(fx.http
                            .get("/_double/stats", null)
                            .json()
                            .path("restarts")
                            .asLong())
                    .isEqualTo(1);
        }
    }

    @Test
    void numberingStartsAgainAtOneAndUnacknowledgedEventsArePushedAgain() throws IOException {
        try (AppserviceStub stub = AppserviceStub.start(0);
                HsFixture fx = HsFixture.start(HsConfig.defaults(HsFixture.registration(stub.url())))) {
            String roomId = fx.createRoomAsBot(Map.of());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !stub.acceptedTransactions().isEmpty());
            int acceptedBefore = stub.acceptedTransactions().size();
            stub.failing(true);
            fx.sendAs(roomId, BOT, "down", Map.of("msgtype", "m.text", "body", "while down"), 2L);
            await().atMost(Duration.ofSeconds(10)).until(() -> stub.requests().size() > acceptedBefore + 1);

            fx.hs.restart();
            stub.failing(false);
            fx.sendAs(roomId, BOT, "after", Map.of("msgtype", "m.text", "body", "after restart"), 3L);

            List<String> timeline = fx.inspectEvents(roomId).findValuesAsText("event_id");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(acceptedEventIds(stub)).containsExactlyElementsOf(timeline));
            List<String> acceptedTxnIds = stub.acceptedTransactions().stream()
                    .map(r -> r.path().substring(r.path().lastIndexOf('/') + 1))
                    .toList();
            assertThat(acceptedTxnIds.subList(acceptedBefore, acceptedTxnIds.size()))
                    .as("after the restart the counter starts again")
                    .startsWith("1");
            assertThat(acceptedTxnIds.subList(0, acceptedBefore)).startsWith("1");
        }
    }

    /** Events of every accepted transaction in order (txnIds repeat after a restart, so they cannot key this). */
    private static List<String> acceptedEventIds(AppserviceStub stub) {
        List<String> ids = new ArrayList<>();
        for (AppserviceStub.Received r : stub.acceptedTransactions()) {
            for (JsonNode event : r.body().path("events")) {
                ids.add(event.path("event_id").asText());
            }
        }
        return ids;
    }
}
