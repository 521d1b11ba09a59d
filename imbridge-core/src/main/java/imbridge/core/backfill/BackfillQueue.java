package imbridge.core.backfill;

import imbridge.core.lifecycle.StoreOutage;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.sync.FatalErrorHandler;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs forward backfills, at most {@code maxConcurrentForward} at once, in the order portals were
 * queued (discovery queues newest first). A portal is never queued twice: queuing one that is
 * waiting is a no-op, and queuing one that is running makes it run once more afterwards (new data
 * arrived meanwhile). Waiting for a slot is just sitting in the queue, so it blocks nothing and
 * cancellation ends every worker at its next step.
 * <p>
 * Live traffic has its own lane: {@link #enqueueLive} runs a portal whose history is already committed
 * on a live worker at once, so a new live message never waits behind other portals' initial backfills (a committed
 * portal that discovery queued again moves to the live lane with it); a portal still waiting for its initial
 * backfill keeps its place (its live messages follow its history).
 * A portal never runs twice at the same time, in any lane.
 * <p>
 * Older history ({@link BackwardBackfill}, batch-send homeservers) is the lowest lane: after a portal's forward
 * run commits its history, one page at a time runs on a forward worker when no initial backfill is waiting, and
 * the portal goes to the back of the lane while it has more, so live runs and other portals take turns with it.
 * <p>
 * Long (over 400 lines) on purpose: the three lanes share one lock and one set of running portals ("never twice at
 * the same time"); split by lane, that rule would need a locking protocol across classes.
 */
public final class BackfillQueue implements imbridge.core.lifecycle.Service, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackfillQueue.class);

    /**
     * Live runs at once: a live run waits on the database writer and the homeserver, so with one worker a message of
     * portal A queued behind portal B's run (measured under backfill load: seconds at the tail). Each portal still
     * runs in one lane at a time, so its messages keep their order.
     */
    static final int LIVE_WORKERS = 3;
    /** How often an idle worker or {@link #awaitIdle} looks again without a signal (cancellation, deferred runs). */
    private static final long RECHECK_MS = 200;
    /** What pauses while the database cannot take writes (for the operator's log line). */
    private static final String WORK = "backfill";

    private final ForwardBackfill forward;
    private final BackwardBackfill backward;
    /** Portals with older history to insert: lowest priority, one page per turn, round robin. */
    private final LinkedHashSet<String> history = new LinkedHashSet<>();

    private final int workers;
    private final FatalErrorHandler fatal;
    private final CancellationToken cancel;
    private final StoreOutage storeOutage;
    private final LinkedHashSet<String> waiting = new LinkedHashSet<>();
    private final LinkedHashSet<String> live = new LinkedHashSet<>();
    private final List<java.util.function.Consumer<String>> startedListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<String>> finishedListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Until this first holds, no portal runs (latched); see {@link #startWhen}. */
    private volatile java.util.function.BooleanSupplier startCondition = () -> true;

    private volatile boolean started;
    private final Set<String> running = new java.util.HashSet<>();
    private final Set<String> rerun = new java.util.HashSet<>();
    private final Set<String> done = new TreeSet<>();
    private final Set<String> failed = new TreeSet<>();
    private final List<Thread> threads = new ArrayList<>();
    private boolean closed;
    /** Guards the lanes and sets above; {@link #changed} is signalled on every change a worker or waiter acts on. */
    private final ReentrantLock lock = new ReentrantLock();

    private final Condition changed = lock.newCondition();

    public BackfillQueue(ForwardBackfill forward, int workers, FatalErrorHandler fatal, CancellationToken cancel) {
        this(forward, null, workers, fatal, cancel);
    }

    /**
     * @param backward inserts older history above rooms (batch-send homeservers), one page per run on the
     *                 forward workers when no initial backfill waits; null where history cannot be inserted
     */
    public BackfillQueue(
            ForwardBackfill forward,
            BackwardBackfill backward,
            int workers,
            FatalErrorHandler fatal,
            CancellationToken cancel) {
        this(forward, backward, workers, fatal, cancel, new StoreOutage(Waiter.real()));
    }

    /** @param storeOutage pauses a run while the database cannot take writes (shared with the other loops) */
    public BackfillQueue(
            ForwardBackfill forward,
            BackwardBackfill backward,
            int workers,
            FatalErrorHandler fatal,
            CancellationToken cancel,
            StoreOutage storeOutage) {
        this.storeOutage = storeOutage;
        this.forward = forward;
        this.backward = backward;
        this.workers = Math.max(1, workers);
        this.fatal = fatal;
        this.cancel = cancel;
    }

    @Override
    public String name() {
        return "backfill-queue";
    }

    @Override
    public void start() {
        locked(() -> {
            for (int i = 0; i < workers; i++) {
                threads.add(imbridge.core.lifecycle.Threads.startWorker("forward-backfill-" + i, () -> work(false)));
            }
            for (int i = 0; i < LIVE_WORKERS; i++) {
                threads.add(imbridge.core.lifecycle.Threads.startWorker(
                        "live-delivery-" + i, imbridge.core.util.UrgentWrites.of(() -> work(true))));
            }
        });
    }

    /**
     * Holds every run until {@code condition} first returns true: the live path lets backfills start only once the
     * live events that arrived during the bootstrap are in the cache, so history and live messages are sent in one
     * order instead of racing each other.
     */
    public void startWhen(java.util.function.BooleanSupplier condition) {
        this.startCondition = condition;
    }

    private boolean mayStart() {
        if (!started && startCondition.getAsBoolean()) {
            started = true;
        }
        return started;
    }

    /** Called (on the worker) before every forward run of a portal, in either lane. */
    public void onPortalStarted(java.util.function.Consumer<String> listener) {
        startedListeners.add(listener);
    }

    /** Called (on the worker) after every run of a portal, in either lane. */
    public void onPortalFinished(java.util.function.Consumer<String> listener) {
        finishedListeners.add(listener);
    }

    /**
     * A live message was admitted for the portal: run it now on the live lane, unless it is running
     * (then once more afterwards) or still waiting for its initial backfill (its history goes first).
     */
    public void enqueueLive(String portalId) {
        locked(() -> enqueueLiveLocked(portalId));
    }

    private void enqueueLiveLocked(String portalId) {
        if (closed) {
            return;
        }
        if (running.contains(portalId)) {
            rerun.add(portalId);
        } else if (waiting.contains(portalId)) {
            // Queued by discovery after a re-sync: if its history is committed this is a catch-up, not an initial
            // backfill, and its live message must not wait until a forward worker is free (seconds under load).
            if (forward.historyCommitted(portalId)) {
                waiting.remove(portalId);
                live.add(portalId);
                changed.signalAll();
            }
        } else if (live.add(portalId)) {
            changed.signalAll();
        }
    }

    /** The portal has older history to insert (after its current run, if one is going on). */
    public void enqueueHistory(String portalId) {
        locked(() -> {
            if (!closed && backward != null && history.add(portalId)) {
                changed.signalAll();
            }
        });
    }

    public void enqueue(String portalId) {
        locked(() -> {
            if (closed) {
                return;
            }
            if (running.contains(portalId)) {
                rerun.add(portalId);
            } else if (!live.contains(portalId) && waiting.add(portalId)) {
                changed.signalAll();
            }
        });
    }

    /** Nothing waiting or running in either lane. */
    public boolean isIdle() {
        return lockedGet(() -> waiting.isEmpty() && live.isEmpty() && history.isEmpty() && running.isEmpty());
    }

    /** Blocks until nothing is waiting or running (or the login is cancelled). */
    public void awaitIdle() throws CancelledException {
        lock.lock();
        try {
            while (!isIdle()) {
                cancel.throwIfCancelled();
                try {
                    changed.await(RECHECK_MS, TimeUnit.MILLISECONDS); // re-checks cancellation; woken by every change
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException();
                }
            }
            cancel.throwIfCancelled();
        } finally {
            lock.unlock();
        }
    }

    public BackfillSummary summary() {
        return lockedGet(() -> {
            Set<String> all = new TreeSet<>(done);
            all.addAll(failed);
            return new BackfillSummary(all.size(), done.size(), List.copyOf(failed));
        });
    }

    /** The next portal for a worker of this lane, taken out of its lane; null when none may run now. */
    private String takeNext(boolean liveLane) {
        boolean nothing = liveLane ? live.isEmpty() : waiting.isEmpty() && history.isEmpty();
        if (nothing || !mayStart()) { // the start condition is first asked once there is work (it latches)
            return null;
        }
        if (liveLane) {
            return live.isEmpty() ? null : live.removeFirst();
        }
        if (!waiting.isEmpty()) {
            return waiting.removeFirst();
        }
        for (String portalId : history) {
            if (!running.contains(portalId) && !live.contains(portalId)) {
                history.remove(portalId);
                return portalId;
            }
        }
        return null;
    }

    private void work(boolean liveLane) {
        while (true) {
            String portalId;
            boolean historyPage;
            lock.lock();
            try {
                while (true) {
                    if (closed || cancel.isCancelled()) {
                        return;
                    }
                    if (liveLane && started) {
                        forward.dueDeferred().forEach(this::enqueueLiveLocked);
                    }
                    boolean initialWaiting = !waiting.isEmpty();
                    portalId = takeNext(liveLane);
                    if (portalId != null) {
                        historyPage = !liveLane && !initialWaiting;
                        break;
                    }
                    try {
                        // Timed: deferred live runs and the start condition come due without a signal.
                        changed.await(RECHECK_MS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                running.add(portalId);
            } finally {
                lock.unlock();
            }
            if (historyPage) {
                runHistoryPage(portalId);
                continue;
            }
            boolean ok = false;
            boolean historyCommitted = false;
            try {
                try {
                    for (java.util.function.Consumer<String> listener : startedListeners) {
                        listener.accept(portalId);
                    }
                    String portal = portalId;
                    // A run stopped by an unwritable database resumes from its last checkpoint, as after a crash.
                    BackfillState state = storeOutage.untilStored(WORK, () -> forward.run(portal, cancel), cancel);
                    ok = state.status() == BackfillStatus.DONE || state.status() == BackfillStatus.WAITING;
                    historyCommitted = state.status() == BackfillStatus.DONE;
                } catch (CancelledException e) {
                    log.info("forward backfill of {} cancelled", portalId);
                } catch (RuntimeException e) {
                    fatal.onFatal("forward backfill of " + portalId, e);
                }
                // Still counted as running: another worker must not run the portal (or its listeners) meanwhile, or
                // a held receipt is applied twice and an out-of-order send races the next run.
                notifyFinished(portalId);
            } finally {
                boolean olderHistory = historyCommitted && hasOlderHistory(portalId);
                finish(portalId, ok, historyCommitted, olderHistory);
            }
        }
    }

    private void notifyFinished(String portalId) {
        try {
            for (java.util.function.Consumer<String> listener : finishedListeners) {
                listener.accept(portalId);
            }
        } catch (RuntimeException e) {
            fatal.onFatal("after the backfill of " + portalId, e);
        }
    }

    private boolean hasOlderHistory(String portalId) {
        try {
            return backward != null && backward.hasWork(portalId);
        } catch (RuntimeException e) {
            fatal.onFatal("backward backfill check of " + portalId, e);
            return false;
        }
    }

    /** One page of older history for a portal whose forward history is committed; queued again while more is left. */
    private void runHistoryPage(String portalId) {
        BackwardBackfill.PageResult result = BackwardBackfill.PageResult.FAILED;
        try {
            result = storeOutage.untilStored(WORK, () -> backward.runPage(portalId, cancel), cancel);
        } catch (CancelledException e) {
            log.info("backward backfill of {} cancelled", portalId);
        } catch (RuntimeException e) {
            fatal.onFatal("backward backfill of " + portalId, e);
        } finally {
            BackwardBackfill.PageResult outcome = result;
            locked(() -> {
                running.remove(portalId);
                if (outcome == BackwardBackfill.PageResult.MORE && !closed) {
                    history.add(portalId);
                }
                if (rerun.remove(portalId)) {
                    live.add(portalId);
                }
                changed.signalAll();
            });
        }
    }

    private void finish(String portalId, boolean ok, boolean historyCommitted, boolean olderHistory) {
        locked(() -> {
            running.remove(portalId);
            if (olderHistory && !closed) {
                history.add(portalId);
            }
            if (ok) {
                done.add(portalId);
                failed.remove(portalId);
            } else {
                failed.add(portalId);
            }
            if (rerun.remove(portalId)) {
                (historyCommitted ? live : waiting).add(portalId);
            }
            changed.signalAll();
        });
    }

    /** Takes no new portal; runs in progress finish within {@code grace}, then their workers are interrupted. */
    @Override
    public void stop(java.time.Duration grace) {
        locked(() -> {
            closed = true;
            changed.signalAll();
        });
        imbridge.core.lifecycle.Threads.awaitEnd(threads, grace, name());
    }

    /** As {@link #stop} with no deadline: every run in progress finishes first (tests rely on it). */
    @Override
    public void close() {
        stop(java.time.Duration.ofDays(1));
    }

    /** Runs {@code step} holding the queue's lock. */
    private void locked(Runnable step) {
        lock.lock();
        try {
            step.run();
        } finally {
            lock.unlock();
        }
    }

    private <T> T lockedGet(java.util.function.Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }
}
