package imbridge.core.util;

import java.time.Duration;

/**
 * All engine waits go through this, so tests of 15 s / 1 min / 3 min behaviour run instantly
 * and every wait ends as soon as the login is cancelled.
 */
public interface Waiter {

    void await(Duration duration, CancellationToken token) throws CancelledException;

    /** Real time: blocks on the token, so cancellation wakes it at once. */
    static Waiter real() {
        return (duration, token) -> {
            token.throwIfCancelled();
            if (!duration.isZero() && !duration.isNegative()) {
                token.awaitCancellation(duration);
            }
        };
    }
}
