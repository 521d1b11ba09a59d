package imbridge.core.backfill;

import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.sync.FatalErrorHandler;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs forward backfills, at most {@code maxConcurrentForward} at once, in the order portals were
 * queued (discovery queues newest first). A portal is never queued twice: queuing one that is
 * waiting is a no-op, and queuing one that is running makes it run once more afterwards (new data
 * arrived meanwhile). Waiting for a slot is just sitting in the queue, so it blocks nothing and
 * cancellation ends every worker at its next step.
 */
public final class BackfillQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackfillQueue.class);

    private final ForwardBackfill forward;
    private final int workers;
    private final FatalErrorHandler fatal;
    private final CancellationToken cancel;
    private final LinkedHashSet<String> waiting = new LinkedHashSet<>();
    private final Set<String> running = new java.util.HashSet<>();
    private final Set<String> rerun = new java.util.HashSet<>();
    private final Set<String> done = new TreeSet<>();
    private final Set<String> failed = new TreeSet<>();
    private final List<Thread> threads = new ArrayList<>();
    private boolean closed;

    public BackfillQueue(ForwardBackfill forward, int workers, FatalErrorHandler fatal, CancellationToken cancel) {
        this.forward = forward;
        this.workers = Math.max(1, workers);
        this.fatal = fatal;
        this.cancel = cancel;
    }

    public synchronized void start() {
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofVirtual().name("forward-backfill-" + i).start(this::work));
        }
    }

    public synchronized void enqueue(String portalId) {
        if (closed) {
            return;
        }
        if (running.contains(portalId)) {
            rerun.add(portalId);
        } else if (waiting.add(portalId)) {
            notifyAll();
        }
    }

    /** Blocks until nothing is waiting or running (or the login is cancelled). */
    public synchronized void awaitIdle() throws CancelledException {
        while (!waiting.isEmpty() || !running.isEmpty()) {
            cancel.throwIfCancelled();
            try {
                wait(200); // re-checks cancellation; woken by every state change
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
        }
        cancel.throwIfCancelled();
    }

    public synchronized BackfillSummary summary() {
        Set<String> all = new TreeSet<>(done);
        all.addAll(failed);
        return new BackfillSummary(all.size(), done.size(), List.copyOf(failed));
    }

    private void work() {
        while (true) {
            String portalId;
            synchronized (this) {
                while (waiting.isEmpty() && !closed && !cancel.isCancelled()) {
                    try {
                        wait(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed || cancel.isCancelled()) {
                    return;
                }
                portalId = waiting.removeFirst();
                running.add(portalId);
            }
            boolean ok = false;
            try {
                BackfillState state = forward.run(portalId, cancel);
                ok = state.status() == BackfillStatus.DONE || state.status() == BackfillStatus.WAITING;
            } catch (CancelledException e) {
                log.info("forward backfill of {} cancelled", portalId);
            } catch (RuntimeException e) {
                fatal.onFatal("forward backfill of " + portalId, e);
            } finally {
                finish(portalId, ok);
            }
        }
    }

    private synchronized void finish(String portalId, boolean ok) {
        running.remove(portalId);
        if (ok) {
            done.add(portalId);
            failed.remove(portalId);
        } else {
            failed.add(portalId);
        }
        if (rerun.remove(portalId)) {
            waiting.add(portalId);
        }
        notifyAll();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
