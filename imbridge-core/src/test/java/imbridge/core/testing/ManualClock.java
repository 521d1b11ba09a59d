package imbridge.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A wall clock tests move by hand (shared by every module's tests through the core's test-jar), so timeouts, retry
 * delays and "late" records happen without waiting. Thread-safe: the code under test reads it from its own threads.
 */
public final class ManualClock extends Clock {
    /** Where {@link #ManualClock()} starts: an arbitrary, fixed moment. */
    public static final Instant SOME_MOMENT = Instant.parse("2025-06-01T12:00:00Z");

    private final AtomicReference<Instant> now;

    public ManualClock() {
        this(SOME_MOMENT);
    }

    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public ManualClock(long startMillis) {
        this(Instant.ofEpochMilli(startMillis));
    }

    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this; // tests read instants; one zone is enough
    }
}
