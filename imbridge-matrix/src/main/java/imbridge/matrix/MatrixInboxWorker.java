package imbridge.matrix;

import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.lifecycle.Service;
import imbridge.core.lifecycle.Threads;
import imbridge.core.port.MatrixInbox;
import imbridge.core.port.StoreUnavailableException;
import imbridge.core.util.Backoff;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Retry;
import imbridge.core.util.Ticker;
import imbridge.core.util.Waiter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the {@link MatrixInbox} in order on its own virtual thread and routes each event through the
 * {@link MatrixEventRouter}. An event is marked consumed once its handler returned. A handler that throws
 * is retried, the same event first (so order holds), after a back-off doubling from
 * {@link Settings#initialRetry()} to {@link Settings#maxRetry()}; after {@link Settings#maxAttempts()}
 * failures the event is consumed as {@code FAILED} and logged, so one poisoned event cannot stall every
 * later command. {@link #wake()} after an append starts work at once; otherwise the inbox is polled every
 * {@link Settings#idlePoll()} as a safety net. The pauses after a failure are {@link Retry}s: only a stop ends them.
 */
public final class MatrixInboxWorker implements Service, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MatrixInboxWorker.class);

    /** Outcome codes stored with consumed entries (besides {@link MatrixEventRouter.Routed} names). */
    public static final String FAILED = "FAILED";

    public static final String UNREADABLE = "UNREADABLE";

    /**
     * @param batchSize   entries read per query
     * @param maxAttempts handling attempts before an event is given up as {@value #FAILED}
     * @param retention   how long consumed entries are kept (their event IDs guard against re-queuing)
     */
    public record Settings(
            int batchSize,
            int maxAttempts,
            Duration initialRetry,
            Duration maxRetry,
            Duration idlePoll,
            Duration retention) {
        public Settings {
            if (batchSize < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("batchSize and maxAttempts must be at least 1");
            }
            if (initialRetry.isNegative()
                    || maxRetry.compareTo(initialRetry) < 0
                    || idlePoll.isNegative()
                    || idlePoll.isZero()
                    || retention.isNegative()) {
                throw new IllegalArgumentException("invalid durations: retry " + initialRetry + ".." + maxRetry
                        + ", idle poll " + idlePoll + ", retention " + retention);
            }
        }

        /** 100 per read, 5 attempts 1 s .. 1 min apart, a poll every 30 s, 7 days of memory (as the txn log). */
        public static Settings defaults() {
            return new Settings(
                    100, 5, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofDays(7));
        }
    }

    private static final Duration FORGET_INTERVAL = Duration.ofHours(1);

    private final MatrixInbox inbox;
    private final MatrixEventRouter router;
    private final Settings settings;
    private final Clock clock;
    private final Ticker ticker;
    private final ObjectMapper json = new ObjectMapper();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicLong consumed = new AtomicLong();
    private boolean signalled;
    private boolean closed;
    private Thread thread;
    private long nextForget;
    /** Cancelled by {@link #stop}: ends a pause after a failure at once. */
    private final CancellationToken closing = new CancellationToken();
    /** Paces the retries of a failing handler; the inbox stores the attempt count (it survives restarts). */
    private final Retry handlerRetry;
    /** Paces the reads of an inbox whose store fails; kept trying for as long as the worker runs. */
    private final Retry storeRetry;
    /** The last store failure was the database refusing writes (told once, and its end told once). */
    private boolean storePaused;

    public MatrixInboxWorker(MatrixInbox inbox, MatrixEventRouter router, Settings settings, Clock clock) {
        this(inbox, router, settings, clock, Ticker.SYSTEM);
    }

    /** @param ticker measures the idle poll (the wall {@code clock} stamps and ages the stored events) */
    public MatrixInboxWorker(
            MatrixInbox inbox, MatrixEventRouter router, Settings settings, Clock clock, Ticker ticker) {
        this.inbox = inbox;
        this.router = router;
        this.settings = settings;
        this.clock = clock;
        this.ticker = ticker;
        // Whole milliseconds, at least one: a zero initial delay still backs off (1 ms, 2 ms, …).
        Backoff backoff = new Backoff(
                Duration.ofMillis(Math.max(1, settings.initialRetry().toMillis())), settings.maxRetry());
        this.handlerRetry = new Retry(backoff, settings.maxAttempts(), Waiter.real(), closing);
        this.storeRetry = new Retry(backoff, Retry.UNLIMITED, Waiter.real(), closing);
    }

    @Override
    public String name() {
        return "matrix-inbox";
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (thread != null || closed) {
                throw new IllegalStateException("matrix inbox worker already started or closed");
            }
            thread = Threads.startTask("matrix-inbox", this::run);
        } finally {
            lock.unlock();
        }
    }

    /** New entries were appended: look at the inbox now. */
    public void wake() {
        lock.lock();
        try {
            signalled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Entries consumed by this worker since it started (handled, skipped or given up). */
    public long consumed() {
        return consumed.get();
    }

    /** Stops after the event being handled (if any), however long it takes; pending entries stay queued. */
    @Override
    public void close() {
        stop(Duration.ofDays(1));
    }

    /**
     * Stops after the event being handled (if any); a handler still busy after {@code grace} is interrupted (its
     * event stays pending and is handled again at the next start, as every pending entry).
     */
    @Override
    public void stop(Duration grace) {
        Thread running;
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            running = thread;
        } finally {
            lock.unlock();
        }
        closing.cancel();
        if (running != null) {
            Threads.awaitEnd(List.of(running), grace, name());
        }
    }

    private void run() {
        while (!isClosed()) {
            try {
                forgetOldEntries();
                Duration retry = drain();
                if (storePaused) {
                    storePaused = false;
                    log.info("Matrix-side inbox resumed: the database takes writes again");
                }
                storeRetry.succeeded();
                if (retry == null) {
                    awaitWork(settings.idlePoll());
                } else {
                    pause(handlerRetry, retry);
                }
            } catch (StoreUnavailableException e) {
                // The entry in hand stays pending and is not charged an attempt; one line per outage, not per retry.
                storeRetry.failed();
                if (!storePaused) {
                    storePaused = true;
                    log.warn("{}; paused: Matrix-side inbox (retrying with back-off)", e.getMessage());
                }
                pause(storeRetry, storeRetry.delay(null));
            } catch (RuntimeException e) {
                // The store failed (not a handler): keep the thread alive and look again later.
                storeRetry.failed();
                Duration pause = storeRetry.delay(null);
                log.error("Reading the Matrix-side inbox failed; trying again in {} ms", pause.toMillis(), e);
                pause(storeRetry, pause);
            }
        }
    }

    /** The pause after a failure: only {@link #stop} (or an interrupt) ends it early, a {@link #wake()} does not. */
    private static void pause(Retry retry, Duration delay) {
        try {
            retry.pause(delay);
        } catch (CancelledException e) {
            // Stopping: the loop sees it (closed, or the interrupt the waiter kept) and ends.
        }
    }

    /**
     * Handles pending entries until the inbox is empty or the worker closes (returns null), or until a
     * handler failed (returns the back-off before retrying that entry).
     */
    private Duration drain() {
        while (!isClosed()) {
            List<MatrixInbox.Entry> batch = inbox.pending(settings.batchSize());
            if (batch.isEmpty()) {
                return null;
            }
            for (MatrixInbox.Entry entry : batch) {
                if (isClosed()) {
                    return null;
                }
                Duration retry = handle(entry);
                if (retry != null) {
                    return retry;
                }
            }
        }
        return null;
    }

    /** Handles one entry; returns null when it was consumed, else the wait before trying it again. */
    private Duration handle(MatrixInbox.Entry entry) {
        Map<String, Object> event;
        try {
            event = json.readValue(entry.json(), MatrixJson.MAP);
        } catch (IOException e) {
            log.warn(
                    "Matrix-side event {} in the inbox is not readable JSON; dropping it (reason={})",
                    entry.eventId(),
                    UNREADABLE,
                    e);
            done(entry, UNREADABLE);
            return null;
        }
        try {
            MatrixEventRouter.Routed routed = router.route(event);
            done(entry, routed.name());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return settings.initialRetry();
        } catch (StoreUnavailableException e) {
            throw e; // not the event's fault: the worker pauses (run) without counting an attempt against it
        } catch (Exception e) {
            int attempts = entry.attempts() + 1;
            inbox.markFailed(entry.seq(), e.toString());
            if (!handlerRetry.failed(attempts)) {
                log.warn(
                        "Matrix-side event {} in {} failed {} times; giving up on it (reason={})",
                        entry.eventId(),
                        entry.roomId(),
                        attempts,
                        FAILED,
                        e);
                done(entry, FAILED);
                return null;
            }
            Duration wait = handlerRetry.delay(null);
            log.warn(
                    "Handling Matrix-side event {} in {} failed (attempt {}/{}); retrying in {} ms: {}",
                    entry.eventId(),
                    entry.roomId(),
                    attempts,
                    settings.maxAttempts(),
                    wait.toMillis(),
                    e.toString());
            return wait;
        }
    }

    private void done(MatrixInbox.Entry entry, String outcome) {
        inbox.markDone(entry.seq(), outcome);
        consumed.incrementAndGet();
    }

    private void forgetOldEntries() {
        long now = clock.millis();
        if (now >= nextForget) {
            nextForget = now + FORGET_INTERVAL.toMillis();
            int forgotten = inbox.forgetDoneBefore(now - settings.retention().toMillis());
            if (forgotten > 0) {
                log.debug("Forgot {} consumed Matrix-side events older than {}", forgotten, settings.retention());
            }
        }
    }

    /** Waits up to {@code pause} for new entries: {@link #wake()} and {@link #stop} end the wait. */
    private void awaitWork(Duration pause) {
        long deadline = ticker.nanos() + pause.toNanos();
        lock.lock();
        try {
            while (!closed && !signalled) {
                long left = deadline - ticker.nanos();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed || Thread.currentThread().isInterrupted();
        } finally {
            lock.unlock();
        }
    }
}
