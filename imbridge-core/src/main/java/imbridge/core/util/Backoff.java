package imbridge.core.util;

import java.time.Duration;

/**
 * The delay before a retry: exponential from {@code initial} (doubling per retry), replaced by the server's hint
 * when it gave one; both capped at {@code max}. The one back-off rule of the code base; {@link Retry} applies it.
 */
public record Backoff(Duration initial, Duration max) {

    /** The same delay every time (a fixed retry interval). */
    public static Backoff constant(Duration interval) {
        return new Backoff(interval, interval);
    }

    /**
     * @param retry      1 for the first retry, 2 for the second, … (values below 1 count as 1)
     * @param serverHint the server's own wait ({@code Retry-After}, {@code retryAfter}), or null
     */
    public Duration delay(int retry, Duration serverHint) {
        Duration wanted = serverHint != null ? serverHint : exponential(retry);
        return wanted.compareTo(max) > 0 ? max : wanted;
    }

    private Duration exponential(int retry) {
        // Past 2^30 the cap applies anyway; clamping the shift keeps it from wrapping.
        long factor = 1L << Math.min(Math.max(retry - 1, 0), 30);
        try {
            return initial.multipliedBy(factor);
        } catch (ArithmeticException overflow) {
            return max;
        }
    }
}
