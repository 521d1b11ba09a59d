package imbridge.core.live;

import imbridge.core.model.LiveEvent;
import imbridge.core.port.LiveInbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's own live latency: from a live message reaching the inbox (received from the push stream) to the
 * bridge seeing all its parts in the room (the homeserver answered 200 for each), as a Micrometer timer with
 * percentiles. Messages held behind their portal's initial history count too, so the tail shows that wait.
 * <p>
 * A message slower than {@link #SLOW_MS} is logged at INFO with where its time went (waiting for the processor,
 * checks and admission, waiting for a live worker, the portal's run), so an operator can see what stands in the
 * way of a live message without a profiler.
 */
public final class LiveLatencyMeter {
    public static final String NAME = "imbridge.live.delivery";
    /** Messages at least this slow get their stages logged. */
    static final long SLOW_MS = 150;
    /** Stage times are kept for at most this many messages in flight (a backlog after a long outage is not timed). */
    private static final int MAX_TRACKED = 10_000;

    private static final Logger log = LoggerFactory.getLogger(LiveLatencyMeter.class);

    private final Timer timer;
    private final Clock clock;
    /** Entry ID → [taken by the processor, admitted to its portal], clock millis. */
    private final Map<Long, long[]> stages = new ConcurrentHashMap<>();
    /** Portal ID → when its latest run started. */
    private final Map<String, Long> runStarts = new ConcurrentHashMap<>();

    public LiveLatencyMeter(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.timer = Timer.builder(NAME)
                .description("live message: received from the push stream until every part is in its Matrix room")
                .publishPercentiles(0.5, 0.95, 0.99)
                .publishPercentileHistogram() // buckets for Prometheus: percentiles across instances and windows
                .distributionStatisticExpiry(Duration.ofMinutes(5)) // a demo's report reads it minutes later
                .register(registry);
    }

    /** The processor took the entry out of the inbox. */
    void taken(LiveInbox.Entry entry) {
        if (entry.event().kind() == LiveEvent.Kind.MESSAGE && stages.size() < MAX_TRACKED) {
            stages.put(entry.id(), new long[] {clock.millis(), -1});
        }
    }

    /** The entry's message was admitted and its portal queued on the live lane. */
    void admitted(LiveInbox.Entry entry) {
        long[] times = stages.get(entry.id());
        if (times != null) {
            times[1] = clock.millis();
        }
    }

    /** The entry was dropped: nothing more to time. */
    void forget(LiveInbox.Entry entry) {
        stages.remove(entry.id());
    }

    /** A run of the portal started on a worker (either lane). */
    public void runStarted(String portalId) {
        runStarts.put(portalId, clock.millis());
    }

    /** The entry's message is in its room now. */
    void delivered(LiveInbox.Entry entry) {
        if (entry.event().kind() != LiveEvent.Kind.MESSAGE) {
            return;
        }
        long now = clock.millis();
        long total = Math.max(0, now - entry.receivedMs());
        timer.record(Duration.ofMillis(total));
        long[] times = stages.remove(entry.id());
        if (total >= SLOW_MS && times != null) {
            logSlow(entry, now, total, times);
        }
    }

    private void logSlow(LiveInbox.Entry entry, long now, long total, long[] times) {
        long taken = times[0];
        long admitted = times[1] < 0 ? taken : times[1];
        Long runStart = runStarts.get(entry.portalId());
        long run = runStart == null || runStart < admitted ? admitted : runStart;
        log.info(
                "live: slow delivery guid={} portal={} total={} ms: to the processor {} ms, checks and admission {} "
                        + "ms, waiting for a worker {} ms, the portal's run {} ms",
                imbridge.core.model.Guids.normalize(entry.event().guid()),
                entry.portalId(),
                total,
                taken - entry.receivedMs(),
                admitted - taken,
                run - admitted,
                now - run);
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

    public record Snapshot(long count, double p50, double p95, double p99, double max) {}
}
