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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many sends into several rooms at once keep each room's order and are all pushed to the appservice in that order.
 * How fast the double takes them is measured, not asserted: the demo's ingest probe reports it.
 */
class ThroughputTest {
    static final int PER_ROOM = 1500;

    @Test
    void threeRoomsSendingConcurrentlyKeepPerRoomOrderAndAllArePushed() throws Exception {
        try (AppserviceStub stub = AppserviceStub.start(0);
                HsFixture fx = HsFixture.start(HsConfig.defaults(HsFixture.registration(stub.url())))) {
            List<String> rooms =
                    List.of(fx.createRoomAsBot(Map.of()), fx.createRoomAsBot(Map.of()), fx.createRoomAsBot(Map.of()));
            try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
                List<Future<?>> futures = new ArrayList<>();
                for (String roomId : rooms) {
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < PER_ROOM; i++) {
                            TestHttp.Response r = fx.sendAs(
                                    roomId,
                                    BOT,
                                    "tp" + i,
                                    Map.of("msgtype", "m.text", "body", "n" + i),
                                    1_700_000_000_000L + i);
                            assertThat(r.status()).isEqualTo(200);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            }

            for (String roomId : rooms) {
                List<String> bodies = fx.inspectEvents(roomId).findValuesAsText("body");
                assertThat(bodies).hasSize(PER_ROOM);
                for (int i = 0; i < PER_ROOM; i++) {
                    assertThat(bodies.get(i)).isEqualTo("n" + i);
                }
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<JsonNode> pushed = stub.acceptedEvents();
                for (String roomId : rooms) {
                    List<String> pushedIds = pushed.stream()
                            .filter(e -> e.path("room_id").asText().equals(roomId))
                            .map(e -> e.path("event_id").asText())
                            .toList();
                    assertThat(pushedIds).isEqualTo(fx.inspectEvents(roomId).findValuesAsText("event_id"));
                }
            });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
