package imbridge.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WaiterTest {
    @Test
    void cancellingWakesALongWaitAtOnce() throws Exception {
        CancellationToken token = new CancellationToken();
        CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                Waiter.real().await(Duration.ofHours(1), token);
                return null;
            } catch (CancelledException e) {
                return e;
            }
        });
        token.cancel();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(CancelledException.class);
    }

    @Test
    void aCancelledTokenRefusesNewWaits() {
        CancellationToken token = new CancellationToken();
        token.cancel();
        assertThatThrownBy(() -> Waiter.real().await(Duration.ZERO, token)).isInstanceOf(CancelledException.class);
    }

    @Test
    void backoffDoublesAndCaps() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        assertThat(b.delay(1, null)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.delay(2, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(4, null)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.delay(20, null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.delay(1, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }
}
