package imbridge.core.sync;

import imbridge.core.util.Backoff;

import java.time.Duration;

/**
 * Limits of the sync controller; defaults are the plan's values.
 *
 * @param maxPagesPerZone          loop bound for one zone in one pass
 * @param maxConsecutiveFailures   page failures in a row that fail the whole pass
 * @param pageBackoff              per-page retry back-off (server {@code retryAfter} wins, capped)
 * @param bootstrapRetryInterval   wait between failed bootstrap passes (the gate stays closed)
 */
public record SyncSettings(int maxPagesPerZone, int maxConsecutiveFailures, Backoff pageBackoff,
                           Duration bootstrapRetryInterval) {

    public static SyncSettings defaults() {
        return new SyncSettings(10_000, 3, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)),
                Duration.ofMinutes(1));
    }
}
