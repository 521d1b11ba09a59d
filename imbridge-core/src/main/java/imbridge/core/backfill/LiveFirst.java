package imbridge.core.backfill;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Live deliveries before history: while a run that delivers live messages is in progress, history sends wait (at most
 * {@link #MAX_YIELD} per send) instead of competing with it for the machine, the database writer and the homeserver.
 * A person waits for a live message; nobody waits for one more history message in the next 50 ms. Live traffic is a
 * few messages a minute for most accounts, so the history rarely yields at all.
 */
public final class LiveFirst {
    /** Bounded so that a stream of live messages slows history down but never stops it. */
    static final Duration MAX_YIELD = Duration.ofMillis(50);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int liveRuns;

    void liveRunStarted() {
        lock.lock();
        try {
            liveRuns++;
        } finally {
            lock.unlock();
        }
    }

    void liveRunFinished() {
        lock.lock();
        try {
            if (--liveRuns == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Before a history send: returns once no live run is in progress, or after {@code maxWait}. */
    void yieldToLive(Duration maxWait) throws InterruptedException {
        lock.lock();
        try {
            long nanos = maxWait.toNanos();
            while (liveRuns > 0 && nanos > 0) {
                nanos = idle.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Threads waiting in {@link #yieldToLive} (tests wait for a yield to begin instead of sleeping). */
    int yielding() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(idle);
        } finally {
            lock.unlock();
        }
    }
}
