package imbridge.core.live;

import imbridge.core.deletion.RecentlyDeletedPortals;
import imbridge.core.lifecycle.StoreOutage;
import imbridge.core.model.Guids;
import imbridge.core.model.LiveEvent;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.LiveInbox;
import imbridge.core.port.MatrixException;
import imbridge.core.sync.FatalErrorHandler;
import imbridge.core.sync.SyncGate;
import imbridge.core.util.CancellationToken;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the durable live inbox in append order, once the global gate is open (the first successful
 * sync pass: tombstones and known UUIDs are loaded before any live message can create a portal, behaviour.md T2/F12).
 * Messages pass {@link LiveMessageChecks}: a drop is logged at INFO with its reason and recorded in the
 * inbox; an admitted message goes into the cache and waits (HELD) until {@link LiveDelivery} sees it in
 * its room. Edits, unsends, receipts, renames and participant changes go to {@link LiveUpdates}.
 * A Matrix failure leaves the entry pending; it is retried on the next round.
 */
public final class LiveProcessor implements imbridge.core.lifecycle.Service, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveProcessor.class);
    private static final int BATCH = 200;
    private static final long IDLE_WAIT_MS = 250;
    /** A Matrix failure pauses the inbox this long before the entry is tried again. */
    private static final long FAILURE_PAUSE_MS = 1_000;
    /** After this many failed attempts an edit, unsend, receipt or rename is given up (messages never are). */
    private static final int MAX_ATTEMPTS = 5;
    /** Completed entries are kept this long (their keys absorb late re-deliveries), then forgotten. */
    private static final long KEEP_DONE_MS = java.time.Duration.ofDays(1).toMillis();

    private static final long PRUNE_EVERY_MS = java.time.Duration.ofMinutes(10).toMillis();

    private final LiveInbox inbox;
    private final LiveMessageChecks checks;
    private final LiveAdmission admission;
    private final LiveUpdates updates;
    private final LiveDelivery delivery;
    private final BridgeStore bridge;
    private final RecentlyDeletedPortals recentlyDeleted;
    private final SyncGate gate;
    private final FatalErrorHandler fatal;
    private final CancellationToken cancel;
    private final java.time.Clock clock;
    private long lastPruneMs;
    private final Map<String, AtomicLong> handled = new ConcurrentHashMap<>();
    private final Map<Long, Integer> failures = new ConcurrentHashMap<>();
    private final ReentrantLock signal = new ReentrantLock();
    private final Condition wakeUp = signal.newCondition();
    /** A wake() not yet consumed by a pause (guarded by {@code signal}): one that came while draining is not lost. */
    private boolean woken;

    private final StoreOutage storeOutage;
    private Thread thread;
    private volatile boolean closed;
    /** The gate opened and the backlog stored meanwhile has been handled once. */
    private volatile boolean caughtUp;

    private volatile java.util.function.BooleanSupplier backlogDelivered = () -> true;
    private volatile java.time.Duration maxBacklogWait = java.time.Duration.ZERO;
    private long gateOpenSeenMs = -1;

    public LiveProcessor(
            LiveInbox inbox,
            LiveMessageChecks checks,
            LiveAdmission admission,
            LiveUpdates updates,
            LiveDelivery delivery,
            BridgeStore bridge,
            RecentlyDeletedPortals recentlyDeleted,
            SyncGate gate,
            java.time.Clock clock,
            FatalErrorHandler fatal,
            CancellationToken cancel) {
        this(
                inbox,
                checks,
                admission,
                updates,
                delivery,
                bridge,
                recentlyDeleted,
                gate,
                clock,
                fatal,
                cancel,
                new StoreOutage(imbridge.core.util.Waiter.real()));
    }

    /** @param storeOutage pauses the processor while the database cannot take writes (shared with the other loops) */
    public LiveProcessor(
            LiveInbox inbox,
            LiveMessageChecks checks,
            LiveAdmission admission,
            LiveUpdates updates,
            LiveDelivery delivery,
            BridgeStore bridge,
            RecentlyDeletedPortals recentlyDeleted,
            SyncGate gate,
            java.time.Clock clock,
            FatalErrorHandler fatal,
            CancellationToken cancel,
            StoreOutage storeOutage) {
        this.storeOutage = storeOutage;
        this.clock = clock;
        this.inbox = inbox;
        this.checks = checks;
        this.admission = admission;
        this.updates = updates;
        this.delivery = delivery;
        this.bridge = bridge;
        this.recentlyDeleted = recentlyDeleted;
        this.gate = gate;
        this.fatal = fatal;
        this.cancel = cancel;
    }

    @Override
    public String name() {
        return "live-processor";
    }

    @Override
    public synchronized void start() {
        // Entries a previous run admitted but did not see into their rooms: their portals run again.
        inbox.held(null).stream().map(LiveInbox.Entry::portalId).distinct().forEach(delivery::admitted);
        thread = imbridge.core.lifecycle.Threads.startWorker(
                "live-processor", imbridge.core.util.UrgentWrites.of(this::loop));
    }

    /**
     * True once the gate is open and every event received before has been handled: from then on the cache holds
     * the live messages that arrived during the bootstrap, and backfills may start.
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Caught up also needs the source's backlog (what it re-delivers after a restart) to be in the inbox; a source
     * that cannot deliver it within {@code maxWait} of the gate opening is not waited for any longer (WARN).
     */
    public void waitForBacklog(java.util.function.BooleanSupplier delivered, java.time.Duration maxWait) {
        this.backlogDelivered = delivered;
        this.maxBacklogWait = maxWait;
    }

    /** Whether everything the source held for us is in the inbox (or we stopped waiting for it). */
    private boolean backlogIn() {
        if (backlogDelivered.getAsBoolean()) {
            return true;
        }
        long now = clock.millis();
        if (gateOpenSeenMs < 0) {
            gateOpenSeenMs = now;
        }
        if (now - gateOpenSeenMs < maxBacklogWait.toMillis()) {
            return false;
        }
        log.warn(
                "live: the push source delivered no backlog signal within {} ms of the gate opening; backfills "
                        + "start anyway (a message it re-delivers later may land after newer history)",
                maxBacklogWait.toMillis());
        backlogDelivered = () -> true;
        return true;
    }

    /** New entries were appended. */
    public void wake() {
        signal.lock();
        try {
            woken = true;
            wakeUp.signalAll();
        } finally {
            signal.unlock();
        }
    }

    /** Events handled so far by kind and outcome ({@code MESSAGE:ADMITTED}, {@code TYPING:IGNORED} …). */
    public Map<String, Long> handledCounts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        handled.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void loop() {
        while (!closed && !cancel.isCancelled()) {
            try {
                // An entry whose handling the database refused stays pending and is handled again after the pause.
                storeOutage.untilStored("live inbox", this::step, cancel);
            } catch (imbridge.core.util.CancelledException e) {
                return;
            } catch (RuntimeException e) {
                fatal.onFatal("live processor", e);
                return;
            }
        }
    }

    private Void step() {
        boolean open = gate.isOpen();
        boolean backlogIn = caughtUp || (open && backlogIn()); // read before draining
        int n = open ? drainOnce() : 0;
        if (n == 0 && open && backlogIn) {
            caughtUp = true;
        }
        if (n == 0) {
            pruneNowAndThen();
            pause(IDLE_WAIT_MS);
        }
        return null;
    }

    /** Handles one batch of pending entries; returns how many. */
    int drainOnce() {
        List<LiveInbox.Entry> pending = inbox.pending(BATCH);
        for (LiveInbox.Entry entry : pending) {
            if (closed || cancel.isCancelled()) {
                break;
            }
            try {
                delivery.taken(entry);
                handle(entry);
                failures.remove(entry.id());
            } catch (MatrixException e) {
                int attempts = failures.merge(entry.id(), 1, Integer::sum);
                if (attempts >= MAX_ATTEMPTS && entry.event().kind() != LiveEvent.Kind.MESSAGE) {
                    failures.remove(entry.id());
                    drop(entry, LiveDropReason.MATRIX_REFUSED, "", e.getMessage());
                } else {
                    log.warn(
                            "live: Matrix failure on seq={} (attempt {}), the entry stays pending: {}",
                            entry.event().seq(),
                            attempts,
                            e.getMessage());
                    pause(FAILURE_PAUSE_MS);
                    return 0; // the inbox is ordered: retry this entry before any later one
                }
            }
        }
        return pending.size();
    }

    private void handle(LiveInbox.Entry entry) throws MatrixException {
        LiveEvent e = entry.event();
        switch (e.kind()) {
            case MESSAGE -> message(entry);
            case EDIT -> holdForRoom(entry, updates.edit(e));
            case UNSEND -> holdForRoom(entry, updates.unsend(e));
            case READ_RECEIPT -> holdForRoom(entry, updates.readReceipt(e));
            case RENAME -> finish(entry, updates.rename(e));
            case PARTICIPANTS -> finish(entry, updates.participants(e));
            case CHAT_DELETE -> finish(entry, LiveDropReason.APPLE_CHAT_DELETE_IGNORED);
            case TYPING, DELIVERED -> {
                count(e, "IGNORED");
                inbox.complete(entry.id()); // presence, not content: nothing is lost by not bridging it
            }
        }
    }

    private void message(LiveInbox.Entry entry) {
        LiveEvent e = entry.event();
        LiveDecision decision = checks.check(e);
        switch (decision) {
            case LiveDecision.Drop drop -> drop(entry, drop.reason(), drop.portalId(), drop.detail());
            case LiveDecision.Admit admit -> {
                if (admit.revive()) {
                    log.info(
                            "live: new message guid={} for deleted portal={} after start-up: a genuinely new "
                                    + "conversation, it gets a fresh room",
                            e.guid(),
                            admit.portalId());
                    recentlyDeleted.clear(admit.portalId());
                    bridge.clearPortalDeleted(admit.portalId());
                }
                admission.admit(e, admit.portalId());
                inbox.hold(entry.id(), admit.portalId());
                count(e, "ADMITTED");
                delivery.admitted(entry, admit.portalId());
            }
        }
    }

    private void pruneNowAndThen() {
        long now = clock.millis();
        if (now - lastPruneMs >= PRUNE_EVERY_MS) {
            lastPruneMs = now;
            int forgotten = inbox.forgetDoneBefore(now - KEEP_DONE_MS);
            if (forgotten > 0) {
                log.info("live: forgot {} inbox entries completed more than a day ago", forgotten);
            }
        }
    }

    /** Cache changed; the room changes after the target portal's next run ({@link LiveDelivery}). */
    private void holdForRoom(LiveInbox.Entry entry, LiveDropReason dropped) {
        String portalId = dropped == null ? checks.portalOfTarget(entry.event()).orElse(null) : null;
        if (portalId == null || recentlyDeleted.contains(portalId)) { // a deleted conversation's room is gone
            finish(entry, dropped);
            return;
        }
        inbox.hold(entry.id(), portalId);
        count(entry.event(), "HELD");
        delivery.admitted(portalId);
    }

    private void finish(LiveInbox.Entry entry, LiveDropReason dropped) {
        if (dropped == null) {
            count(entry.event(), "APPLIED");
            inbox.complete(entry.id());
        } else {
            drop(entry, dropped, "", "");
        }
    }

    private void drop(LiveInbox.Entry entry, LiveDropReason reason, String portalId, String detail) {
        LiveEvent e = entry.event();
        log.info(
                "live drop reason={} kind={} guid={} portal={} seq={}{}",
                reason,
                e.kind(),
                e.guid() == null ? "" : Guids.normalize(e.guid()),
                portalId,
                e.seq(),
                detail.isEmpty() ? "" : " (" + detail + ")");
        inbox.drop(entry.id(), reason.name());
        delivery.dropped(entry);
        count(e, "DROPPED");
    }

    private void count(LiveEvent e, String outcome) {
        handled.computeIfAbsent(e.kind() + ":" + outcome, k -> new AtomicLong()).incrementAndGet();
    }

    private void pause(long ms) {
        signal.lock();
        try {
            if (!woken) {
                wakeUp.await(ms, TimeUnit.MILLISECONDS); // woken early by wake() and close()
            }
            woken = false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            signal.unlock();
        }
    }

    /** Finishes the entry in hand within {@code grace} (an entry left unfinished is handled again at start). */
    @Override
    public void stop(java.time.Duration grace) {
        closed = true;
        wake();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                if (!t.join(grace)) {
                    t.interrupt();
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop(java.time.Duration.ofSeconds(5));
    }
}
