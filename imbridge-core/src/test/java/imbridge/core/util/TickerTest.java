package imbridge.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TickerTest {
    @Test
    void elapsedMillisAreTheDifferenceOfTheTicks() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        Ticker ticker = now::get;
        long start = ticker.nanos();
        now.addAndGet(1_999_999);
        assertThat(ticker.millisSince(start)).isEqualTo(1);
        now.addAndGet(1);
        assertThat(ticker.millisSince(start)).isEqualTo(2);
    }

    @Test
    void theSystemTickerMovesForward() {
        long first = Ticker.SYSTEM.nanos();
        assertThat(Ticker.SYSTEM.nanos()).isGreaterThanOrEqualTo(first);
    }
}
