package imbridge.core.attachment;

import imbridge.core.attachment.audio.CafFormatException;
import imbridge.core.attachment.audio.ConvertedAudio;
import imbridge.core.attachment.audio.VoiceNoteConverter;
import imbridge.core.model.CloudAttachment;
import imbridge.core.port.CloudSource;
import imbridge.core.port.AssetUnavailableException;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
 */
public final class AttachmentPipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AttachmentPipeline.class);
    private static final int LOG_EVERY = 10;
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int GIVEN_UP = 2;

    /** Requests one attempt may run at once: the first and up to two hedges. */
    static final int MAX_REQUESTS_PER_ATTEMPT = 3;
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
    public record Settings(int maxInFlight, Duration timeout, int maxAttempts, Duration retryDelay,
                           Duration hedgeAfter, Duration silentHedgeAfter) {
        public Settings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("max attachment retries must be >= 1, got " + maxAttempts);
            }
            if (hedgeAfter == null || hedgeAfter.isNegative()) {
                throw new IllegalArgumentException("hedge delay must be >= 0, got " + hedgeAfter);
            }
            if (silentHedgeAfter == null || silentHedgeAfter.compareTo(hedgeAfter) < 0) {
                throw new IllegalArgumentException("silent hedge delay must be >= the hedge delay, got "
                        + silentHedgeAfter);
            }
        }

        public Settings(int maxInFlight, Duration timeout, int maxAttempts, Duration retryDelay, Duration hedgeAfter) {
            this(maxInFlight, timeout, maxAttempts, retryDelay, hedgeAfter,
                    hedgeAfter.compareTo(DEFAULT_SILENT_HEDGE_AFTER) > 0 ? hedgeAfter : DEFAULT_SILENT_HEDGE_AFTER);
        }

        public Settings(int maxInFlight, Duration timeout, int maxAttempts, Duration retryDelay) {
            this(maxInFlight, timeout, maxAttempts, retryDelay, DEFAULT_HEDGE_AFTER);
        }

        boolean hedges() {
            return maxInFlight > 1 && hedgeAfter.compareTo(timeout) < 0;
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
    private final Map<String, AttachmentFailure> failures = new ConcurrentHashMap<>();
    /** Completed when a sender starts waiting for the record (what makes a slow attempt worth hedging). */
    private final Map<String, CompletableFuture<Void>> wanted = new ConcurrentHashMap<>();
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

    /**
     * Loads the persisted failure rows into memory (once; also done lazily on first use). The upload cache stays in
     * the ledger and is read one record at a time: a million-message account has a hundred thousand uploads.
     */
    public void load() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (!loaded) {
                failures.putAll(ledger.failures());
                loaded = true;
                log.info("attachment pipeline: {} failure rows loaded", failures.size());
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
        prefetch(portalId, attachment, new Object(), 0, distance);
    }

    /**
     * As {@link #prefetch(String, CloudAttachment, java.util.function.LongSupplier)} for a portal's look-ahead:
     * {@code position} is the part's place in the portal's send order, and {@code distance} never decreases with
     * it (so a slot hand-off asks only each portal's nearest waiter).
     */
    public void prefetch(String portalId, CloudAttachment attachment, long position,
                         java.util.function.LongSupplier distance) {
        prefetch(portalId, attachment, portalId == null ? new Object() : portalId, position, distance);
    }

    private void prefetch(String portalId, CloudAttachment attachment, Object group, long rank,
                          java.util.function.LongSupplier distance) {
        load();
        transfers.computeIfAbsent(attachment.recordName(), name -> {
            if (closing.isCancelled()) {
                return CompletableFuture.failedFuture(new CancelledException());
            }
            try {
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        return transfer(portalId, attachment, group, rank, distance);
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
        load();
        AttachmentFailure f = failures.get(recordName);
        return f != null && f.retries() >= settings.maxAttempts() && ledger.cachedContent(recordName).isEmpty();
    }

    /** Failure rows that may still succeed (fewer stored failures than the cap), for the given record names. */
    public boolean hasRetryableFailure(Iterable<String> recordNames) {
        load();
        for (String name : recordNames) {
            AttachmentFailure f = failures.get(name);
            if (f != null && f.retries() < settings.maxAttempts() && ledger.cachedContent(name).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    public AttachmentStats stats() {
        return stats;
    }

    /** Downloads that timed out and whose worker thread has not returned yet (behaviour.md W8: bounded, counted). */
    public int lingeringDownloads() {
        return lingering.get();
    }

    public int inFlight() {
        return slots.inUse();
    }

    private AttachmentOutcome transfer(String portalId, CloudAttachment attachment, Object group, long rank,
                                       java.util.function.LongSupplier distance) throws CancelledException {
        String name = attachment.recordName();
        java.util.Optional<AttachmentContent> cached = ledger.cachedContent(name);
        if (cached.isPresent()) {
            stats.cacheHit(portalId);
            return new AttachmentOutcome.Ready(cached.get());
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
            slots.acquire(group, rank, distance);
            if (closing.isCancelled()) { // granted just as the pipeline closed: start nothing new
                slots.release();
                throw new CancelledException();
            }
            String error;
            byte[] data = null;
            AssetUnavailableException unavailable = null;
            stats.started(portalId, clock.millis());
            try {
                data = downloadVerified(portalId, attachment);
                error = null;
            } catch (AssetUnavailableException e) {
                unavailable = e;
                error = e.getMessage();
            } catch (IOException | TimeoutException e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
            } finally {
                stats.ended(portalId, clock.millis()); // before the slot is handed on, so the peak stays honest
                slots.release(); // the cap is on downloads: the upload below does not hold a slot
                heartbeat.run();
            }
            if (data != null) {
                uploading.incrementAndGet(); // close() lets a downloaded file finish its upload and be cached
                try {
                    AttachmentContent content = upload(attachment, data);
                    succeeded(portalId, name, content);
                    return new AttachmentOutcome.Ready(content);
                } catch (MatrixException e) {
                    error = "upload failed: " + e.getMessage();
                } finally {
                    synchronized (uploading) {
                        uploading.decrementAndGet();
                        uploading.notifyAll();
                    }
                }
            }
            int retries = ledger.recordFailure(name, error);
            failures.put(name, new AttachmentFailure(name, retries, error, clock.millis()));
            stats.failedAttempt(portalId);
            if (unavailable != null) { // the source knows retrying cannot help (a file not on disk)
                log.info("attachment record={} given up at once: reason={} ({}); the message gets a notice", name,
                        unavailable.reason(), error);
                stats.abandoned(portalId);
                return new AttachmentOutcome.Abandoned(error, retries);
            }
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

    /** Uploads verified bytes; an Opus CAF voice note goes as Ogg Opus, anything else (or a CAF that fails) as is. */
    private AttachmentContent upload(CloudAttachment attachment, byte[] data) throws MatrixException {
        String mime = mimeOf(attachment);
        if (VoiceNoteConverter.isCaf(mime, attachment.uti(), attachment.filename())) {
            try {
                java.util.Optional<ConvertedAudio> voice = VoiceNoteConverter.convert(data);
                if (voice.isPresent()) {
                    String filename = VoiceNoteConverter.oggFilename(attachment.filename());
                    byte[] ogg = voice.get().ogg();
                    String uri = matrix.uploadMedia(ogg, ConvertedAudio.MIME_TYPE, filename);
                    return new AttachmentContent(uri, ConvertedAudio.MIME_TYPE, ogg.length, filename,
                            voice.get().durationMs());
                }
            } catch (CafFormatException e) { // never lose the attachment: the original file still goes
                log.info("attachment record={}: CAF not converted to Ogg Opus ({}); sending the original file",
                        attachment.recordName(), e.getMessage());
            }
        }
        String uri = matrix.uploadMedia(data, mime, attachment.filename());
        return new AttachmentContent(uri, mime, data.length, attachment.filename());
    }

    private CompletableFuture<Void> wanted(String recordName) {
        return wanted.computeIfAbsent(recordName, k -> new CompletableFuture<>());
    }

    /**
     * One attempt, hedged while it stays silent: the first verified answer of its requests (at most
     * {@value #MAX_REQUESTS_PER_ATTEMPT}, each further one started after {@code hedgeAfter} of silence while a
     * sender waits for it, or {@code silentHedgeAfter} otherwise), within the attempt's timeout. Requests still
     * running at the end are abandoned, which frees their slots.
     */
    private byte[] downloadVerified(String portalId, CloudAttachment attachment) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        List<Request> requests = new ArrayList<>(MAX_REQUESTS_PER_ATTEMPT);
        requests.add(new Request(attachment));
        try {
            while (settings.hedges() && requests.size() < MAX_REQUESTS_PER_ATTEMPT
                    && silentWhileWanted(requests, attachment.recordName(), deadline)) {
                Request hedge = startHedge(portalId, attachment, requests.getLast(), deadline);
                if (hedge == null) {
                    break;
                }
                requests.add(hedge);
            }
            return firstSuccess(requests, deadline);
        } finally {
            for (int i = 0; i < requests.size(); i++) {
                requests.get(i).abandon();
                if (i > 0) { // a hedge's slot; the first request's is the caller's
                    stats.ended(portalId, clock.millis());
                    slots.release();
                }
            }
        }
    }

    /**
     * Waits until {@code hedgeAfter} after the latest request; then whether none has answered, one is still
     * silent, and a sender is waiting for the attachment or starts to before {@code silentHedgeAfter} has passed
     * (after which a silent request counts as stuck anyway).
     */
    private boolean silentWhileWanted(List<Request> requests, String recordName, long deadline)
            throws IOException {
        long hedgeAt = requests.getLast().startedNanos + settings.hedgeAfter().toNanos();
        CompletableFuture<Void> allDone = CompletableFuture.allOf(
                requests.stream().map(r -> r.result).toArray(CompletableFuture[]::new));
        waitFor(CompletableFuture.anyOf(anyOf(requests, r -> r.answered), allDone), Math.min(hedgeAt, deadline));
        CompletableFuture<Void> sender = wanted(recordName);
        long stuckAt = requests.getLast().startedNanos + settings.silentHedgeAfter().toNanos();
        if (!sender.isDone() && isSilent(requests)) {
            List<CompletableFuture<?>> wakeUps = new ArrayList<>();
            wakeUps.add(sender);
            requests.forEach(r -> {
                wakeUps.add(r.answered);
                wakeUps.add(r.result);
            });
            waitFor(CompletableFuture.anyOf(wakeUps.toArray(CompletableFuture[]::new)), Math.min(stuckAt, deadline));
        }
        long now = System.nanoTime();
        return (sender.isDone() || now >= stuckAt) && isSilent(requests) && now < deadline;
    }

    /** No request has answered, and at least one is still waiting for its answer. */
    private static boolean isSilent(List<Request> requests) {
        boolean waiting = false;
        for (Request r : requests) {
            if (r.answered.isDone()) {
                return false;
            }
            waiting |= !r.result.isDone();
        }
        return waiting;
    }

    /** The first verified bytes of any request; the last error when all failed; a timeout at the deadline. */
    private byte[] firstSuccess(List<Request> requests, long deadline) throws IOException, TimeoutException {
        while (true) {
            List<Request> running = new ArrayList<>();
            for (Request r : requests) {
                byte[] data = r.resultNow();
                if (data != null) {
                    return data;
                }
                if (!r.result.isDone()) {
                    running.add(r);
                }
            }
            if (running.isEmpty()) {
                return requests.getLast().await(deadline); // throws its error
            }
            if (!waitFor(anyOf(running, r -> r.result), deadline)) {
                throw new TimeoutException("download timed out after " + settings.timeout().toMillis() + " ms");
            }
        }
    }

    private static CompletableFuture<Object> anyOf(List<Request> requests,
                                                   java.util.function.Function<Request, CompletableFuture<?>> which) {
        return CompletableFuture.anyOf(requests.stream().map(which).toArray(CompletableFuture[]::new));
    }

    /** A further request for the attachment in a slot of its own (taken before anyone else's), or null. */
    private Request startHedge(String portalId, CloudAttachment attachment, Request hedgeFor, long deadline) {
        try {
            if (!slots.acquireBefore(() -> Long.MIN_VALUE, deadline)) {
                return null;
            }
        } catch (CancelledException e) {
            return null;
        }
        if (closing.isCancelled()) {
            slots.release();
            return null;
        }
        stats.started(portalId, clock.millis());
        try {
            Request hedge = new Request(attachment);
            log.info("attachment record={}: no answer after {} ms; another request started",
                    attachment.recordName(), (System.nanoTime() - hedgeFor.startedNanos) / 1_000_000);
            return hedge;
        } catch (IOException e) {
            stats.ended(portalId, clock.millis());
            slots.release();
            return null;
        }
    }

    /** Waits until {@code future} is done or the deadline passes; returns whether it is done. */
    private static boolean waitFor(CompletableFuture<?> future, long deadlineNanos) throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return future.isDone();
        }
        try {
            future.get(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while downloading");
        } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
            // done with an error, or not done: the caller looks at the future
        }
        return future.isDone();
    }

    /** One GET of an asset on its own thread, verified; it can be abandoned (stream closed, thread interrupted). */
    private final class Request {
        final long startedNanos = System.nanoTime();
        /** Completed once the server answered (the stream is open). */
        final CompletableFuture<Void> answered = new CompletableFuture<>();
        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final AtomicReference<InputStream> stream = new AtomicReference<>();
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private final java.util.concurrent.Future<?> task;

        Request(CloudAttachment attachment) throws IOException {
            try {
                task = executor.submit(() -> run(attachment));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                throw new IOException("pipeline closed", e);
            }
        }

        private void run(CloudAttachment attachment) {
            try (InputStream in = source.openAsset(attachment)) {
                stream.set(in);
                answered.complete(null);
                byte[] data = in.readAllBytes();
                verify(attachment, data);
                result.complete(data);
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                if (!state.compareAndSet(RUNNING, FINISHED)) {
                    lingering.decrementAndGet(); // a download we stopped waiting for has returned
                }
            }
        }

        /** The verified bytes if the request has succeeded, else null. */
        byte[] resultNow() {
            return result.isDone() && !result.isCompletedExceptionally() ? result.join() : null;
        }

        byte[] await(long deadline) throws IOException, TimeoutException {
            if (!waitFor(result, deadline)) {
                throw new TimeoutException("download timed out after " + settings.timeout().toMillis() + " ms");
            }
            try {
                return result.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
            }
        }

        /**
         * Stops waiting for the request if it still runs: interrupt its thread and close its stream so it returns
         * soon; until it does it counts as lingering (behaviour.md W8: bounded and visible).
         */
        void abandon() {
            lingering.incrementAndGet();
            if (!state.compareAndSet(RUNNING, GIVEN_UP)) {
                lingering.decrementAndGet(); // it has returned
                return;
            }
            task.cancel(true);
            InputStream in = stream.get();
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing only unblocks the reader
                }
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
            long deadline = System.nanoTime() + settings.timeout().plusSeconds(1).toNanos();
            synchronized (uploading) {
                while (uploading.get() > 0 && System.nanoTime() < deadline) {
                    uploading.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    /** Downloaded files being uploaded (they no longer hold a download slot). */
    private final java.util.concurrent.atomic.AtomicInteger uploading = new java.util.concurrent.atomic.AtomicInteger();
}
