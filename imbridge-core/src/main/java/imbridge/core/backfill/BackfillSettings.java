package imbridge.core.backfill;

import java.time.Duration;

/**
 * Forward backfill limits; defaults are the plan's values.
 *
 * @param chunkSize             cached rows read per keyset query
 * @param sendBatchParts        parts sent between checkpoints
 * @param maxConcurrentForward  portals backfilled at once
 * @param attachmentConcurrency downloads in flight
 * @param attachmentTimeout     per download attempt
 * @param maxAttachmentRetries  failed attempts after which an attachment is abandoned (text-only + notice)
 * @param attachmentRetryDelay  wait before retrying a failed attachment, doubled for each further retry
 * @param stallTimeout          no heartbeat (download attempt or send) for this long = stalled: WARN + stall hook
 * @param progressLogInterval   how often the watchdog logs progress while backfills run
 * @param backward              how history is split with backward backfill where the homeserver inserts history
 */
public record BackfillSettings(
        int chunkSize,
        int sendBatchParts,
        int maxConcurrentForward,
        int attachmentConcurrency,
        Duration attachmentTimeout,
        int maxAttachmentRetries,
        Duration attachmentRetryDelay,
        Duration stallTimeout,
        Duration progressLogInterval,
        BackwardSettings backward) {

    public static final int DEFAULT_MAX_ATTACHMENT_RETRIES = 3;
    public static final Duration DEFAULT_ATTACHMENT_RETRY_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(3);
    public static final Duration DEFAULT_PROGRESS_LOG_INTERVAL = Duration.ofSeconds(30);

    public BackfillSettings {
        if (maxAttachmentRetries < 1) {
            throw new IllegalArgumentException("max_attachment_retries must be >= 1, got " + maxAttachmentRetries);
        }
        java.util.Objects.requireNonNull(backward, "backward");
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stall_timeout must be positive, got " + stallTimeout);
        }
    }

    public BackfillSettings(
            int chunkSize,
            int sendBatchParts,
            int maxConcurrentForward,
            int attachmentConcurrency,
            Duration attachmentTimeout,
            int maxAttachmentRetries,
            Duration attachmentRetryDelay,
            Duration stallTimeout,
            Duration progressLogInterval) {
        this(
                chunkSize,
                sendBatchParts,
                maxConcurrentForward,
                attachmentConcurrency,
                attachmentTimeout,
                maxAttachmentRetries,
                attachmentRetryDelay,
                stallTimeout,
                progressLogInterval,
                BackwardSettings.defaults());
    }

    public BackfillSettings(
            int chunkSize,
            int sendBatchParts,
            int maxConcurrentForward,
            int attachmentConcurrency,
            Duration attachmentTimeout) {
        this(
                chunkSize,
                sendBatchParts,
                maxConcurrentForward,
                attachmentConcurrency,
                attachmentTimeout,
                DEFAULT_MAX_ATTACHMENT_RETRIES,
                DEFAULT_ATTACHMENT_RETRY_DELAY,
                DEFAULT_STALL_TIMEOUT,
                DEFAULT_PROGRESS_LOG_INTERVAL);
    }

    public static BackfillSettings defaults() {
        return new BackfillSettings(5000, 100, 3, 32, Duration.ofSeconds(90));
    }

    public BackfillSettings withAttachmentTimeout(Duration timeout) {
        return withTunables(
                timeout, maxAttachmentRetries, attachmentRetryDelay, stallTimeout, progressLogInterval, backward);
    }

    public BackfillSettings withAttachmentRetries(int retries, Duration retryDelay) {
        return withTunables(attachmentTimeout, retries, retryDelay, stallTimeout, progressLogInterval, backward);
    }

    public BackfillSettings withStallTimeout(Duration timeout, Duration progressInterval) {
        return withTunables(
                attachmentTimeout, maxAttachmentRetries, attachmentRetryDelay, timeout, progressInterval, backward);
    }

    public BackfillSettings withBackward(BackwardSettings settings) {
        return withTunables(
                attachmentTimeout,
                maxAttachmentRetries,
                attachmentRetryDelay,
                stallTimeout,
                progressLogInterval,
                settings);
    }

    /** The one copy behind the with-methods: the sizes kept, the timing and retry settings replaced. */
    private BackfillSettings withTunables(
            Duration timeout,
            int retries,
            Duration retryDelay,
            Duration stall,
            Duration progressInterval,
            BackwardSettings backwardSettings) {
        return new BackfillSettings(
                chunkSize,
                sendBatchParts,
                maxConcurrentForward,
                attachmentConcurrency,
                timeout,
                retries,
                retryDelay,
                stall,
                progressInterval,
                backwardSettings);
    }
}
