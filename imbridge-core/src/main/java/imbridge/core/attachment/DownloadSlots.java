package imbridge.core.attachment;

import imbridge.core.util.CancelledException;
import imbridge.core.util.Ticker;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * At most {@code capacity} downloads in flight. A freed slot goes to the waiter with the smallest priority key,
 * which each waiter computes at the moment of the hand-off (its portal's sender moves on, so it is evaluated
 * then, not when the waiter queued): the backfill's key puts the long pole's look-ahead first, nearest first,
 * and a hedge request for an attachment a sender is blocked on goes before everything. First come first
 * served among equals. Closing wakes
 * every waiter, which then leaves without downloading (behaviour.md W5); holders keep their slot until they finish,
 * and {@link #awaitDrained} waits for them.
 */
final class DownloadSlots {
    private final int capacity;
    private final Ticker ticker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /**
     * Waiters by group (one portal's look-ahead), each group in (rank, arrival) order. Within a group the key never
     * decreases with the rank, so a hand-off only evaluates each group's first waiter: a few keys instead of the
     * thousands of waiters a big chat's look-ahead queues.
     */
    private final Map<Object, PriorityQueue<Ticket>> waiting = new HashMap<>();

    private int queued;
    private long nextSeq;
    private int inUse;
    private int peak;
    private boolean closed;

    private static final Comparator<Ticket> RANK_THEN_ARRIVAL =
            Comparator.<Ticket>comparingLong(t -> t.rank).thenComparingLong(t -> t.seq);

    private static final class Ticket {
        final Condition turn;
        final Object group;
        final long rank;
        final LongSupplier distance;
        final long seq;
        boolean granted;

        Ticket(Condition turn, Object group, long rank, LongSupplier distance, long seq) {
            this.turn = turn;
            this.group = group;
            this.rank = rank;
            this.distance = distance;
            this.seq = seq;
        }
    }

    DownloadSlots(int capacity) {
        this(capacity, Ticker.SYSTEM);
    }

    /** @param ticker the time scale of deadlines and of {@link #awaitDrained}'s timeout */
    DownloadSlots(int capacity, Ticker ticker) {
        if (capacity < 1) {
            throw new IllegalArgumentException("attachment concurrency must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.ticker = ticker;
    }

    void acquire() throws CancelledException {
        acquire(() -> 0);
    }

    /** Takes a slot (smallest {@code distance} first), or throws once the pipeline is closing. */
    void acquire(LongSupplier distance) throws CancelledException {
        acquire(new Object(), 0, distance);
    }

    /**
     * As {@link #acquire(LongSupplier)}, for one of a group of waiters whose {@code distance} never decreases with
     * their {@code rank} (a portal's look-ahead: rank = position in its send order).
     */
    void acquire(Object group, long rank, LongSupplier distance) throws CancelledException {
        if (!acquireBefore(group, rank, distance, Long.MAX_VALUE)) {
            throw new IllegalStateException("an unbounded wait for a download slot ended without one");
        }
    }

    /**
     * As {@link #acquire(LongSupplier)}, but gives up at {@code deadlineNanos} (the {@link Ticker}'s scale;
     * {@link Long#MAX_VALUE} = never).
     *
     * @return whether a slot was taken (false: the deadline passed first)
     */
    boolean acquireBefore(LongSupplier distance, long deadlineNanos) throws CancelledException {
        return acquireBefore(new Object(), 0, distance, deadlineNanos);
    }

    private boolean acquireBefore(Object group, long rank, LongSupplier distance, long deadlineNanos)
            throws CancelledException {
        lock.lock();
        try {
            if (closed) {
                throw new CancelledException();
            }
            if (queued == 0 && inUse < capacity) {
                take();
                return true;
            }
            Ticket ticket = new Ticket(lock.newCondition(), group, rank, distance, nextSeq++);
            waiting.computeIfAbsent(group, g -> new PriorityQueue<>(RANK_THEN_ARRIVAL))
                    .add(ticket);
            queued++;
            while (!ticket.granted && !closed) {
                if (deadlineNanos == Long.MAX_VALUE) {
                    ticket.turn.awaitUninterruptibly();
                    continue;
                }
                long left = deadlineNanos - ticker.nanos();
                if (left <= 0) {
                    dequeue(ticket);
                    return false;
                }
                try {
                    ticket.turn.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    dequeue(ticket);
                    return false;
                }
            }
            if (!ticket.granted) {
                dequeue(ticket);
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
            if (!closed && queued > 0) {
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

    /** The waiter with the smallest distance now (the earlier arrival wins ties), taken out of the queue. */
    private Ticket removeNearest() {
        Ticket best = null;
        long bestDistance = 0;
        for (PriorityQueue<Ticket> group : waiting.values()) {
            Ticket head = group.peek();
            long d = head.distance.getAsLong();
            if (best == null || d < bestDistance || (d == bestDistance && head.seq < best.seq)) {
                best = head;
                bestDistance = d;
            }
        }
        dequeue(best);
        return best;
    }

    private void dequeue(Ticket ticket) {
        PriorityQueue<Ticket> group = waiting.get(ticket.group);
        if (group != null && group.remove(ticket)) {
            queued--;
            if (group.isEmpty()) {
                waiting.remove(ticket.group);
            }
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            waiting.values().forEach(group -> group.forEach(t -> t.turn.signal()));
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
        long deadline = ticker.nanos() + timeout.toNanos();
        lock.lock();
        try {
            while (inUse > 0) {
                long left = deadline - ticker.nanos();
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
            return queued;
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
