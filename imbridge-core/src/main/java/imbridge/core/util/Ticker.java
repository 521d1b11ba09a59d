package imbridge.core.util;

/**
 * Monotonic time for durations, timeouts and deadlines, injected like the wall {@link java.time.Clock} so tests drive
 * it instead of waiting. {@link #SYSTEM} is the only place the code reads the JVM's nanosecond timer.
 */
@FunctionalInterface
public interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanos();

    /** Milliseconds elapsed since {@code startNanos} (a value of {@link #nanos()}). */
    default long millisSince(long startNanos) {
        return (nanos() - startNanos) / 1_000_000;
    }
}
