package imbridge.core.lifecycle;

import imbridge.core.util.Ticker;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides what kind of thread a part gets, with the reason written once:
 * <ul>
 * <li>{@link #worker}: a platform daemon thread for a loop that blocks on one request or lock after another
 * (senders, the live path, the sync zones and their page fetchers, the watchdog, the demo's progress line). On 2
 * cores a virtual thread woken by its answer queued behind dozens of download threads for a carrier (measured on the
 * big-chat backfill: a run ~1 s longer out of 29).</li>
 * <li>{@link #tasks}: virtual threads for many short, independent I/O tasks (asset downloads, verification
 * reads, the Matrix-side inbox, the probe's parallel clients), where a platform thread each would cost memory and a
 * pool would cap concurrency twice.</li>
 * </ul>
 * Daemon threads never keep the JVM alive: every service stops its threads itself through its {@link Service#stop}.
 * The only threads made elsewhere are JVM shutdown hooks, which the runtime requires to be unstarted {@code Thread}s.
 */
public final class Threads {
    private static final Logger log = LoggerFactory.getLogger(Threads.class);

    private Threads() {}

    /** A factory of platform daemon threads named {@code name} (one thread) or {@code name-N}. */
    public static ThreadFactory worker(String name) {
        return Thread.ofPlatform().name(name).daemon().factory();
    }

    /** A platform daemon worker thread named {@code name}, started on {@code loop}. */
    public static Thread startWorker(String name, Runnable loop) {
        return Thread.ofPlatform().name(name).daemon().start(loop);
    }

    /** One platform daemon worker thread named {@code name} behind an executor (a loop fed step by step). */
    public static ExecutorService singleWorker(String name) {
        return Executors.newSingleThreadExecutor(worker(name));
    }

    /** A new platform daemon worker thread named {@code name} for each task (a few long, blocking tasks at once). */
    public static ExecutorService workerPerTask(String name) {
        return Executors.newThreadPerTaskExecutor(worker(name));
    }

    /** One platform daemon worker thread named {@code name} for periodic checks. */
    public static ScheduledExecutorService scheduledWorker(String name) {
        return Executors.newSingleThreadScheduledExecutor(worker(name));
    }

    /** A factory of virtual threads named {@code prefix-N}, for many short I/O tasks. */
    public static ThreadFactory tasks(String prefix) {
        return Thread.ofVirtual().name(prefix + "-", 0).factory();
    }

    /** A virtual thread named {@code name}, started on {@code work}: a loop that mostly waits on I/O. */
    public static Thread startTask(String name, Runnable work) {
        return Thread.ofVirtual().name(name).start(work);
    }

    /** A new virtual thread named {@code prefix-N} for each task, for many short I/O tasks. */
    public static ExecutorService taskPerThread(String prefix) {
        return Executors.newThreadPerTaskExecutor(tasks(prefix));
    }

    /**
     * The end of a service's {@link Service#stop}: waits for {@code threads} to end, all within {@code grace}; those
     * still running then are interrupted (their blocking call ends as a cancellation) and waited for.
     *
     * @param owner names the service in the warning about a thread that had to be interrupted
     */
    public static void awaitEnd(Collection<Thread> threads, Duration grace, String owner) {
        long deadline = Ticker.SYSTEM.nanos() + grace.toNanos();
        try {
            for (Thread t : threads) {
                long left = deadline - Ticker.SYSTEM.nanos();
                if (left > 0) {
                    t.join(Duration.ofNanos(left));
                }
            }
            for (Thread t : threads) {
                if (t.isAlive()) {
                    log.warn(
                            "{}: thread {} still busy after {} ms; interrupting it",
                            owner,
                            t.getName(),
                            grace.toMillis());
                    t.interrupt();
                    t.join();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
