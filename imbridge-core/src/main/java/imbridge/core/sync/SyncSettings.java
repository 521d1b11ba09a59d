package imbridge.core.sync;

import imbridge.core.util.Backoff;
import java.time.Duration;
import java.util.List;

/**
 * Limits of the sync controller; defaults are the plan's values.
 *
 * @param maxPagesPerZone          loop bound for one zone in one pass
 * @param maxConsecutiveFailures   page failures in a row that fail the whole pass
 * @param pageBackoff              per-page retry back-off (server {@code retryAfter} wins, capped)
 * @param bootstrapRetryInterval   wait between failed bootstrap passes (the gate stays closed)
 * @param resyncDelays             waits before each delayed incremental re-sync after bootstrap (run inline)
 */
public record SyncSettings(
        int maxPagesPerZone,
        int maxConsecutiveFailures,
        Backoff pageBackoff,
        Duration bootstrapRetryInterval,
        List<Duration> resyncDelays) {

    public SyncSettings {
        resyncDelays = List.copyOf(resyncDelays);
    }

    public SyncSettings(
            int maxPagesPerZone, int maxConsecutiveFailures, Backoff pageBackoff, Duration bootstrapRetryInterval) {
        this(maxPagesPerZone, maxConsecutiveFailures, pageBackoff, bootstrapRetryInterval, DEFAULT_RESYNC_DELAYS);
    }

    public static final List<Duration> DEFAULT_RESYNC_DELAYS =
            List.of(Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofMinutes(3));

    public static SyncSettings defaults() {
        return new SyncSettings(
                10_000,
                3,
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)),
                Duration.ofMinutes(1),
                DEFAULT_RESYNC_DELAYS);
    }

    public SyncSettings withResyncDelays(List<Duration> delays) {
        return new SyncSettings(maxPagesPerZone, maxConsecutiveFailures, pageBackoff, bootstrapRetryInterval, delays);
    }

    public SyncSettings withBootstrapRetryInterval(Duration interval) {
        return new SyncSettings(maxPagesPerZone, maxConsecutiveFailures, pageBackoff, interval, resyncDelays);
    }
}
