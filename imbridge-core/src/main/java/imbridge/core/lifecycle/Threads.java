package imbridge.core.lifecycle;

import java.util.concurrent.ThreadFactory;

/**
 * The one place that decides what kind of thread a part gets, with the reason written once:
 * <ul>
 * <li>{@link #worker}: a platform daemon thread for a loop that blocks on one request or lock after another
 * (senders, the live path, the sync zones). On 2 cores a virtual thread woken by its answer queued behind dozens
 * of download threads for a carrier (measured on the big-chat backfill: a run ~1 s longer out of 29).</li>
 * <li>{@link #tasks}: virtual threads for many short, independent I/O tasks (asset downloads, verification
 * reads), where a platform thread each would cost memory and a pool would cap concurrency twice.</li>
 * </ul>
 * Daemon threads never keep the JVM alive: every service stops its threads itself through its {@link Service#stop}.
 */
public final class Threads {
    private Threads() {}

    /** A factory of platform daemon threads named {@code name} (one thread) or {@code name-N}. */
    public static ThreadFactory worker(String name) {
        return Thread.ofPlatform().name(name).daemon().factory();
    }

    /** A platform daemon worker thread named {@code name}, started on {@code loop}. */
    public static Thread startWorker(String name, Runnable loop) {
        return Thread.ofPlatform().name(name).daemon().start(loop);
    }

    /** A factory of virtual threads named {@code prefix-N}, for many short I/O tasks. */
    public static ThreadFactory tasks(String prefix) {
        return Thread.ofVirtual().name(prefix + "-", 0).factory();
    }
}
