package imbridge.core.sync;

import imbridge.core.deletion.RecentlyDeletedPortals;
import imbridge.core.lifecycle.Service;
import imbridge.core.lifecycle.StoreOutage;
import imbridge.core.lifecycle.Threads;
import imbridge.core.model.Zone;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.portal.PortalDiscovery;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Ticker;
import imbridge.core.util.Waiter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One per login, on its own thread (behaviour.md §4.2–§4.11, with the plan's corrections):
 * <ol>
 * <li>detect the bootstrap state (fresh / interrupted / existing, with version markers);</li>
 * <li>run the bootstrap pass until it succeeds; a failed pass waits {@code bootstrapRetryInterval}
 *     and never opens the gate (behaviour.md T2, F12);</li>
 * <li>in this order: soft-delete the skip list, discover portals, open the gate, housekeeping;</li>
 * <li>the delayed incremental re-syncs, inline on this thread with the login's live cancellation
 *     token (behaviour.md W10, F9), each discovering portals that appeared late; one failing does not stop the
 * next.</li>
 * </ol>
 * Every wait is cancellable; unexpected exceptions go to the {@link FatalErrorHandler} (behaviour.md T1).
 */
public final class SyncController implements Service, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyncController.class);
    static final String VERSION = "_version";
    static final String CHAT_VERSION = "_chat_version";
    static final int CURRENT_VERSION = 4;
    static final int CURRENT_CHAT_VERSION = 2;
    /** What pauses while the database cannot take writes (for the operator's log line). */
    private static final String WORK = "sync";

    /** Observes the controller's milestones (demo progress, tests, metrics). */
    public interface Listener {
        Listener NONE = new Listener() {};

        default void bootstrapComplete(SyncPassResult result) {}

        default void resyncComplete(int index, SyncPassResult result) {}

        default void resyncFailed(int index, Exception error) {}

        /** All delayed re-syncs ran (or the controller was cancelled). */
        default void finished() {}
    }

    private final String loginId;
    private final SyncPass pass;
    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final SyncSettings settings;
    private final Waiter waiter;
    private final SyncGate gate;
    private final RecentlyDeletedPortals recentlyDeleted;
    private final PortalDiscovery discovery;
    private final FatalErrorHandler fatal;
    private final CancellationToken cancel;
    private final Listener listener;
    private final Ticker ticker;
    private final StoreOutage storeOutage;
    private final CountDownLatch finished = new CountDownLatch(1);
    private Thread thread;

    public SyncController(
            String loginId,
            SyncPass pass,
            CloudStore cloud,
            BridgeStore bridge,
            SyncSettings settings,
            Waiter waiter,
            SyncGate gate,
            RecentlyDeletedPortals recentlyDeleted,
            PortalDiscovery discovery,
            FatalErrorHandler fatal,
            CancellationToken cancel,
            Listener listener) {
        this(
                loginId,
                pass,
                cloud,
                bridge,
                settings,
                waiter,
                gate,
                recentlyDeleted,
                discovery,
                fatal,
                cancel,
                listener,
                Ticker.SYSTEM,
                new StoreOutage(waiter));
    }

    /**
     * @param ticker times the housekeeping steps for the log
     * @param storeOutage pauses the controller while the database cannot take writes (shared with the other loops)
     */
    public SyncController(
            String loginId,
            SyncPass pass,
            CloudStore cloud,
            BridgeStore bridge,
            SyncSettings settings,
            Waiter waiter,
            SyncGate gate,
            RecentlyDeletedPortals recentlyDeleted,
            PortalDiscovery discovery,
            FatalErrorHandler fatal,
            CancellationToken cancel,
            Listener listener,
            Ticker ticker,
            StoreOutage storeOutage) {
        this.loginId = loginId;
        this.pass = pass;
        this.cloud = cloud;
        this.bridge = bridge;
        this.settings = settings;
        this.waiter = waiter;
        this.gate = gate;
        this.recentlyDeleted = recentlyDeleted;
        this.discovery = discovery;
        this.fatal = fatal;
        this.cancel = cancel;
        this.listener = listener;
        this.ticker = ticker;
        this.storeOutage = storeOutage;
    }

    @Override
    public String name() {
        return "sync-controller";
    }

    /** Runs the whole lifecycle ({@link #run()}) on the controller's own thread. */
    @Override
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = Threads.startWorker("sync-controller-" + loginId, this::runGuarded);
    }

    /** Waits until the controller has run its re-syncs or was cancelled. */
    public void awaitFinished() throws CancelledException {
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    private void runGuarded() {
        MDC.put("login", loginId);
        MDC.put("phase", "sync");
        try {
            run();
        } catch (CancelledException e) {
            log.info("sync controller stopped");
        } catch (Throwable t) {
            fatal.onFatal("sync controller of login " + loginId, t); // behaviour.md T1: no catch-all recovery
        } finally {
            finished.countDown();
            listener.finished();
            MDC.clear();
        }
    }

    /** The whole lifecycle on the calling thread; {@link #start()} runs it on the controller's own thread. */
    public void run() throws CancelledException {
        // Each step pauses while the database cannot take writes and then runs again: every one resumes from what
        // the store holds (tokens committed with their pages, idempotent discovery), so a repeat adds nothing.
        BootstrapState state = storeOutage.untilStored(WORK, this::detectBootstrapState, cancel);
        SyncPassResult result = bootstrapUntilSuccess();
        storeOutage.untilStored(
                WORK,
                () -> {
                    if (result.totalRecords() > 0) {
                        cloud.setVersionMarker(VERSION, CURRENT_VERSION);
                        cloud.setVersionMarker(CHAT_VERSION, CURRENT_CHAT_VERSION);
                    } else {
                        log.warn("CloudKit bootstrap ({}) returned 0 records; version markers not saved", state);
                    }
                    afterBootstrap();
                    return null;
                },
                cancel);
        listener.bootstrapComplete(result);
        runDelayedResyncs();
    }

    BootstrapState detectBootstrapState() {
        boolean hasOwnPortal = bridge.portals().stream().anyMatch(p -> p.roomId() != null);
        if (!hasOwnPortal && !cloud.hasAnySyncState()) {
            log.info("bootstrap state: fresh (no portal, no sync state): clearing cached cloud data");
            cloud.clearAllData();
            return BootstrapState.FRESH;
        }
        if (!hasOwnPortal) {
            log.info(
                    "bootstrap state: interrupted: resuming from saved tokens (chats={}, messages={}, attachments={})",
                    cloud.syncToken(Zone.CHATS).isPresent(),
                    cloud.syncToken(Zone.MESSAGES).isPresent(),
                    cloud.syncToken(Zone.ATTACHMENTS).isPresent());
            return BootstrapState.INTERRUPTED;
        }
        int version = cloud.versionMarker(VERSION);
        if (version < CURRENT_VERSION) {
            log.info(
                    "bootstrap state: existing, sync version {} < {}: one-time full re-download",
                    version,
                    CURRENT_VERSION);
            cloud.clearSyncTokens();
        } else if (cloud.versionMarker(CHAT_VERSION) < CURRENT_CHAT_VERSION) {
            log.info("bootstrap state: existing, chat version old: one-time chat re-download");
            cloud.clearSyncToken(Zone.CHATS);
        } else {
            log.info("bootstrap state: existing: incremental sync");
        }
        return BootstrapState.EXISTING;
    }

    private SyncPassResult bootstrapUntilSuccess() throws CancelledException {
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                SyncPassResult result = storeOutage.untilStored(WORK, () -> pass.run(cancel), cancel);
                log.info("CloudKit bootstrap pass complete after {} attempt(s): {}", attempt, result);
                return result;
            } catch (SyncFailedException e) {
                log.error(
                        "CloudKit sync failed, will retry in {} s (gate stays closed): {}",
                        settings.bootstrapRetryInterval().toSeconds(),
                        e.getMessage(),
                        e);
                waiter.await(settings.bootstrapRetryInterval(), cancel);
            }
        }
    }

    /** Strict order (behaviour.md §4.8): skip list, discovery, gate, housekeeping. */
    private void afterBootstrap() {
        Set<String> skip = recentlyDeleted.snapshot();
        for (String portalId : skip) {
            cloud.softDeletePortal(portalId); // messages imported for chats tombstoned earlier in the same pass
        }
        log.info("post-bootstrap: soft-deleted {} recently deleted portal(s)", skip.size());
        discovery.discover(skip);
        gate.open();
        log.info("CloudKit bootstrap complete: gate open");
        recentlyDeleted.prune();
        housekeeping();
    }

    private void housekeeping() {
        refreshStatistics("bootstrap");
        try {
            int cache = cloud.pruneAttachmentCache();
            int orphans = cloud.purgeSoftDeletedOrphans();
            log.info(
                    "housekeeping: pruned {} attachment cache entries, purged {} soft-deleted orphan messages",
                    cache,
                    orphans);
        } catch (RuntimeException e) {
            log.warn("housekeeping failed (best effort): {}", e.toString());
        }
    }

    /**
     * After a bulk load the planner's statistics are missing (SQLite) or stale (PostgreSQL), and a page can then be
     * planned as a scan of the whole account. Best effort: plans without statistics are slower, not wrong.
     */
    private void refreshStatistics(String after) {
        long started = ticker.nanos();
        try {
            cloud.refreshStatistics();
            log.info("database statistics refreshed after {} in {} ms", after, ticker.millisSince(started));
        } catch (RuntimeException e) {
            log.warn("refreshing database statistics after {} failed (best effort): {}", after, e.toString());
        }
    }

    private void runDelayedResyncs() throws CancelledException {
        int index = 0;
        for (Duration delay : settings.resyncDelays()) {
            index++;
            waiter.await(delay, cancel);
            try {
                SyncPassResult result = storeOutage.untilStored(WORK, () -> pass.run(cancel), cancel);
                refreshStatistics("re-sync " + index);
                PortalDiscovery.Result found = storeOutage.untilStored(WORK, this::afterResync, cancel);
                log.info(
                        "delayed re-sync {} of {} complete: {}; {}",
                        index,
                        settings.resyncDelays().size(),
                        result,
                        found);
                listener.resyncComplete(index, result);
            } catch (SyncFailedException e) {
                log.warn("delayed re-sync {} failed, the next one still runs: {}", index, e.getMessage());
                listener.resyncFailed(index, e);
            }
        }
    }

    private PortalDiscovery.Result afterResync() {
        cloud.setVersionMarker(CHAT_VERSION, CURRENT_CHAT_VERSION);
        Set<String> skip = recentlyDeleted.snapshot();
        skip.forEach(cloud::softDeletePortal);
        return discovery.discover(skip);
    }

    /**
     * Waits up to {@code grace} for the controller thread to end (the login's cancellation token, which its owner
     * cancels, ends every wait of the controller); then interrupts it, which ends its current wait or page as a
     * cancellation, and waits for it to end.
     */
    @Override
    public void stop(Duration grace) {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            Threads.awaitEnd(List.of(t), grace, name());
        }
    }

    /** Waits for the controller thread to end, without a deadline; the login's token is cancelled by its owner. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
