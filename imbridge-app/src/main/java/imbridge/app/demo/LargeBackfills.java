package imbridge.app.demo;

import imbridge.core.util.Ticker;
import imbridge.sim.cloudkit.Conversation;
import imbridge.sim.cloudkit.Dataset;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Whether the live phase really met large backfills: the demo starts it when the largest conversation's forward
 * backfill starts, and counts how many of the {@link #COUNT} largest conversations were backfilling (first start to
 * last send) while the live phase ran.
 */
final class LargeBackfills {
    static final int COUNT = 3;

    private LargeBackfills() {}

    /** Portal IDs of the {@code n} conversations with the most messages, largest first. */
    static List<String> largestPortals(Dataset dataset, int n) {
        return dataset.conversations().stream()
                .sorted(Comparator.comparingInt(Conversation::messageCount)
                        .reversed()
                        .thenComparing(Conversation::portalId))
                .limit(n)
                .map(Conversation::portalId)
                .toList();
    }

    /** How many of {@code portals} had a backfill span (first start to last send) overlapping the live window. */
    static int during(Window live, List<String> portals, BackfillTimings timings) {
        if (live.startMs() == 0) {
            return 0;
        }
        long end = live.startMs() + live.duration().toMillis();
        int n = 0;
        for (String portal : portals) {
            long started = timings.startedMs(portal);
            long lastSent = timings.lastSentMs(portal);
            if (started > 0 && started < end && lastSent > live.startMs()) {
                n++;
            }
        }
        return n;
    }

    /**
     * When the live phase was started and how long it lasts. Milliseconds on the same ticker as
     * {@link BackfillTimings} (0 until then).
     */
    static final class Window {
        private final Duration duration;
        private final Ticker ticker;
        private volatile long startMs;

        Window(Duration duration, Ticker ticker) {
            this.duration = duration;
            this.ticker = ticker;
        }

        void opened() {
            startMs = ticker.nanos() / 1_000_000;
        }

        long startMs() {
            return startMs;
        }

        Duration duration() {
            return duration;
        }
    }
}
