package imbridge.core.attachment;

// Over 400 lines on purpose: a transfer's life is one state machine (the class comment says why).

import imbridge.core.lifecycle.Service;
import imbridge.core.lifecycle.Threads;
import imbridge.core.model.CloudAttachment;
import imbridge.core.port.AssetUnavailableException;
import imbridge.core.port.CloudSource;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import imbridge.core.util.Backoff;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Retry;
import imbridge.core.util.Ticker;
import imbridge.core.util.Waiter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Download → verify (size, SHA-256) → upload, with at most {@code maxInFlight} downloads at once. Callers
 * start transfers ahead ({@link #prefetch}) and wait only for the one they need next ({@link #await}), so a
 * slow download overlaps with the others. Each attempt has its own timeout; there is no deadline on a chunk
 * (behaviour.md F10).
 *
 * <p>Failures (behaviour.md §6, W1): every failed attempt — download error, timeout, empty or corrupt data, upload
 * error — is persisted in the ledger with its retry count. A failed attachment is retried at once (after a
 * short back-off) while its message waits; the others keep downloading meanwhile. Once the stored count
 * reaches {@code maxAttempts} the attachment is <b>abandoned</b> for good: no further download, the caller
 * sends a notice in its place. Counts survive restarts, so attempts spent before a crash count too.
 * A success deletes the failure row and caches {@code record_name → content} in memory and in the ledger,
 * so a warm restart downloads nothing.
 *
 * <p>Hedging: when a sender is waiting for an attachment whose attempt has had no answer (not even response
 * headers) for {@code hedgeAfter}, or nobody waits yet but the silence has lasted {@code silentHedgeAfter},
 * another request is started in a slot of its own (at most two more per attempt) and the first good answer
 * wins, so a stalled request neither holds the room nor its download slot for the whole timeout; the others
 * are abandoned. Together they count as one attempt against the retry cap.
 *
 * <p>Shutdown (behaviour.md W5): {@link #close()} stops new downloads at once, transfers waiting for a slot leave
 * without downloading, and in-flight ones finish or time out.
 * <p>
 * Over 400 lines because a transfer's life (prefetch, slot, attempts, retries, cache, close) is one state machine;
 * fetching, verifying, uploading and the ledger are classes of their own.
 */
public final class AttachmentPipeline implements Service, AutoCloseable {
    // Its parts: DownloadSlots (the cap and who goes next), HedgedFetcher (one attempt's requests), AssetVerifier,
    // AttachmentUploader (voice-note conversion, upload), LedgerAccess (cache and failure counts), AttachmentStats.
    // This class owns the transfers by record name and the retry loop around an attempt.
    private static final Logger log = LoggerFactory.getLogger(AttachmentPipeline.class);
    private static final int LOG_EVERY = 10;
    /** The retry back-off stops doubling after this many doublings of {@link Settings#retryDelay()}. */
    private static final long MAX_RETRY_DELAY_FACTOR = 1L << 10;
    /**
     * Default {@link Settings#silentHedgeAfter()}: a request with no answer (not even headers) for this long is
     * stuck, whether or not a sender waits yet; a fresh request frees its slot sooner than the attempt's timeout.
     */
    public static final Duration DEFAULT_SILENT_HEDGE_AFTER = Duration.ofSeconds(1);
    /** Default {@link Settings#hedgeAfter()}: well above a healthy server's time to answer. */
    public static final Duration DEFAULT_HEDGE_AFTER = Duration.ofMillis(300);

    /**
     * @param maxInFlight downloads at once
     * @param timeout     per download attempt
     * @param maxAttempts stored failures after which an attachment is abandoned
     * @param retryDelay  wait before the first retry of a failed attachment, doubled for the next
     * @param hedgeAfter  no answer for this long while a sender waits for the attachment: start another request
     *                    (never when it is not shorter than {@code timeout}, or with a single slot)
     * @param silentHedgeAfter no answer for this long even though no sender waits yet: start another request too
     *                    (a stalled request would otherwise hold its download slot until the timeout)
     */
    public record Settings(
            int maxInFlight,
            Duration timeout,
            int maxAttempts,
            Duration retryDelay,
            Duration hedgeAfter,
            Duration silentHedgeAfter) {
        public Settings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("max attachment retries must be >= 1, got " + maxAttempts);
            }
            if (hedgeAfter == null || hedgeAfter.isNegative()) {
                throw new IllegalArgumentException("hedge delay must be >= 0, got " + hedgeAfter);
            }
            if (silentHedgeAfter == null || silentHedgeAfter.compareTo(hedgeAfter) < 0) {
                throw new IllegalArgumentException(
                        "silent hedge delay must be >= the hedge delay, got " + silentHedgeAfter);
            }
        }

        public Settings(int maxInFlight, Duration timeout, int maxAttempts, Duration retryDelay, Duration hedgeAfter) {
            this(
                    maxInFlight,
                    timeout,
                    maxAttempts,
                    retryDelay,
                    hedgeAfter,
                    hedgeAfter.compareTo(DEFAULT_SILENT_HEDGE_AFTER) > 0 ? hedgeAfter : DEFAULT_SILENT_HEDGE_AFTER);
        }

        public Settings(int maxInFlight, Duration timeout, int maxAttempts, Duration retryDelay) {
            this(maxInFlight, timeout, maxAttempts, retryDelay, DEFAULT_HEDGE_AFTER);
        }

        boolean hedges() {
            return maxInFlight > 1 && hedgeAfter.compareTo(timeout) < 0;
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Waiter waiter;
    private final Backoff retryBackoff;
    private final Runnable heartbeat;
    private final DownloadSlots slots;
    private final LedgerAccess records;
    private final AttachmentUploader uploader;
    private final HedgedFetcher fetcher;
    private final CancellationToken closing = new CancellationToken();
    private final ExecutorService executor = Threads.taskPerThread("attachment");
    private final Map<String, CompletableFuture<AttachmentOutcome>> transfers = new ConcurrentHashMap<>();
    /** Completed when a sender starts waiting for the record (what makes a slow attempt worth hedging). */
    private final Map<String, CompletableFuture<Void>> wanted = new ConcurrentHashMap<>();

    private final AttachmentStats stats = new AttachmentStats();
    private final AbandonedTally abandonedSinceWarn = new AbandonedTally();
    /** Where download durations go; nowhere until {@link #recordTo} names a registry. */
    private volatile io.micrometer.core.instrument.MeterRegistry meters =
            new io.micrometer.core.instrument.composite.CompositeMeterRegistry();

    /** Records each download's duration (by outcome) in {@code registry} from now on. */
    public void recordTo(io.micrometer.core.instrument.MeterRegistry registry) {
        this.meters = registry;
    }

    /** In-memory ledger, 3 attempts, immediate retries: for tests and tools. */
    public AttachmentPipeline(CloudSource source, MatrixGateway matrix, int maxInFlight, Duration timeout) {
        this(
                source,
                matrix,
                new InMemoryAttachmentLedger(),
                new Settings(maxInFlight, timeout, 3, Duration.ZERO),
                Clock.systemUTC(),
                Waiter.real(),
                () -> {});
    }

    /**
     * @param heartbeat stamped after every download attempt, success or failure (the stall watchdog's input)
     */
    public AttachmentPipeline(
            CloudSource source,
            MatrixGateway matrix,
            AttachmentLedger ledger,
            Settings settings,
            Clock clock,
            Waiter waiter,
            Runnable heartbeat) {
        this(source, matrix, ledger, settings, clock, Ticker.SYSTEM, waiter, heartbeat);
    }

    /** @param ticker measures attempt timeouts, hedge delays and the shutdown's grace period */
    public AttachmentPipeline(
            CloudSource source,
            MatrixGateway matrix,
            AttachmentLedger ledger,
            Settings settings,
            Clock clock,
            Ticker ticker,
            Waiter waiter,
            Runnable heartbeat) {
        this.settings = settings;
        this.clock = clock;
        this.waiter = waiter;
        this.retryBackoff =
                new Backoff(settings.retryDelay(), settings.retryDelay().multipliedBy(MAX_RETRY_DELAY_FACTOR));
        this.heartbeat = heartbeat;
        this.slots = new DownloadSlots(settings.maxInFlight(), ticker);
        this.records = new LedgerAccess(ledger, settings.maxAttempts(), clock);
        this.uploader = new AttachmentUploader(matrix, ticker);
        this.fetcher =
                new HedgedFetcher(source, settings, slots, stats, executor, closing, clock, ticker, this::wanted);
    }

    /**
     * Loads the persisted failure rows into memory (once; also done lazily on first use). The upload cache stays in
     * the ledger and is read one record at a time.
     */
    public void load() {
        records.load();
    }

    /** Starts the transfer unless it is already running or done; {@code portalId} only labels the counters. */
    public void prefetch(String portalId, CloudAttachment attachment) {
        prefetch(portalId, attachment, () -> 0);
    }

    /**
     * As {@link #prefetch(String, CloudAttachment)}; {@code distance} tells, whenever asked, how far ahead of
     * its sender the attachment is now (0 or less = needed next): nearer ones get download slots first,
     * across all portals.
     */
    public void prefetch(String portalId, CloudAttachment attachment, LongSupplier distance) {
        prefetch(portalId, attachment, new Object(), 0, distance);
    }

    /**
     * As {@link #prefetch(String, CloudAttachment, LongSupplier)} for a portal's look-ahead: {@code position} is the
     * part's place in the portal's send order, and {@code distance} never decreases with it (so a slot hand-off asks
     * only each portal's nearest waiter).
     */
    public void prefetch(String portalId, CloudAttachment attachment, long position, LongSupplier distance) {
        prefetch(portalId, attachment, portalId == null ? new Object() : portalId, position, distance);
    }

    private void prefetch(String portalId, CloudAttachment attachment, Object group, long rank, LongSupplier distance) {
        load();
        transfers.computeIfAbsent(attachment.recordName(), name -> {
            if (closing.isCancelled()) {
                return CompletableFuture.failedFuture(new CancelledException());
            }
            try {
                return CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return transfer(portalId, attachment, group, rank, distance);
                            } catch (CancelledException e) {
                                throw new CompletionException(e);
                            }
                        },
                        executor);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.failedFuture(new CancelledException());
            }
        });
    }

    public void prefetch(CloudAttachment attachment) {
        prefetch(null, attachment);
    }

    /**
     * The attachment's outcome, waiting for its transfer if needed (no deadline: each attempt is bounded).
     *
     * @throws CancelledException the pipeline closed before the attachment was resolved
     */
    public AttachmentOutcome await(String portalId, CloudAttachment attachment)
            throws CancelledException, InterruptedException {
        prefetch(portalId, attachment);
        String name = attachment.recordName();
        CompletableFuture<AttachmentOutcome> future = transfers.get(name);
        if (!future.isDone()) {
            wanted(name).complete(null);
        }
        try {
            AttachmentOutcome outcome = future.get();
            transfers.remove(name, future); // the cache answers from now on
            return outcome;
        } catch (ExecutionException e) {
            transfers.remove(name, future);
            if (e.getCause() instanceof CancelledException c) {
                throw c;
            }
            if (e.getCause() instanceof imbridge.core.port.StoreUnavailableException full) {
                throw full; // the database refused the transfer's record: the backfill pauses (StoreOutage)
            }
            throw new IllegalStateException("attachment transfer of " + name + " broke", e);
        } finally {
            wanted.remove(name);
        }
    }

    public AttachmentOutcome await(CloudAttachment attachment) throws CancelledException, InterruptedException {
        return await(null, attachment);
    }

    /** Whether the attachment was given up for good (no download will be tried). */
    public boolean isAbandoned(String recordName) {
        return records.isAbandoned(recordName);
    }

    /** Failure rows that may still succeed (fewer stored failures than the cap), for the given record names. */
    public boolean hasRetryableFailure(Iterable<String> recordNames) {
        return records.hasRetryableFailure(recordNames);
    }

    /**
     * One WARN for the attachments of {@code portalId} given up since its last call (nothing when none were): called
     * when a portal's run ends, so an operator reads one line per portal with the count, not one per record.
     */
    public void warnAbandoned(String portalId) {
        abandonedSinceWarn
                .drain(portalId)
                .ifPresent(s -> log.warn(
                        "portal={}: {} attachment(s) could not be downloaded after their retries and went as notices "
                                + "(last error: {}); once the cause is fixed, retry them with retry-attachments",
                        portalId,
                        s.count(),
                        s.lastError()));
    }

    public AttachmentStats stats() {
        return stats;
    }

    /** Downloads that timed out and whose worker thread has not returned yet (behaviour.md W8: bounded, counted). */
    public int lingeringDownloads() {
        return fetcher.lingering();
    }

    public int inFlight() {
        return slots.inUse();
    }

    /** Lower-case hex SHA-256 of {@code data} (the checksum attachment records carry). */
    static String sha256(byte[] data) {
        return AssetVerifier.sha256(data);
    }

    /** Cache, else attempts until one succeeds, the source says retrying cannot help, or the cap is reached. */
    private AttachmentOutcome transfer(
            String portalId, CloudAttachment attachment, Object group, long rank, LongSupplier distance)
            throws CancelledException {
        String name = attachment.recordName();
        Optional<AttachmentContent> cached = records.cached(name);
        if (cached.isPresent()) {
            stats.cacheHit(portalId);
            return new AttachmentOutcome.Ready(cached.get());
        }
        // The ledger counts the failures (they survive restarts); the retry paces the next attempt from that count.
        Retry retry = new Retry(retryBackoff, settings.maxAttempts(), waiter, closing);
        while (true) {
            Optional<AttachmentFailure> exhausted = records.exhausted(name);
            if (exhausted.isPresent()) {
                AttachmentFailure previous = exhausted.get();
                // INFO per record (a drop with its reason code); the WARN is one per portal run, see warnAbandoned
                log.info(
                        "attachment record={} portal={} abandoned after {} failed attempts (reason=RETRIES_EXHAUSTED, "
                                + "last error: {}); the message goes text-only with a notice",
                        name,
                        portalId,
                        previous.retries(),
                        previous.lastError());
                stats.abandoned(portalId);
                abandonedSinceWarn.add(portalId, previous.lastError());
                return new AttachmentOutcome.Abandoned(previous.lastError(), previous.retries());
            }
            Attempt attempt = attempt(portalId, attachment, group, rank, distance);
            if (attempt.content() != null) {
                return new AttachmentOutcome.Ready(attempt.content());
            }
            if (closing.isCancelled()) { // cut short by a stop: shutdown is not the attachment's failure
                throw new CancelledException();
            }
            int retries = records.failed(name, attempt.error());
            stats.failedAttempt(portalId);
            if (attempt.unavailable() != null) { // the source knows retrying cannot help (a file not on disk)
                log.info(
                        "attachment record={} given up at once: reason={} ({}); the message gets a notice",
                        name,
                        attempt.unavailable().reason(),
                        attempt.error());
                stats.abandoned(portalId);
                return new AttachmentOutcome.Abandoned(attempt.error(), retries);
            }
            if (retry.failed(retries)) {
                Duration delay = retry.delay(null);
                // INFO, not WARN: a failed attempt that will be retried is routine; giving up is the WARN
                log.info(
                        "attachment record={} attempt {} of {} failed: {}; retrying in {} ms",
                        name,
                        retries,
                        settings.maxAttempts(),
                        attempt.error(),
                        delay.toMillis());
                retry.pause(delay);
            }
        }
    }

    /** One attempt's end: the uploaded content, or the error (and the source's verdict when it gave one). */
    private record Attempt(AttachmentContent content, String error, AssetUnavailableException unavailable) {}

    /** Waits for a slot, downloads (hedged) and uploads once; the slot is freed before the upload. */
    private Attempt attempt(String portalId, CloudAttachment attachment, Object group, long rank, LongSupplier distance)
            throws CancelledException {
        closing.throwIfCancelled();
        slots.acquire(group, rank, distance);
        if (closing.isCancelled()) { // granted just as the pipeline closed: start nothing new
            slots.release();
            throw new CancelledException();
        }
        byte[] data;
        long startedMs = clock.millis();
        stats.started(portalId, startedMs);
        String outcome = "failed";
        try {
            data = fetcher.fetch(portalId, attachment);
            outcome = "ok";
            // Counted as an upload before the slot is freed: a stop that sees the slots drained then waits for it
            // (close() lets a downloaded file finish its upload and be cached)
            uploader.started();
        } catch (AssetUnavailableException e) {
            outcome = "unavailable";
            return new Attempt(null, e.getMessage(), e);
        } catch (imbridge.core.port.CloudSourceException | IOException | TimeoutException e) {
            return new Attempt(null, e.getMessage() == null ? e.toString() : e.getMessage(), null);
        } finally {
            long endedMs = clock.millis();
            stats.ended(portalId, endedMs); // before the slot is handed on, so the peak stays honest
            recordDownload(outcome, endedMs - startedMs);
            slots.release(); // the cap is on downloads: the upload below does not hold a slot
            heartbeat.run();
        }
        try {
            AttachmentContent content = uploader.upload(attachment, data);
            succeeded(portalId, attachment.recordName(), content);
            return new Attempt(content, null, null);
        } catch (MatrixException e) {
            return new Attempt(null, "upload failed: " + e.getMessage(), null);
        } finally {
            uploader.finished();
        }
    }

    private void recordDownload(String outcome, long millis) {
        io.micrometer.core.instrument.Timer.builder("imbridge.attachment.download")
                .description("one download attempt of an attachment (hedged copies included), by outcome")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(meters)
                .record(Duration.ofMillis(Math.max(0, millis)));
    }

    private void succeeded(String portalId, String name, AttachmentContent content) {
        records.succeeded(name, content);
        stats.succeeded(portalId);
        long done = stats.total().succeeded();
        if (done % LOG_EVERY == 0) {
            AttachmentStats.Snapshot s = stats.total();
            log.info(
                    "attachments: {} uploaded, {} failed attempts, {} abandoned, {} in flight",
                    s.succeeded(),
                    s.failedAttempts(),
                    s.abandoned(),
                    slots.inUse());
        }
    }

    private CompletableFuture<Void> wanted(String recordName) {
        return wanted.computeIfAbsent(recordName, k -> new CompletableFuture<>());
    }

    @Override
    public String name() {
        return "attachment-pipeline";
    }

    /** Nothing to start: a transfer's thread starts with its {@link #prefetch}. */
    @Override
    public void start() {}

    /**
     * Stops new downloads at once; waiting transfers leave without downloading; in-flight ones get their
     * own timeout (plus a second) to finish, and so do uploads under way. Then the worker threads are stopped.
     */
    @Override
    public void close() {
        stop(settings.timeout().plusSeconds(1));
    }

    /**
     * Stops new downloads at once; waiting transfers leave without downloading; in-flight downloads, then uploads
     * under way, get up to {@code grace} each to finish. Then the transfer threads are interrupted.
     */
    @Override
    public void stop(Duration grace) {
        closing.cancel();
        slots.close();
        try {
            if (!slots.awaitDrained(grace)) {
                log.warn("attachment pipeline closed with {} download(s) still in flight", slots.inUse());
            }
            uploader.awaitIdle(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
