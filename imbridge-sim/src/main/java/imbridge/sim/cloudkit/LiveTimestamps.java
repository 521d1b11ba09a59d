package imbridge.sim.cloudkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Live timestamps: the injected clock from the first live activity on, moved forward if needed so live traffic is
 * newer than all history (the dataset's messages, late arrivals included). Not thread-safe: used under the
 * {@link LiveFeed}'s monitor.
 */
final class LiveTimestamps {
    /** History ends before this (the generator's timeline, plus its late arrivals): live "now" never precedes it. */
    static final long HISTORY_END_MS = GroundTruth.unixMillis(Timeline.SPAN_START_NS + Timeline.SPAN_NS)
            + Duration.ofDays(1).toMillis();

    private static final long AFTER_NEWEST_MS = 60_000;

    private final Clock clock;
    private final Dataset dataset;
    private Instant anchor;
    private long liveBaseMs;

    LiveTimestamps(Clock clock, Dataset dataset) {
        this.clock = clock;
        this.dataset = dataset;
    }

    /** Fixes the anchor at the clock's current time, once. */
    void ensureAnchor() {
        if (anchor != null) {
            return;
        }
        anchor = clock.instant();
        long newest = HISTORY_END_MS;
        for (MessageRecord message : dataset.messages()) {
            long ts = GroundTruth.unixMillis(message.timeNs());
            if (ts < Long.MAX_VALUE - AFTER_NEWEST_MS) {
                newest = Math.max(newest, ts + AFTER_NEWEST_MS);
            }
        }
        liveBaseMs = Math.max(anchor.toEpochMilli(), newest);
    }

    boolean anchored() {
        return anchor != null;
    }

    /** The live timestamp (Unix ms) of clock time {@code at}; the anchor must be set. */
    long at(Instant at) {
        return liveBaseMs + Duration.between(anchor, at).toMillis();
    }
}
