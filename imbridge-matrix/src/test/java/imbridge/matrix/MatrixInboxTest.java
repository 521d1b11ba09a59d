package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.matrixside.MembershipChange;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Matrix-side events from the double's real transactions: queued durably by the appender (echoes left out),
 * consumed in order by the worker, failed handlings retried and finally given up without blocking the queue.
 */
class MatrixInboxTest {
    private static final String ALICE = "tel:+15551234567";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MatrixInboxWorker.Settings FAST = new MatrixInboxWorker.Settings(
            2, 3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(30), Duration.ofDays(1));

    @TempDir
    Path tmp;

    private final InMemoryMatrixInbox inbox = new InMemoryMatrixInbox();
    private final Set<String> managementRooms = ConcurrentHashMap.newKeySet();
    private final List<String> handled = new CopyOnWriteArrayList<>();

    @Test
    void eventsAreQueuedBeforeTheAnswerAndConsumedInOrderWithRetries() throws Exception {
        AtomicInteger statusFailures = new AtomicInteger();
        MatrixEventListener listener = new MatrixEventListener() {
            @Override
            public void onMembership(MembershipChange change) {
                handled.add(change.membership() + " " + change.userId());
            }

            @Override
            public void onCommand(BotCommand command) {
                if (command.name() == BotCommand.Name.STATUS && statusFailures.incrementAndGet() <= 2) {
                    throw new IllegalStateException("homeserver hiccup " + statusFailures.get());
                }
                if (command.name() == BotCommand.Name.SYNC) {
                    throw new IllegalStateException("always broken");
                }
                handled.add(command.word());
            }
        };
        MatrixConfig cfg = TestConfigs.config("http://127.0.0.1:1");
        MatrixEventRouter router = new MatrixEventRouter(cfg, managementRooms::contains, listener);
        MatrixInboxWorker worker = new MatrixInboxWorker(inbox, router, FAST, Clock.systemUTC());
        MatrixInboxAppender appender = new MatrixInboxAppender(inbox, router, worker::wake);
        try (DoubleFixture fx = DoubleFixture.start(
                        tmp,
                        appender,
                        new InMemoryTransactionLog(),
                        UnaryOperator.identity(),
                        UnaryOperator.identity());
                worker) {
            fx.gateway.start();
            String portal = fx.gateway.createRoom(new RoomSpec(ALICE, PortalKind.DM, null, List.of(ALICE)));
            String management = fx.gateway.createManagementRoom();
            managementRooms.add(management);
            fx.asOwner("/rooms/" + Urls.encode(portal) + "/join", Map.of(), "POST");
            fx.asOwner("/rooms/" + Urls.encode(management) + "/join", Map.of(), "POST");
            List<String> words = List.of("help", "status", "sync", "backfill tel:+15551234567");
            for (int i = 0; i < words.size(); i++) {
                fx.asOwner(
                        "/rooms/" + Urls.encode(management) + "/send/m.room.message/c" + i,
                        Map.of("msgtype", "m.text", "body", words.get(i)),
                        "PUT");
            }
            fx.asOwner("/rooms/" + Urls.encode(portal) + "/leave", Map.of(), "POST");
            await().atMost(Duration.ofSeconds(10)).until(() -> inbox.pendingCount() == 7);
            assertThat(handled)
                    .as("queued before the worker ran, nothing handled yet")
                    .isEmpty();

            worker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> inbox.pendingCount() == 0);

            assertThat(handled)
                    .containsExactly(
                            "join @user:localhost",
                            "join @user:localhost",
                            "help",
                            "status",
                            "backfill",
                            "leave @user:localhost");
            assertThat(inbox.outcomes().values())
                    .containsExactly(
                            "MEMBERSHIP", "MEMBERSHIP", "COMMAND", "COMMAND", "FAILED", "COMMAND", "MEMBERSHIP");
            assertThat(statusFailures.get()).as("two failures, then handled").isEqualTo(3);
            assertThat(worker.consumed()).isEqualTo(7);

            // The same transaction again (a homeserver that lost our 200) queues nothing.
            String joinJson = JSON.writeValueAsString(Map.of(
                    "event_id",
                    "$again",
                    "room_id",
                    management,
                    "type",
                    "m.room.message",
                    "sender",
                    TestConfigs.OWNER,
                    "content",
                    Map.of("msgtype", "m.text", "body", "help")));
            Map<String, Object> event = JSON.readValue(joinJson, MatrixJson.MAP);
            appender.onTransaction("t1", List.of(event, event));
            appender.onTransaction("t1", List.of(event));
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 7);
            assertThat(inbox.outcomes()).containsEntry("$again", "COMMAND").hasSize(8);
        }
    }

    @Test
    void echoesOfTheBotAndGhostsAreNotQueued() throws Exception {
        MatrixEventRouter router =
                new MatrixEventRouter(TestConfigs.config("http://127.0.0.1:1"), r -> true, new MatrixEventListener() {
                    @Override
                    public void onMembership(MembershipChange change) {}

                    @Override
                    public void onCommand(BotCommand command) {}
                });
        MatrixInboxAppender appender = new MatrixInboxAppender(inbox, router, () -> {});
        appender.onTransaction(
                "1",
                List.of(
                        Map.of(
                                "event_id",
                                "$1",
                                "room_id",
                                "!r",
                                "type",
                                "m.room.message",
                                "sender",
                                DoubleFixture.BOT,
                                "content",
                                Map.of("msgtype", "m.text", "body", "status")),
                        Map.of(
                                "event_id",
                                "$2",
                                "room_id",
                                "!r",
                                "type",
                                "m.room.member",
                                "sender",
                                "@imessage_x:localhost",
                                "state_key",
                                "@imessage_x:localhost",
                                "content",
                                Map.of("membership", "join")),
                        Map.of(
                                "event_id",
                                "$3",
                                "room_id",
                                "!r",
                                "type",
                                "m.room.message",
                                "sender",
                                TestConfigs.OWNER,
                                "content",
                                Map.of("msgtype", "m.image", "body", "x.jpg")),
                        Map.of(
                                "event_id",
                                "$4",
                                "room_id",
                                "!r",
                                "type",
                                "m.room.member",
                                "sender",
                                TestConfigs.OWNER,
                                "state_key",
                                TestConfigs.OWNER,
                                "content",
                                Map.of("membership", "leave"))));
        assertThat(inbox.outcomes()).containsOnlyKeys("$4");
    }
}
