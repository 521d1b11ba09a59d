package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.matrixside.MembershipChange;
import imbridge.core.port.MatrixInbox;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker as a service: a bounded stop ends its thread, also while it pauses after a failure. */
@Timeout(30)
class MatrixInboxWorkerStopTest {
    /** An hour between attempts: only a stop can end the pause within the test. */
    private static final MatrixInboxWorker.Settings SLOW_RETRY = new MatrixInboxWorker.Settings(
            10, 5, Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofDays(1));

    private final InMemoryMatrixInbox inbox = new InMemoryMatrixInbox();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicReference<Thread> workerThread = new AtomicReference<>();

    @Test
    void aStopEndsThePauseAfterAFailureAndTheWorkerThread() throws Exception {
        MatrixEventRouter router =
                new MatrixEventRouter(TestConfigs.config("http://127.0.0.1:1"), r -> true, new MatrixEventListener() {
                    @Override
                    public void onMembership(MembershipChange change) {
                        workerThread.set(Thread.currentThread());
                        attempts.incrementAndGet();
                        throw new IllegalStateException("homeserver hiccup");
                    }

                    @Override
                    public void onCommand(BotCommand command) {}
                });
        inbox.append(List.of(leave("$1")));
        MatrixInboxWorker worker = new MatrixInboxWorker(inbox, router, SLOW_RETRY, Clock.systemUTC());
        worker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 1);

        worker.stop(Duration.ofSeconds(10));

        assertThat(workerThread.get().isAlive()).isFalse();
        assertThat(attempts).as("stopped during the pause: no second attempt").hasValue(1);
        assertThat(inbox.pending(10))
                .as("the failed event stays queued for the next start")
                .extracting(MatrixInbox.Entry::eventId)
                .containsExactly("$1");
    }

    @Test
    void aStopOfAnIdleWorkerEndsItsThread() throws Exception {
        MatrixEventRouter router =
                new MatrixEventRouter(TestConfigs.config("http://127.0.0.1:1"), r -> true, new MatrixEventListener() {
                    @Override
                    public void onMembership(MembershipChange change) {
                        workerThread.set(Thread.currentThread());
                    }

                    @Override
                    public void onCommand(BotCommand command) {}
                });
        inbox.append(List.of(leave("$1")));
        MatrixInboxWorker worker = new MatrixInboxWorker(inbox, router, SLOW_RETRY, Clock.systemUTC());
        worker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.consumed() == 1);

        worker.stop(Duration.ofSeconds(10));

        assertThat(workerThread.get().isAlive()).isFalse();
        assertThat(worker.name()).isEqualTo("matrix-inbox");
    }

    private static MatrixInbox.NewEvent leave(String eventId) throws Exception {
        String json = new ObjectMapper()
                .writeValueAsString(Map.of(
                        "event_id",
                        eventId,
                        "room_id",
                        "!r",
                        "type",
                        "m.room.member",
                        "sender",
                        TestConfigs.OWNER,
                        "state_key",
                        TestConfigs.OWNER,
                        "content",
                        Map.of("membership", "leave")));
        return new MatrixInbox.NewEvent(eventId, "!r", json);
    }
}
