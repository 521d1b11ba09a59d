package imbridge.core.lifecycle;

import java.time.Duration;

/**
 * A long-running part of the bridge with one lifecycle: started once, in dependency order, by its {@link Services}
 * group, and stopped in reverse order. {@link #stop} finishes what is in hand within {@code grace} and then forces
 * the rest (interrupts, closes connections); it returns only when the part holds no thread or resource any more.
 */
public interface Service {

    /** A short name for logs and the health report ("backfill-queue", "live-receiver" …). */
    String name();

    /** Starts the part's threads; returns once it runs. A failure leaves nothing running. */
    void start() throws Exception;

    /** Graceful for at most {@code grace}, then forced; idempotent; never throws for an ordinary shutdown. */
    void stop(Duration grace);

    /** A service made of two steps (for parts whose classes predate this type, or have nothing to start). */
    static Service of(String name, StartStep start, Runnable stop) {
        return new Service() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() throws Exception {
                start.run();
            }

            @Override
            public void stop(Duration grace) {
                stop.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** A part that is running once constructed (a connection pool, an opened source): only its stop matters. */
    static Service closing(String name, AutoCloseable resource) {
        return of(name, () -> {}, () -> {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException(name + " did not close cleanly", e);
            }
        });
    }

    @FunctionalInterface
    interface StartStep {
        void run() throws Exception;
    }
}
