package imbridge.matrix;

import java.time.Duration;

/** The production {@link Sleeper}; the only place in this module that sleeps. */
final class ThreadSleeper implements Sleeper {
    static final ThreadSleeper INSTANCE = new ThreadSleeper();

    private ThreadSleeper() {
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }
}
