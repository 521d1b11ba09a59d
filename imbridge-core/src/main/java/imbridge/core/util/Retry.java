package imbridge.core.util;

import java.time.Duration;

/**
 * The retries of one operation, for loops of any shape (a request, a zone's pages, a kept connection): counts the
 * failed attempts in a row, says when they are spent, and waits the {@link Backoff} through the {@link Waiter}, so
 * every retry ends at once when its token is cancelled and tests spend no real time on it. A small class of our
 * own rather than a library: the loops need the cancellation token and the waiter seam, and nothing more.
 * <p>Typical use: {@code if (!retry.failed()) throw …; Duration d = retry.delay(hint); log(d); retry.pause(d);}.
 * One instance per loop; not shared between threads.
 */
public final class Retry {
    /** No limit on attempts: for a connection that must be kept until its token is cancelled. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final Backoff backoff;
    private final int maxAttempts;
    private final Waiter waiter;
    private final CancellationToken cancel;
    private int failures;

    /**
     * @param maxAttempts attempts in a row the operation gets, the first one included ({@link #UNLIMITED} for no
     *                    limit)
     */
    public Retry(Backoff backoff, int maxAttempts, Waiter waiter, CancellationToken cancel) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.waiter = waiter;
        this.cancel = cancel;
    }

    /**
     * Counts one failed attempt.
     *
     * @return true when another attempt is allowed; false when this was the last one (the caller gives up)
     */
    public boolean failed() {
        if (failures < maxAttempts) {
            failures++;
        }
        return failures < maxAttempts;
    }

    /**
     * Takes the count of failed attempts from where it is kept across restarts (a ledger row), instead of counting
     * them here: the back-off and the limit then apply to every attempt spent, also those before a crash.
     *
     * @param storedFailures failed attempts so far, this one included
     * @return true when another attempt is allowed; false when the limit is reached (the caller gives up)
     */
    public boolean failed(int storedFailures) {
        failures = Math.min(Math.max(storedFailures, 0), maxAttempts);
        return failures < maxAttempts;
    }

    /** Failed attempts in a row so far; the retry about to be made is number {@code failures()}. */
    public int failures() {
        return failures;
    }

    /**
     * The wait before the next attempt: the back-off step for the failures so far (the first step when there were
     * none), or the server's hint; both capped.
     */
    public Duration delay(Duration serverHint) {
        return backoff.delay(failures, serverHint);
    }

    /** Waits {@code delay} through the waiter; ends early, throwing, once the token is cancelled. */
    public void pause(Duration delay) throws CancelledException {
        waiter.await(delay, cancel);
    }

    /** The operation made progress: the next failure starts the count and the back-off from the beginning. */
    public void succeeded() {
        failures = 0;
    }
}
