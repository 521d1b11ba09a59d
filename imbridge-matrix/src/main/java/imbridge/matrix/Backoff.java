package imbridge.matrix;

import java.time.Duration;

/**
 * Delay before a retry: exponential from {@code initial} (doubling per retry), replaced by the
 * server's hint when it gave one; both capped at {@code max}.
 */
record Backoff(Duration initial, Duration max) {

    /**
     * @param retry      1 for the first retry, 2 for the second, …
     * @param serverHint the server's {@code Retry-After} / {@code retry_after_ms}, or null
     */
    Duration delay(int retry, Duration serverHint) {
        Duration wanted = serverHint != null ? serverHint : exponential(retry);
        return wanted.compareTo(max) > 0 ? max : wanted;
    }

    private Duration exponential(int retry) {
        // Past 2^30 the cap applies anyway; clamping the shift avoids overflow.
        long factor = 1L << Math.min(retry - 1, 30);
        try {
            return initial.multipliedBy(factor);
        } catch (ArithmeticException overflow) {
            return max;
        }
    }
}
