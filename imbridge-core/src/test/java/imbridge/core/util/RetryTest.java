package imbridge.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryTest {
    private final List<Duration> waits = new ArrayList<>();
    private final Waiter recording = (d, token) -> {
        token.throwIfCancelled();
        waits.add(d);
    };
    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    private final CancellationToken cancel = new CancellationToken();

    @Test
    void theLastAllowedAttemptEndsTheRetries() {
        Retry retry = new Retry(backoff, 3, recording, cancel);

        assertThat(retry.failed()).isTrue();
        assertThat(retry.failed()).isTrue();
        assertThat(retry.failed()).as("the third of three attempts failed").isFalse();
        assertThat(retry.failures()).isEqualTo(3);
    }

    @Test
    void oneAttemptMeansNoRetry() {
        assertThat(new Retry(backoff, 1, recording, cancel).failed()).isFalse();
    }

    @Test
    void delaysFollowTheBackoffAndGoThroughTheWaiter() throws Exception {
        Retry retry = new Retry(backoff, 10, recording, cancel);
        for (int i = 0; i < 3; i++) {
            retry.failed();
            retry.pause(retry.delay(null));
        }
        retry.failed();
        retry.pause(retry.delay(Duration.ofMinutes(5)));

        assertThat(waits)
                .containsExactly(
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    @Test
    void progressStartsTheCountAndTheBackoffAgain() {
        Retry retry = new Retry(backoff, 3, recording, cancel);
        retry.failed();
        retry.failed();

        retry.succeeded();

        assertThat(retry.failures()).isZero();
        assertThat(retry.delay(null)).as("no failure yet: the first step").isEqualTo(Duration.ofMillis(500));
        assertThat(retry.failed()).isTrue();
        assertThat(retry.delay(null)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void unlimitedRetriesNeverRunOut() {
        Retry retry = new Retry(backoff, Retry.UNLIMITED, recording, cancel);
        for (int i = 0; i < 1_000; i++) {
            assertThat(retry.failed()).isTrue();
        }
        assertThat(retry.delay(null)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aCancelledTokenEndsThePause() {
        Retry retry = new Retry(backoff, 3, Waiter.real(), cancel);
        retry.failed();
        cancel.cancel();

        assertThatThrownBy(() -> retry.pause(Duration.ofHours(1))).isInstanceOf(CancelledException.class);
    }

    @Test
    void backoffIsSafeFarPastTheCap() {
        Backoff huge = new Backoff(Duration.ofDays(365), Duration.ofDays(400));
        assertThat(huge.delay(40, null)).isEqualTo(Duration.ofDays(400));
        assertThat(Backoff.constant(Duration.ofSeconds(10)).delay(7, null)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aCountKeptElsewherePacesTheRetryAndEndsItAtTheLimit() throws Exception {
        Retry retry = new Retry(backoff, 3, recording, cancel);

        assertThat(retry.failed(2))
                .as("two failures stored (one before a restart): one attempt left")
                .isTrue();
        retry.pause(retry.delay(null));
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
        assertThat(retry.failed(3)).isFalse();
        assertThat(retry.failures()).isEqualTo(3);
    }
}
