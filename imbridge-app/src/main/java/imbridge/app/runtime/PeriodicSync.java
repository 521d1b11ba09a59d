package imbridge.app.runtime;

import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An incremental sync every {@code interval} while the bridge runs, on a thread of its own: how a watched
 * chat.db (and its WAL) is polled for new, edited and deleted rows, and how CloudKit catches up on what its live
 * stream missed. Each pass commits every page with its position, so a kill -9 between passes loses nothing: the
 * next start reads on from the last committed position. Waits go through the cancellable {@link Waiter}.
 */
public final class PeriodicSync implements imbridge.core.lifecycle.Service, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeriodicSync.class);

    private final BridgeRuntime bridge;
    private final Duration interval;
    private final Waiter waiter;
    /** The bridge's token: a sync with another token would rebuild the engine. */
    private final CancellationToken bridgeCancel;
    /** Ends this loop only (close), not the bridge. */
    private final CancellationToken stop = new CancellationToken();

    private final AtomicLong passes = new AtomicLong();
    private Thread thread;

    public PeriodicSync(BridgeRuntime bridge, Duration interval, Waiter waiter, CancellationToken parent) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("the sync interval must be positive: " + interval);
        }
        this.bridge = bridge;
        this.interval = interval;
        this.waiter = waiter;
        this.bridgeCancel = parent;
    }

    @Override
    public String name() {
        return "periodic-sync";
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = imbridge.core.lifecycle.Threads.startWorker("periodic-sync", this::loop);
    }

    /** Passes finished so far. */
    public long passes() {
        return passes.get();
    }

    private void loop() {
        while (!stop.isCancelled() && !bridgeCancel.isCancelled()) {
            try {
                waiter.await(interval, stop);
                String outcome = bridge.syncNow(bridgeCancel);
                passes.incrementAndGet();
                log.debug("periodic sync: {}", outcome);
            } catch (CancelledException e) {
                return;
            } catch (RuntimeException e) { // one failed pass is retried at the next tick; the position did not move
                log.warn("periodic sync failed, retrying in {}: {}", interval, e.toString());
            }
        }
    }

    /** Ends the loop; a pass in progress may finish within {@code grace}, then the thread is interrupted. */
    @Override
    public void stop(Duration grace) {
        stop.cancel();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        try {
            if (!t.join(grace)) {
                t.interrupt();
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a pass in progress to finish. */
    @Override
    public void close() {
        stop(Duration.ofDays(1));
    }
}
