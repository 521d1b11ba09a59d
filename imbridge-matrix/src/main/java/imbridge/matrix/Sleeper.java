package imbridge.matrix;

import java.time.Duration;

/** Waits between retries; a seam so tests can record the waits instead of spending them. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** The real one: blocks the calling thread (interruptible). */
    static Sleeper real() {
        return ThreadSleeper.INSTANCE;
    }
}
