package imbridge.core.util;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One per login, captured at start and passed to every wait, so shutdown ends all waits promptly.
 * Cancelling is permanent.
 */
public final class CancellationToken {
    private final CountDownLatch cancelled = new CountDownLatch(1);

    public void cancel() {
        cancelled.countDown();
    }

    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    public void throwIfCancelled() throws CancelledException {
        if (isCancelled()) {
            throw new CancelledException();
        }
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
}
