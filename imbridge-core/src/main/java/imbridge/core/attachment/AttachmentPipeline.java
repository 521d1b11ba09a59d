package imbridge.core.attachment;

import imbridge.core.model.CloudAttachment;
import imbridge.core.port.CloudSource;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Download → verify (size, SHA-256) → upload, with at most {@code maxInFlight} downloads at once. Callers
 * start transfers ahead ({@link #prefetch}) and wait only for the one they need next ({@link #await}), so a
 * slow download overlaps with the others. Each attempt has its own timeout; there is no deadline on a chunk
 * (F10).
 *
 * <p>Failures (spec §6, W1): every failed attempt — download error, timeout, empty or corrupt data, upload
 * error — is persisted in the ledger with its retry count. A failed attachment is retried at once (after a
 * short back-off) while its message waits; the others keep downloading meanwhile. Once the stored count
 * reaches {@code maxAttempts} the attachment is <b>abandoned</b> for good: no further download, the caller
 * sends a notice in its place. Counts survive restarts, so attempts spent before a crash count too.
 * A success deletes the failure row and caches {@code record_name → content} in memory and in the ledger,
 * so a warm restart downloads nothing.
 *
 * <p>Shutdown (W5): {@link #close()} stops new downloads at once, transfers waiting for a slot leave
 * without downloading, and in-flight ones finish or time out.
 */
public final class AttachmentPipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AttachmentPipeline.class);
    private static final int LOG_EVERY = 10;
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int GIVEN_UP = 2;

    /**
     * @param maxInFlight downloads at once
     * @param timeout     per download attempt
     * @param maxAttempts stored failures after which an attachment is abandoned
     * @param retryDelay  wait before the first retry of a failed attachment, doubled for the next
     */
    public record Settings(int maxInFlight, Duration timeout, int maxAttempts, Duration retryDelay) {
        public Settings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("max attachment retries must be >= 1, got " + maxAttempts);
            }
        }
    }

    private final CloudSource source;
    private final MatrixGateway matrix;
    private final AttachmentLedger ledger;
    private final Settings settings;
    private final Clock clock;
    private final Waiter waiter;
    private final Runnable heartbeat;
    private final DownloadSlots slots;
    private final CancellationToken closing = new CancellationToken();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, CompletableFuture<AttachmentOutcome>> transfers = new ConcurrentHashMap<>();
    private final Map<String, AttachmentContent> cache = new ConcurrentHashMap<>();
    private final Map<String, AttachmentFailure> failures = new ConcurrentHashMap<>();
    private final AttachmentStats stats = new AttachmentStats();
    private final AtomicInteger lingering = new AtomicInteger();
    private volatile boolean loaded;

    /** In-memory ledger, 3 attempts, immediate retries: for tests and tools. */
    public AttachmentPipeline(CloudSource source, MatrixGateway matrix, int maxInFlight, Duration timeout) {
        this(source, matrix, new InMemoryAttachmentLedger(), new Settings(maxInFlight, timeout, 3, Duration.ZERO),
                Clock.systemUTC(), Waiter.real(), () -> {
                });
    }

    /**
     * @param heartbeat stamped after every download attempt, success or failure (the stall watchdog's input)
     */
    public AttachmentPipeline(CloudSource source, MatrixGateway matrix, AttachmentLedger ledger, Settings settings,
                              Clock clock, Waiter waiter, Runnable heartbeat) {
        this.source = source;
        this.matrix = matrix;
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
        this.waiter = waiter;
        this.heartbeat = heartbeat;
        this.slots = new DownloadSlots(settings.maxInFlight());
    }

    /** Loads the persisted cache and failures into memory (once; also done lazily on first use). */
    public void load() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (!loaded) {
                cache.putAll(ledger.cachedContents());
                failures.putAll(ledger.failures());
                loaded = true;
                log.info("attachment pipeline: {} cached uploads, {} failure rows loaded", cache.size(),
                        failures.size());
            }
        }
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
    public void prefetch(String portalId, CloudAttachment attachment, java.util.function.LongSupplier distance) {
        load();
        transfers.computeIfAbsent(attachment.recordName(), name -> {
            if (closing.isCancelled()) {
                return CompletableFuture.failedFuture(new CancelledException());
            }
            try {
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        return transfer(portalId, attachment, distance);
                    } catch (CancelledException e) {
                        throw new CompletionException(e);
                    }
                }, executor);
            } catch (java.util.concurrent.RejectedExecutionException e) {
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
        CompletableFuture<AttachmentOutcome> future = transfers.get(attachment.recordName());
        try {
            AttachmentOutcome outcome = future.get();
            transfers.remove(attachment.recordName(), future); // the cache answers from now on
            return outcome;
        } catch (ExecutionException e) {
            transfers.remove(attachment.recordName(), future);
            if (e.getCause() instanceof CancelledException c) {
                throw c;
            }
            throw new IllegalStateException("attachment transfer of " + attachment.recordName() + " broke", e);
        }
    }

    public AttachmentOutcome await(CloudAttachment attachment) throws CancelledException, InterruptedException {
        return await(null, attachment);
    }

    /** Whether the attachment was given up for good (no download will be tried). */
    public boolean isAbandoned(String recordName) {
        load();
        AttachmentFailure f = failures.get(recordName);
        return f != null && f.retries() >= settings.maxAttempts() && !cache.containsKey(recordName);
    }

    /** Failure rows that may still succeed (fewer stored failures than the cap), for the given record names. */
    public boolean hasRetryableFailure(Iterable<String> recordNames) {
        load();
        for (String name : recordNames) {
            AttachmentFailure f = failures.get(name);
            if (f != null && f.retries() < settings.maxAttempts() && !cache.containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    public AttachmentStats stats() {
        return stats;
    }

    /** Downloads that timed out and whose worker thread has not returned yet (W8: bounded, counted). */
    public int lingeringDownloads() {
        return lingering.get();
    }

    public int inFlight() {
        return slots.inUse();
    }

    private AttachmentOutcome transfer(String portalId, CloudAttachment attachment,
                                       java.util.function.LongSupplier distance) throws CancelledException {
        String name = attachment.recordName();
        AttachmentContent cached = cache.get(name);
        if (cached != null) {
            stats.cacheHit(portalId);
            return new AttachmentOutcome.Ready(cached);
        }
        while (true) {
            AttachmentFailure previous = failures.get(name);
            if (previous != null && previous.retries() >= settings.maxAttempts()) {
                log.warn("attachment record={} abandoned after {} failed attempts (last error: {}); "
                        + "the message goes text-only with a notice", name, previous.retries(), previous.lastError());
                stats.abandoned(portalId);
                return new AttachmentOutcome.Abandoned(previous.lastError(), previous.retries());
            }
            closing.throwIfCancelled();
            slots.acquire(distance);
            if (closing.isCancelled()) { // granted just as the pipeline closed: start nothing new
                slots.release();
                throw new CancelledException();
            }
            String error;
            byte[] data = null;
            stats.started(portalId, clock.millis());
            try {
                data = downloadVerified(attachment);
                error = null;
            } catch (IOException | TimeoutException e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
            } finally {
                stats.ended(portalId, clock.millis()); // before the slot is handed on, so the peak stays honest
                slots.release(); // the cap is on downloads: the upload below does not hold a slot
                heartbeat.run();
            }
            if (data != null) {
                try {
                    AttachmentContent content = upload(attachment, data);
                    succeeded(portalId, name, content);
                    return new AttachmentOutcome.Ready(content);
                } catch (MatrixException e) {
                    error = "upload failed: " + e.getMessage();
                }
            }
            int retries = ledger.recordFailure(name, error);
            failures.put(name, new AttachmentFailure(name, retries, error, clock.millis()));
            stats.failedAttempt(portalId);
            if (retries < settings.maxAttempts()) {
                Duration delay = settings.retryDelay().multipliedBy(1L << Math.min(retries - 1, 10));
                // INFO, not WARN: a failed attempt that will be retried is routine; giving up is the WARN
                log.info("attachment record={} attempt {} of {} failed: {}; retrying in {} ms", name, retries,
                        settings.maxAttempts(), error, delay.toMillis());
                waiter.await(delay, closing);
            }
        }
    }

    private void succeeded(String portalId, String name, AttachmentContent content) {
        cache.put(name, content);
        ledger.saveContent(name, content);
        if (failures.remove(name) != null) {
            ledger.clearFailure(name);
            log.info("attachment record={} succeeded after earlier failures", name);
        }
        stats.succeeded(portalId);
        long done = stats.total().succeeded();
        if (done % LOG_EVERY == 0) {
            AttachmentStats.Snapshot s = stats.total();
            log.info("attachments: {} uploaded, {} failed attempts, {} abandoned, {} in flight", s.succeeded(),
                    s.failedAttempts(), s.abandoned(), slots.inUse());
        }
    }

    private AttachmentContent upload(CloudAttachment attachment, byte[] data) throws MatrixException {
        String mime = mimeOf(attachment);
        String uri = matrix.uploadMedia(data, mime, attachment.filename());
        return new AttachmentContent(uri, mime, data.length, attachment.filename());
    }

    private byte[] downloadVerified(CloudAttachment attachment) throws IOException, TimeoutException {
        AtomicReference<InputStream> stream = new AtomicReference<>();
        AtomicInteger state = new AtomicInteger(RUNNING);
        java.util.concurrent.Future<byte[]> download = executor.submit(() -> {
            try (InputStream in = source.openAsset(attachment)) {
                stream.set(in);
                return in.readAllBytes();
            } finally {
                if (!state.compareAndSet(RUNNING, FINISHED)) {
                    lingering.decrementAndGet(); // a download we stopped waiting for has returned
                }
            }
        });
        byte[] data;
        try {
            data = download.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(download, stream, state);
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IOException("pipeline closed", e);
        } catch (TimeoutException e) {
            giveUp(download, stream, state);
            throw new TimeoutException("download timed out after " + settings.timeout().toMillis() + " ms");
        }
        verify(attachment, data);
        return data;
    }

    /**
     * Stops waiting for a download: interrupt its thread and close its stream so it returns soon; until it
     * does it counts as lingering (W8: bounded and visible).
     */
    private void giveUp(java.util.concurrent.Future<byte[]> download, AtomicReference<InputStream> stream,
                        AtomicInteger state) {
        lingering.incrementAndGet();
        if (!state.compareAndSet(RUNNING, GIVEN_UP)) {
            lingering.decrementAndGet(); // it returned meanwhile
        }
        download.cancel(true);
        InputStream in = stream.get();
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing only unblocks the reader
            }
        }
    }

    static void verify(CloudAttachment attachment, byte[] data) throws IOException {
        if (data.length == 0) {
            throw new IOException("empty data");
        }
        if (attachment.size() > 0 && data.length != attachment.size()) {
            throw new IOException("size " + data.length + " != expected " + attachment.size());
        }
        String expected = attachment.checksumSha256();
        if (expected != null && !expected.isEmpty()) {
            String actual = sha256(data);
            if (!actual.equalsIgnoreCase(expected)) {
                throw new IOException("checksum mismatch");
            }
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mimeOf(CloudAttachment attachment) {
        String mime = attachment.mimeType();
        return mime == null || mime.isBlank() ? "application/octet-stream" : mime;
    }

    /**
     * Stops new downloads at once; waiting transfers leave without downloading; in-flight ones get their
     * own timeout (plus a second) to finish. Then the worker threads are stopped.
     */
    @Override
    public void close() {
        closing.cancel();
        slots.close();
        try {
            if (!slots.awaitDrained(settings.timeout().plusSeconds(1))) {
                log.warn("attachment pipeline closed with {} download(s) still in flight", slots.inUse());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
