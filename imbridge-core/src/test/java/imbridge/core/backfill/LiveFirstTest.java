package imbridge.core.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LiveFirstTest {

    @Test
    void aHistorySendWaitsWhileALiveRunIsInProgressAndGoesOnWhenItEnds() throws Exception {
        LiveFirst liveFirst = new LiveFirst();
        liveFirst.liveRunStarted();
        AtomicBoolean sent = new AtomicBoolean();
        Thread history = Thread.ofPlatform().start(() -> {
            try {
                liveFirst.yieldToLive(
                        Duration.ofMinutes(1)); // far longer than the test: only the live run's end frees it
                sent.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> liveFirst.yielding() == 1);
        assertThat(sent).isFalse();

        liveFirst.liveRunFinished();
        history.join(10_000);
        assertThat(sent).isTrue();
    }

    @Test
    void withoutLiveWorkHistoryDoesNotWaitAndTheWaitIsBounded() throws Exception {
        LiveFirst liveFirst = new LiveFirst();
        liveFirst.yieldToLive(Duration.ofMinutes(1)); // returns at once: nothing live runs

        liveFirst.liveRunStarted();
        liveFirst.liveRunStarted();
        liveFirst.liveRunFinished(); // one of two live runs still in progress
        liveFirst.yieldToLive(Duration.ZERO); // the bound: a zero wait returns although live work runs
        assertThat(liveFirst.yielding()).isZero();
    }
}
