package imbridge.core.attachment;

import imbridge.core.model.CloudAttachment;
import imbridge.core.port.CloudSource;
import imbridge.core.port.CloudSourceException;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One download attempt, hedged while it stays silent: the first verified answer of its requests (at most
 * {@value #MAX_REQUESTS_PER_ATTEMPT}, each further one started after {@code hedgeAfter} of silence while a sender
 * waits for the attachment, or {@code silentHedgeAfter} otherwise), within the attempt's timeout. Requests still
 * running at the end are abandoned, which frees their slots; until their threads return they count as lingering
 * (behaviour.md W8: bounded and visible). The caller holds the first request's slot; each hedge takes one of its
 * own, before anyone else's.
 */
final class HedgedFetcher {
    private static final Logger log = LoggerFactory.getLogger(HedgedFetcher.class);
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int GIVEN_UP = 2;

    /** Requests one attempt may run at once: the first and up to two hedges. */
    static final int MAX_REQUESTS_PER_ATTEMPT = 3;

    /** Bytes read of an asset whose record gives no size: more than any iMessage attachment Apple allows. */
    static final int MAX_UNSIZED_BYTES = Integer.MAX_VALUE - 8;

    private final CloudSource source;
    private final AttachmentPipeline.Settings settings;
    private final DownloadSlots slots;
    private final AttachmentStats stats;
    private final ExecutorService executor;
    private final CancellationToken closing;
    private final Clock clock;
    private final Ticker ticker;
    /** Completed once a sender waits for the record (what makes a slow attempt worth hedging at once). */
    private final Function<String, CompletableFuture<Void>> wanted;

    private final AtomicInteger lingering = new AtomicInteger();

    HedgedFetcher(
            CloudSource source,
            AttachmentPipeline.Settings settings,
            DownloadSlots slots,
            AttachmentStats stats,
            ExecutorService executor,
            CancellationToken closing,
            Clock clock,
            Ticker ticker,
            Function<String, CompletableFuture<Void>> wanted) {
        this.source = source;
        this.settings = settings;
        this.slots = slots;
        this.stats = stats;
        this.executor = executor;
        this.closing = closing;
        this.clock = clock;
        this.ticker = ticker;
        this.wanted = wanted;
    }

    /** Downloads that timed out and whose worker thread has not returned yet. */
    int lingering() {
        return lingering.get();
    }

    /**
     * The attachment's verified bytes; fails with the last request's error (the source's, or the stream's while
     * reading and verifying) or a timeout at the attempt's end.
     */
    byte[] fetch(String portalId, CloudAttachment attachment)
            throws CloudSourceException, IOException, TimeoutException {
        long deadline = ticker.nanos() + settings.timeout().toNanos();
        List<Request> requests = new ArrayList<>(MAX_REQUESTS_PER_ATTEMPT);
        requests.add(new Request(attachment));
        try {
            while (settings.hedges()
                    && requests.size() < MAX_REQUESTS_PER_ATTEMPT
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
    private boolean silentWhileWanted(List<Request> requests, String recordName, long deadline) throws IOException {
        long hedgeAt = requests.getLast().startedNanos + settings.hedgeAfter().toNanos();
        CompletableFuture<Void> allDone =
                CompletableFuture.allOf(requests.stream().map(r -> r.result).toArray(CompletableFuture[]::new));
        waitFor(CompletableFuture.anyOf(anyOf(requests, r -> r.answered), allDone), Math.min(hedgeAt, deadline));
        CompletableFuture<Void> sender = wanted.apply(recordName);
        long stuckAt =
                requests.getLast().startedNanos + settings.silentHedgeAfter().toNanos();
        if (!sender.isDone() && isSilent(requests)) {
            List<CompletableFuture<?>> wakeUps = new ArrayList<>();
            wakeUps.add(sender);
            requests.forEach(r -> {
                wakeUps.add(r.answered);
                wakeUps.add(r.result);
            });
            waitFor(CompletableFuture.anyOf(wakeUps.toArray(CompletableFuture[]::new)), Math.min(stuckAt, deadline));
        }
        long now = ticker.nanos();
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
    private byte[] firstSuccess(List<Request> requests, long deadline)
            throws CloudSourceException, IOException, TimeoutException {
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
                throw timedOut();
            }
        }
    }

    private TimeoutException timedOut() {
        return new TimeoutException(
                "download timed out after " + settings.timeout().toMillis() + " ms");
    }

    private static CompletableFuture<Object> anyOf(
            List<Request> requests, Function<Request, CompletableFuture<?>> which) {
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
            log.info(
                    "attachment record={}: no answer after {} ms; another request started",
                    attachment.recordName(),
                    ticker.millisSince(hedgeFor.startedNanos));
            return hedge;
        } catch (IOException e) {
            stats.ended(portalId, clock.millis());
            slots.release();
            return null;
        }
    }

    /** Waits until {@code future} is done or the deadline passes; returns whether it is done. */
    private boolean waitFor(CompletableFuture<?> future, long deadlineNanos) throws IOException {
        long left = deadlineNanos - ticker.nanos();
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
        final long startedNanos = ticker.nanos();
        /** Completed once the server answered (the stream is open). */
        final CompletableFuture<Void> answered = new CompletableFuture<>();

        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final AtomicReference<InputStream> stream = new AtomicReference<>();
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private final Future<?> task;

        Request(CloudAttachment attachment) throws IOException {
            try {
                task = executor.submit(() -> run(attachment));
            } catch (RejectedExecutionException e) {
                throw new IOException("pipeline closed", e);
            }
        }

        private void run(CloudAttachment attachment) {
            try (InputStream in = source.openAsset(attachment)) {
                stream.set(in);
                answered.complete(null);
                byte[] data = readUpTo(in, attachment.size());
                AssetVerifier.verify(attachment, data);
                result.complete(data);
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                if (!state.compareAndSet(RUNNING, FINISHED)) {
                    lingering.decrementAndGet(); // a download we stopped waiting for has returned
                }
            }
        }

        /**
         * The body, but never more than one byte past the record's size (then the size check fails at once): a
         * server whose body does not end cannot fill the heap. Without a known size, everything up to the array limit.
         */
        private static byte[] readUpTo(InputStream in, long declaredSize) throws IOException {
            long limit = declaredSize > 0 ? declaredSize + 1 : MAX_UNSIZED_BYTES;
            byte[] data = in.readNBytes((int) Math.min(limit, MAX_UNSIZED_BYTES));
            if (declaredSize <= 0 && data.length == MAX_UNSIZED_BYTES) {
                throw new IOException("asset without a declared size is over " + MAX_UNSIZED_BYTES + " bytes");
            }
            return data;
        }

        /** The verified bytes if the request has succeeded, else null. */
        byte[] resultNow() {
            return result.isDone() && !result.isCompletedExceptionally() ? result.join() : null;
        }

        byte[] await(long deadline) throws CloudSourceException, IOException, TimeoutException {
            if (!waitFor(result, deadline)) {
                throw timedOut();
            }
            try {
                return result.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof CloudSourceException source) {
                    throw source;
                }
                throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
            }
        }

        /**
         * Stops waiting for the request if it still runs: interrupt its thread and close its stream so it returns
         * soon; until it does it counts as lingering.
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
}
