package imbridge.core.attachment;

import imbridge.core.util.CancelledException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most {@code capacity} downloads in flight. A freed slot goes to the waiter with the smallest priority key,
 * which each waiter computes at the moment of the hand-off (its portal's sender moves on, so it is evaluated
 * then, not when the waiter queued): the backfill's key puts the long pole's look-ahead first, nearest first,
 * and a hedge request for an attachment a sender is blocked on goes before everything. First come first
 * served among equals. Closing wakes
 * every waiter, which then leaves without downloading (W5); holders keep their slot until they finish,
 * and {@link #awaitDrained} waits for them.
 */
final class DownloadSlots {
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Waiters in arrival order; a hand-off scans them (a few thousand at most) for the nearest. */
    private final List<Ticket> queue = new ArrayList<>();
    private long nextSeq;
    private int inUse;
    private int peak;
    private boolean closed;

    private static final class Ticket {
        final Condition turn;
        final LongSupplier distance;
        final long seq;
        boolean granted;

        Ticket(Condition turn, LongSupplier distance, long seq) {
            this.turn = turn;
            this.distance = distance;
            this.seq = seq;
        }
    }

    DownloadSlots(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("attachment concurrency must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    void acquire() throws CancelledException {
        acquire(() -> 0);
    }

    /** Takes a slot (smallest {@code distance} first), or throws once the pipeline is closing. */
    void acquire(LongSupplier distance) throws CancelledException {
        if (!acquireBefore(distance, Long.MAX_VALUE)) {
            throw new IllegalStateException("an unbounded wait for a download slot ended without one");
        }
    }

    /**
     * As {@link #acquire(LongSupplier)}, but gives up at {@code deadlineNanos} ({@link System#nanoTime()} scale;
     * {@link Long#MAX_VALUE} = never).
     *
     * @return whether a slot was taken (false: the deadline passed first)
     */
    boolean acquireBefore(LongSupplier distance, long deadlineNanos) throws CancelledException {
        lock.lock();
        try {
            if (closed) {
                throw new CancelledException();
            }
            if (queue.isEmpty() && inUse < capacity) {
                take();
                return true;
            }
            Ticket ticket = new Ticket(lock.newCondition(), distance, nextSeq++);
            queue.add(ticket);
            while (!ticket.granted && !closed) {
                if (deadlineNanos == Long.MAX_VALUE) {
                    ticket.turn.awaitUninterruptibly();
                    continue;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    queue.remove(ticket);
                    return false;
                }
                try {
                    ticket.turn.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    queue.remove(ticket);
                    return false;
                }
            }
            if (!ticket.granted) {
                queue.remove(ticket);
                throw new CancelledException();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void take() {
        inUse++;
        peak = Math.max(peak, inUse);
    }

    /** Frees a slot, handing it straight to the longest waiter. */
    void release() {
        lock.lock();
        try {
            inUse--;
            if (!closed && !queue.isEmpty()) {
                Ticket next = removeNearest();
                next.granted = true;
                take();
                next.turn.signal();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Ticket removeNearest() {
        int best = 0;
        long bestDistance = queue.get(0).distance.getAsLong();
        for (int i = 1; i < queue.size(); i++) {
            long d = queue.get(i).distance.getAsLong();
            if (d < bestDistance) { // strict: the earlier arrival wins ties
                best = i;
                bestDistance = d;
            }
        }
        return queue.remove(best);
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            queue.forEach(t -> t.turn.signal());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no slot is held, at most {@code timeout}; returns whether that happened. */
    boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (inUse > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waiters queued for a slot. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    int inUse() {
        lock.lock();
        try {
            return inUse;
        } finally {
            lock.unlock();
        }
    }

    int peak() {
        lock.lock();
        try {
            return peak;
        } finally {
            lock.unlock();
        }
    }
}
