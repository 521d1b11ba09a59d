package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The in-memory log stamps entries with its clock, so forgetting by age is driven by the clock alone. */
class InMemoryTransactionLogTest {
    private final AtomicLong nowMs = new AtomicLong(1_750_000_000_000L);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(nowMs.get());
        }
    };

    @Test
    void forgetsWhatWasProcessedBeforeTheCutoffOnItsClock() {
        InMemoryTransactionLog log = new InMemoryTransactionLog(16, 16, clock);
        log.markProcessed("1", "d1", List.of("$a"));
        long cutoff = nowMs.addAndGet(10_000);
        log.markProcessed("2", "d2", List.of("$b"));

        assertThat(log.forgetBefore(cutoff))
                .as("the older transaction and its event")
                .isEqualTo(2);
        assertThat(log.isProcessed("1", "d1")).isFalse();
        assertThat(log.isProcessed("2", "d2")).isTrue();
        assertThat(log.processedEvents(List.of("$a", "$b"))).containsExactly("$b");
    }
}
