package imbridge.store;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns for SQLite's single writer connection. Urgent writers (threads marked by
 * {@link imbridge.core.util.UrgentWrites}: the live path) are served before background writers that are waiting,
 * so a live message waits for at most the transaction in progress, never for a queue of sync pages and backfill
 * batches. Background writers still get every turn no urgent writer wants; the live path writes a few short
 * transactions per message, so they cannot starve.
 */
final class WriterGate {
    /** As long as a pool would wait for a connection: a writer held longer than this is a bug worth an error. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /** A turn at least this long is logged: every urgent writer behind it waited as long. */
    static final Duration LONG_TURN = Duration.ofMillis(200);

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WriterGate.class);

    private final ReentrantLock lock = new ReentrantLock();
    /** Nanosecond ticks for the length of a turn (only logged: no decision depends on it). */
    private final java.util.function.LongSupplier nanoTime;

    private long heldSince;
    private String holder = "";
    private final Condition released = lock.newCondition();
    private boolean held;
    private int urgentWaiting;
    private int backgroundWaiting;

    WriterGate() {
        this(System::nanoTime);
    }

    /** @param nanoTime ticks that time a turn for the log ({@link #LONG_TURN}) */
    WriterGate(java.util.function.LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Waits for the writer's turn; false if {@code maxWait} passed first. */
    boolean acquire(boolean urgent, Duration maxWait) throws InterruptedException {
        long nanos = maxWait.toNanos();
        lock.lock();
        try {
            if (urgent) {
                urgentWaiting++;
            } else {
                backgroundWaiting++;
            }
            try {
                while (held || (!urgent && urgentWaiting > 0)) {
                    if (nanos <= 0) {
                        return false;
                    }
                    nanos = released.awaitNanos(nanos);
                }
                held = true;
                heldSince = nanoTime.getAsLong();
                holder = Thread.currentThread().getName();
                return true;
            } finally {
                if (urgent) {
                    urgentWaiting--;
                } else {
                    backgroundWaiting--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void release() {
        long heldNanos;
        String by;
        int urgent;
        lock.lock();
        try {
            held = false;
            heldNanos = nanoTime.getAsLong() - heldSince;
            by = holder;
            urgent = urgentWaiting;
            released.signalAll();
        } finally {
            lock.unlock();
        }
        if (heldNanos >= LONG_TURN.toNanos()) {
            log.info(
                    "database writer held for {} ms by thread {} ({} live-path writer(s) waited)",
                    heldNanos / 1_000_000,
                    by,
                    urgent);
        }
    }

    /** Threads waiting for a turn (tests wait for a queue to form instead of sleeping). */
    int waiting(boolean urgent) {
        lock.lock();
        try {
            return urgent ? urgentWaiting : backgroundWaiting;
        } finally {
            lock.unlock();
        }
    }
}
