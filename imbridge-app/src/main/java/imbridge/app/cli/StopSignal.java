package imbridge.app.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * For commands that serve until stopped (Ctrl-C, SIGTERM): {@link #await()} returns once the JVM starts shutting
 * down, and the shutdown hook then waits (bounded) for {@link #done()}, so the command closes its servers before
 * the JVM halts.
 */
final class StopSignal {
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    private StopSignal() {}

    static StopSignal install() {
        StopSignal signal = new StopSignal();
        // A shutdown hook is an unstarted Thread the JVM starts itself: the one kind not made through Threads.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            signal.stopRequested.countDown();
                            try {
                                signal.closed.await(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "imbridge-stop"));
        return signal;
    }

    void await() throws InterruptedException {
        stopRequested.await();
    }

    /** The command has closed what it served. */
    void done() {
        closed.countDown();
    }
}
