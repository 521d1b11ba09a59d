package imbridge.core.live;

import imbridge.core.port.LiveInbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The bridge's own live latency: from a live message reaching the inbox (received from the push stream) to the
 * bridge seeing all its parts in the room (the homeserver answered 200 for each), as a Micrometer timer with
 * percentiles. Messages held behind their portal's initial history count too, so the tail shows that wait.
 */
public final class LiveLatencyMeter {
    public static final String NAME = "imbridge.live.latency";

    private final Timer timer;
    private final Clock clock;

    public LiveLatencyMeter(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.timer = Timer.builder(NAME)
                .description("live message: received from the push stream until every part is in its Matrix room")
                .publishPercentiles(0.5, 0.95, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(5)) // a demo's report reads it minutes later
                .register(registry);
    }

    /** The entry's message is in its room now. */
    void delivered(LiveInbox.Entry entry) {
        if (entry.event().kind() == imbridge.core.model.LiveEvent.Kind.MESSAGE) {
            timer.record(Duration.ofMillis(Math.max(0, clock.millis() - entry.receivedMs())));
        }
    }

    /** Count and distribution so far, in milliseconds. */
    public Snapshot snapshot() {
        var s = timer.takeSnapshot();
        double p50 = 0;
        double p95 = 0;
        double p99 = 0;
        for (ValueAtPercentile v : s.percentileValues()) {
            double ms = v.value(TimeUnit.MILLISECONDS);
            if (v.percentile() == 0.5) {
                p50 = ms;
            } else if (v.percentile() == 0.95) {
                p95 = ms;
            } else if (v.percentile() == 0.99) {
                p99 = ms;
            }
        }
        return new Snapshot(s.count(), p50, p95, p99, s.max(TimeUnit.MILLISECONDS));
    }

    public record Snapshot(long count, double p50, double p95, double p99, double max) {
    }
}
