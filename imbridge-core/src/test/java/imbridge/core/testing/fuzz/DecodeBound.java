package imbridge.core.testing.fuzz;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one decode of untrusted input on a worker thread and fails the property unless the decoder returned or threw
 * its own documented exception, finished within {@link #HANG_LIMIT} and allocated no more than the input can
 * justify. The time limit is a hang detector, far above any real decode; the allocation limit catches a length
 * field that makes a decoder reserve memory the input does not hold.
 */
public final class DecodeBound {
    /** Generous: a healthy decode of these inputs takes milliseconds even on a loaded machine. */
    public static final Duration HANG_LIMIT = Duration.ofSeconds(5);
    /** Input-independent set-up (parser buffers, lookup tables, exception messages). */
    public static final long BASE_ALLOWANCE_BYTES = 8L << 20;
    /** Per input byte: strings, trees and copies of the input cost a few times its size, never more. */
    public static final long BYTES_PER_INPUT_BYTE = 64;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static ExecutorService worker = newWorker();

    private DecodeBound() {}

    /** A decode call: returns a value or throws. */
    @FunctionalInterface
    public interface Decode<T> {
        T run() throws Exception;
    }

    /** What one decode did: its value, or the documented exception it threw; and how much it allocated. */
    public record Outcome<T>(T value, Exception rejection, long allocatedBytes) {
        public boolean decoded() {
            return rejection == null;
        }
    }

    private record Raw<T>(T value, Throwable thrown, long allocatedBytes) {}

    /**
     * @param inputSize  the size of the untrusted input (bytes or characters), for the allocation bound
     * @param documented the one exception type the decoder documents for bad input
     * @throws AssertionError on any other throwable, a hang or an allocation beyond the bound
     */
    public static <T> Outcome<T> assertBounded(
            long inputSize, Class<? extends Exception> documented, Decode<T> decode) {
        return assertBounded(HANG_LIMIT, inputSize, documented, decode);
    }

    /** As {@link #assertBounded(long, Class, Decode)} with another hang limit (the harness's own tests use a short one). */
    static synchronized <T> Outcome<T> assertBounded(
            Duration hangLimit, long inputSize, Class<? extends Exception> documented, Decode<T> decode) {
        Future<Raw<T>> future = worker.submit(() -> measured(decode));
        Raw<T> raw;
        try {
            raw = future.get(hangLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The stuck thread cannot be stopped; abandon it (daemon) so later tries get a fresh one.
            future.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw new AssertionError("decode did not finish within " + hangLimit + " (a hang)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the decode", e);
        } catch (ExecutionException e) {
            throw new AssertionError("the measuring wrapper failed", e.getCause());
        }
        long allowed = BASE_ALLOWANCE_BYTES + BYTES_PER_INPUT_BYTE * inputSize;
        if (raw.allocatedBytes() > allowed) {
            throw new AssertionError("decode of " + inputSize + " input units allocated " + raw.allocatedBytes()
                    + " bytes, more than the " + allowed + " allowed");
        }
        if (raw.thrown() == null) {
            return new Outcome<>(raw.value(), null, raw.allocatedBytes());
        }
        if (documented.isInstance(raw.thrown())) {
            return new Outcome<>(null, documented.cast(raw.thrown()), raw.allocatedBytes());
        }
        throw new AssertionError(
                "decoder threw " + raw.thrown().getClass().getName() + ", not its documented "
                        + documented.getSimpleName(),
                raw.thrown());
    }

    private static <T> Raw<T> measured(Decode<T> decode) {
        long threadId = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(threadId);
        T value = null;
        Throwable thrown = null;
        try {
            value = decode.run();
        } catch (Throwable t) { // judged by the caller: errors count as failures too
            thrown = t;
        }
        return new Raw<>(value, thrown, THREADS.getThreadAllocatedBytes(threadId) - before);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "fuzz-decode");
            thread.setDaemon(true);
            return thread;
        });
    }
}
