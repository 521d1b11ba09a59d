package imbridge.matrix;

import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.port.MatrixInbox;
import imbridge.core.util.Ticker;
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
 * {@link Settings#idlePoll()} as a safety net.
 */
public final class MatrixInboxWorker implements AutoCloseable {
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

    public MatrixInboxWorker(MatrixInbox inbox, MatrixEventRouter router, Settings settings, Clock clock) {
        this(inbox, router, settings, clock, Ticker.SYSTEM);
    }

    /** @param ticker measures the back-off pauses (the wall {@code clock} stamps and ages the stored events) */
    public MatrixInboxWorker(
            MatrixInbox inbox, MatrixEventRouter router, Settings settings, Clock clock, Ticker ticker) {
        this.inbox = inbox;
        this.router = router;
        this.settings = settings;
        this.clock = clock;
        this.ticker = ticker;
    }

    public void start() {
        lock.lock();
        try {
            if (thread != null || closed) {
                throw new IllegalStateException("matrix inbox worker already started or closed");
            }
            thread = Thread.ofVirtual().name("matrix-inbox").start(this::run);
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

    /** Stops after the event being handled (if any); pending entries stay queued for the next start. */
    @Override
    public void close() {
        Thread running;
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            running = thread;
        } finally {
            lock.unlock();
        }
        if (running != null) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        int storeFailures = 0;
        while (!isClosed()) {
            try {
                forgetOldEntries();
                Duration retry = drain();
                storeFailures = 0;
                if (retry == null) {
                    await(settings.idlePoll(), true);
                } else {
                    await(retry, false);
                }
            } catch (RuntimeException e) {
                // The store failed (not a handler): keep the thread alive and look again later.
                storeFailures++;
                Duration pause = backoff(storeFailures);
                log.error("Reading the Matrix-side inbox failed; trying again in {} ms", pause.toMillis(), e);
                await(pause, false);
            }
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
        } catch (Exception e) {
            int attempts = entry.attempts() + 1;
            inbox.markFailed(entry.seq(), e.toString());
            if (attempts >= settings.maxAttempts()) {
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
            Duration wait = backoff(attempts);
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

    private Duration backoff(int attempt) {
        long initial = Math.max(1, settings.initialRetry().toMillis());
        int shift = Math.min(attempt - 1, 30);
        long millis = Math.min(settings.maxRetry().toMillis(), initial << shift);
        return Duration.ofMillis(Math.max(0, millis));
    }

    /** Waits up to {@code pause}; close() always ends the wait, {@link #wake()} only when {@code wakeable}. */
    private void await(Duration pause, boolean wakeable) {
        long deadline = ticker.nanos() + pause.toNanos();
        lock.lock();
        try {
            while (!closed && !(wakeable && signalled)) {
                long left = deadline - ticker.nanos();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            if (wakeable) {
                signalled = false;
            }
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
