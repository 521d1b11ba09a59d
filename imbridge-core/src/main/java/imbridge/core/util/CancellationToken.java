package imbridge.core.util;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One per login, captured at start and passed to every wait, so shutdown ends all waits promptly.
 * Cancelling is permanent.
 */
public final class CancellationToken {
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final List<Reaction> reactions = new CopyOnWriteArrayList<>();

    public void cancel() {
        cancelled.countDown();
        reactions.forEach(Reaction::run);
    }

    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    public void throwIfCancelled() throws CancelledException {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }

    /**
     * Runs {@code action} once when the token is cancelled (at once, on this thread, if it already is; otherwise on
     * the thread that cancels), until the returned reaction is closed. For waits that do not go through a
     * {@link Waiter} with this token: a client with retry waits of its own is closed, which ends them.
     */
    public Reaction onCancel(Runnable action) {
        Reaction reaction = new Reaction(action);
        reactions.add(reaction);
        if (isCancelled()) {
            reaction.run();
        }
        return reaction;
    }

    /** Waits up to {@code timeout}; returns early, throwing, once cancelled. */
    void awaitCancellation(Duration timeout) throws CancelledException {
        try {
            if (cancelled.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new CancelledException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    /** An action registered with {@link #onCancel}; closing it unregisters the action if it has not run. */
    public final class Reaction implements AutoCloseable {
        private final Runnable action;
        private final AtomicBoolean done = new AtomicBoolean();

        private Reaction(Runnable action) {
            this.action = action;
        }

        private void run() {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        }

        @Override
        public void close() {
            done.set(true);
            reactions.remove(this);
        }
    }
}
