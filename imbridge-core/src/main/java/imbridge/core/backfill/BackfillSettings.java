package imbridge.core.backfill;

import java.time.Duration;

/**
 * Forward backfill limits; defaults are the plan's values.
 *
 * @param chunkSize             cached rows read per keyset query
 * @param sendBatchParts        parts sent between checkpoints
 * @param maxConcurrentForward  portals backfilled at once
 * @param attachmentConcurrency downloads in flight
 * @param attachmentTimeout     per download
 */
public record BackfillSettings(int chunkSize, int sendBatchParts, int maxConcurrentForward,
                               int attachmentConcurrency, Duration attachmentTimeout) {

    public static BackfillSettings defaults() {
        return new BackfillSettings(5000, 100, 3, 32, Duration.ofSeconds(90));
    }
}
