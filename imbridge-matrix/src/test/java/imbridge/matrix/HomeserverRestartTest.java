package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A homeserver restart in the middle of a run: its appservice transaction counter starts again at 1 and the
 * transaction that was in flight (which our appservice did process) is pushed again. No inbound event may be
 * lost or handled twice, and reused transaction IDs must not be mistaken for replays.
 */
class HomeserverRestartTest {
    private static final String ALICE = "tel:+15551234567";

    @TempDir
    Path tmp;

    @Test
    void noInboundTransactionIsLostOrDuplicated() throws Exception {
        List<String> handledEvents = new CopyOnWriteArrayList<>();
        List<String> handledTxnIds = new CopyOnWriteArrayList<>();
        AtomicReference<CountDownLatch> entered = new AtomicReference<>();
        CountDownLatch release = new CountDownLatch(1);
        TransactionHandler handler = (txnId, events) -> {
            CountDownLatch hold = entered.getAndSet(null);
            if (hold != null) {
                hold.countDown();
                assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
            }
            handledTxnIds.add(txnId);
            events.forEach(e -> handledEvents.add((String) e.get("event_id")));
        };
        try (DoubleFixture fx = DoubleFixture.start(
                tmp, handler, new InMemoryTransactionLog(), UnaryOperator.identity(), DoubleFixture::fastRetries)) {
            fx.gateway.start();
            String room = fx.gateway.createRoom(new RoomSpec(ALICE, PortalKind.DM, null, List.of(ALICE)));
            sendRange(fx, room, 0, 150);
            CountDownLatch holding = new CountDownLatch(1);
            entered.set(holding);
            sendRange(fx, room, 150, 160);
            assertThat(holding.await(10, TimeUnit.SECONDS))
                    .as("a transaction is in flight")
                    .isTrue();

            // Sends go on while the homeserver restarts: they meet refused connections and retry.
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    sendRange(fx, room, 160, 300);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            fx.hs.restart();
            release.countDown();
            sending.get(60, TimeUnit.SECONDS);

            List<String> timeline = fx.events(room).stream()
                    .map(e -> e.path("event_id").asText())
                    .toList();
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(handledEvents).containsAll(timeline));
            assertThat(handledEvents)
                    .as("each event handled once, in timeline order")
                    .containsExactlyElementsOf(timeline);
            assertThat(handledTxnIds.stream().filter("1"::equals).count())
                    .as("txnId 1 came twice with different events and was handled both times")
                    .isEqualTo(2);
            assertThat(fx.stats().path("restarts").asLong()).isEqualTo(1);
        }
    }

    private static void sendRange(DoubleFixture fx, String room, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            String guid = "restart-" + i;
            fx.gateway.send(
                    room,
                    ALICE,
                    new OutgoingPart.Text(PartKey.text(guid), guid, ALICE, "m" + i),
                    1_700_000_000_000L + i);
        }
    }
}
