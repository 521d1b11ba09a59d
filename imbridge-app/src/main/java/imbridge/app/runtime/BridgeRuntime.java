package imbridge.app.runtime;

// Over 400 lines on purpose: the one file that wires a login's services in order (the class comment says why).

import imbridge.app.commands.BridgeEngine;
import imbridge.app.commands.MatrixSide;
import imbridge.app.commands.RuntimeCommands;
import imbridge.app.config.BridgeConfig;
import imbridge.app.metrics.BridgeMetrics;
import imbridge.app.metrics.RuntimeMeters;
import imbridge.core.attachment.AttachmentFailure;
import imbridge.core.attachment.AttachmentLedger;
import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.backfill.BackfillQueue;
import imbridge.core.backfill.BackfillSummary;
import imbridge.core.backfill.BackwardBackfill;
import imbridge.core.backfill.ForwardBackfill;
import imbridge.core.backfill.HistorySplit;
import imbridge.core.backfill.MessagePartPlanner;
import imbridge.core.deletion.MatrixSideDeleter;
import imbridge.core.deletion.PortalDeleter;
import imbridge.core.deletion.RecentlyDeletedPortals;
import imbridge.core.lifecycle.Service;
import imbridge.core.lifecycle.Services;
import imbridge.core.live.HistoryChanges;
import imbridge.core.port.BackwardTasks;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudSource;
import imbridge.core.port.CloudStore;
import imbridge.core.port.MatrixException;
import imbridge.core.portal.PortalDiscovery;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.portal.PortalRooms;
import imbridge.core.sync.FatalErrorHandler;
import imbridge.core.sync.SyncController;
import imbridge.core.sync.SyncGate;
import imbridge.core.sync.SyncPass;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import imbridge.matrix.AppserviceGateway;
import imbridge.matrix.AppserviceServer;
import imbridge.matrix.HomeserverCapabilities;
import imbridge.matrix.MatrixConfig;
import imbridge.store.Database;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one login's bridge from the config: store, CloudKit client, Matrix layer and engine.
 * {@link #start()} opens the store and the appservice and does the homeserver handshake;
 * {@link #initialSync} runs the bootstrap pass and then the forward backfill of every portal.
 * <p>
 * Longer than 400 lines on purpose: it is the one place where a login's parts are built and registered as
 * {@link Service}s, in dependency order; split over several files, that order would no longer be visible at once.
 * Everything with rules of its own lives elsewhere (OnDemandSync, OwnerMessagesToLive, LiveRuntime, the core).
 */
public final class BridgeRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BridgeRuntime.class);

    private final BridgeConfig config;
    private final BackfillProgress progress;
    private final FatalErrorHandler fatal;
    private final Clock clock = Clock.systemUTC();
    private final Waiter waiter;
    /** Pauses the sync, backfill and live loops while the database cannot take writes; told once per outage. */
    private final imbridge.core.lifecycle.StoreOutage storeOutage;
    /**
     * One client per side: a client reads all its connections on one selector thread, and the history side's dozens
     * of concurrent asset downloads (some stalled) must not delay the homeserver's answers to the backfill's sends.
     */
    private final HttpClient homeserverHttp = httpClient();

    private final HttpClient historyHttp = httpClient();

    /** How long each part may take to finish what it has in hand at shutdown before it is forced. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** The store and the Matrix side: up from {@link #start} until {@link #close}. */
    private final Services connection = new Services("connection");
    /** The history source, attachments, backfill and live path of the current engine; rebuilt with it. */
    private Services engineServices = new Services("engine");

    private Database database;
    private AppserviceServer appserviceServer;
    private imbridge.app.operator.OperatorServer operatorServer;
    private AppserviceGateway gateway;
    private volatile AttachmentPipeline attachments;
    private java.util.concurrent.ScheduledExecutorService watchdog;
    private volatile imbridge.core.backfill.StallHook stallHook = imbridge.core.backfill.StallHook.NONE;
    /** How often the backfill stall watchdog looks at the heartbeat. */
    private static final Duration WATCHDOG_TICK = Duration.ofSeconds(5);

    private CloudStore cloudStore;
    private BridgeStore bridgeStore;
    private imbridge.store.SqlPortalProgress portalProgress;
    private RuntimeMeters runtimeMeters;
    private HomeserverCapabilities capabilities;
    private MatrixSide matrixSide;
    /** Built at the first initial sync, kept until close: {@code backfill} and {@code sync} work any time after. */
    private volatile Engine engine;
    /** The history source of the current engine (CloudKit, or a local chat.db / backup), closed with it. */
    private HistorySources.Opened history;
    /** One sync pass at a time: the start-up sync (its whole lifecycle) or one on-demand sync. */
    private final java.util.concurrent.Semaphore syncLock = new java.util.concurrent.Semaphore(1);

    private volatile boolean startupSyncRunning;
    private final SyncGate gate = new SyncGate();
    private final RecentlyDeletedPortals recentlyDeleted = new RecentlyDeletedPortals(clock, Duration.ofHours(24));
    /** Live messages older than this from deleted conversations are stale echoes (behaviour.md §7.3 step 6a). */
    private volatile long startupMs;

    private volatile LiveRuntime live;
    private volatile imbridge.core.live.OutgoingMessages outgoing;
    /** The bridge's metrics (README "Metrics"); {@code /metrics} serves {@link BridgeMetrics#scrape()}. */
    private final BridgeMetrics metrics = new BridgeMetrics();

    private final io.micrometer.core.instrument.MeterRegistry meters = metrics.registry();
    private final imbridge.core.sync.SyncMeters syncMeters = new imbridge.core.sync.SyncMeters(meters);

    public BridgeRuntime(BridgeConfig config, BackfillProgress progress, FatalErrorHandler fatal) {
        this(config, progress, fatal, Waiter.real());
    }

    /** As above, with every wait of the runtime going through {@code waiter} (tests that watch or steer them). */
    BridgeRuntime(BridgeConfig config, BackfillProgress progress, FatalErrorHandler fatal, Waiter waiter) {
        this.config = config;
        this.progress = progress;
        this.fatal = fatal;
        this.waiter = waiter;
        this.storeOutage = new imbridge.core.lifecycle.StoreOutage(waiter);
        imbridge.app.logging.LoggingSetup.registerSecrets(config); // in every log line, whoever configured logback
    }

    public void start() throws MatrixException {
        try {
            start(new CancellationToken());
        } catch (CancelledException e) {
            throw new IllegalStateException("a start nobody can stop was stopped", e);
        }
    }

    /**
     * As {@link #start()}, ended by {@code stop}: a stop requested meanwhile (SIGTERM while an unreachable homeserver
     * is retried for minutes) closes the Matrix client, which ends its retry waits at once, and start throws
     * {@link CancelledException}. What was started is stopped by {@link #close()}, as after any failed start.
     */
    public void start(CancellationToken stop) throws MatrixException, CancelledException {
        stop.throwIfCancelled();
        startupMs = clock.millis();
        database = Database.open(StoreConfigs.of(config.database()));
        startConnection(Service.closing("database", database));
        cloudStore = database.cloudStore(config.bridge().loginId());
        bridgeStore = database.bridgeStore(config.bridge().loginId());
        portalProgress = database.portalProgress(config.bridge().loginId());
        recentlyDeleted.seed(bridgeStore.deletedPortals());
        registerMeters();
        MatrixConfig matrixConfig = MatrixConfigs.of(config);
        gateway = new AppserviceGateway(
                matrixConfig, homeserverHttp, waiter, config.bridge().ownerView());
        CancellationToken.Reaction closeOnStop = stop.onCancel(gateway::close);
        try {
            startMatrixSide(matrixConfig);
        } catch (MatrixException | RuntimeException e) {
            stop.throwIfCancelled(); // the stop closed the gateway: that is why the start failed
            throw e;
        } finally {
            closeOnStop.close();
        }
        stop.throwIfCancelled();
    }

    /** Commands, the appservice server, the handshake and the Matrix side, after the gateway was built. */
    private void startMatrixSide(MatrixConfig matrixConfig) throws MatrixException {
        RuntimeCommands commands = new RuntimeCommands(
                        bridgeStore,
                        cloudStore,
                        gate,
                        database.matrixInbox(),
                        new CommandEngine(),
                        database.chatRestore(config.bridge().loginId()),
                        recentlyDeleted)
                .withBackwardTasks(database.backwardTasks(config.bridge().loginId()))
                .withPortalProgress(portalProgress);
        if (config.live().enabled()) {
            commands.withLiveInbox(database.liveInbox(config.bridge().loginId()));
        }
        MatrixSideDeleter matrixSideDeleter = new MatrixSideDeleter(
                cloudStore,
                bridgeStore,
                gateway,
                recentlyDeleted,
                clock,
                config.bridge().owner());
        matrixSide = new MatrixSide(
                matrixConfig,
                database,
                gateway,
                commands,
                matrixSideDeleter,
                clock,
                new OwnerMessagesToLive(bridgeStore, gateway, config, () -> outgoing));
        startOperatorListener(commands);
        appserviceServer = new AppserviceServer(
                matrixConfig, matrixSide.transactionHandler(), database.transactionLog(), database.eventQuarantine());
        appserviceServer.recordTo(meters);
        gateway.recordTo(meters);
        // The server listens before the handshake (the homeserver pings it). At shutdown the inbox worker stops
        // first; transactions that still arrive are stored in the durable inbox and handled at the next start.
        startConnection(appserviceServer);
        startConnection(Service.of(
                "homeserver",
                () -> capabilities = gateway.start(config.homeserver().ignoreUnsupportedServer()),
                gateway::close));
        log.info("connected to homeserver {} as {}", config.homeserver().address(), capabilities);
        startConnection(Service.of("matrix-side", matrixSide::start, matrixSide::close));
    }

    /** The dashboard, admin API and /metrics ({@code metrics.listen}); up before the handshake, for its progress. */
    private void startOperatorListener(RuntimeCommands commands) throws MatrixException {
        if (!config.operator().enabled()) {
            return;
        }
        operatorServer = new imbridge.app.operator.OperatorServer(
                config.operator(),
                new imbridge.app.operator.OperatorSources(
                        commands,
                        bridgeStore,
                        cloudStore,
                        portalProgress,
                        database.attachmentLedger(config.bridge().loginId()),
                        config.live().enabled()
                                ? database.liveInbox(config.bridge().loginId())
                                : null,
                        config.backfill().maxAttachmentRetries(),
                        this::health,
                        clock),
                metrics::scrape,
                database.eventQuarantine());
        startConnection(operatorServer);
    }

    /** The operator listener's bound port (the config's may be 0); fails when it is disabled or not started. */
    public int operatorPort() {
        if (operatorServer == null) {
            throw new IllegalStateException("the operator listener is disabled or not started");
        }
        return operatorServer.port();
    }

    /** The store's pools and the meters read from the runtime's state at each scrape. */
    private void registerMeters() {
        database.recordTo(meters);
        for (var kind : imbridge.core.port.StoreUnavailableException.Kind.values()) {
            meters.gauge(
                    "imbridge.store.unavailable",
                    io.micrometer.core.instrument.Tags.of("kind", kind.tag()),
                    storeOutage,
                    outage -> outage.unavailable(kind));
        }
        runtimeMeters = RuntimeMeters.register(
                metrics,
                new RuntimeMeters.Sources(
                        gate,
                        portalProgress::portalsByStatus,
                        this::attachmentStats,
                        () -> {
                            AttachmentPipeline a = attachments;
                            return a == null ? 0 : a.inFlight();
                        },
                        () -> java.util.Optional.ofNullable(live)));
    }

    private void startConnection(Service service) throws MatrixException {
        try {
            connection.start(service);
        } catch (MatrixException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(service.name() + " failed to start", e);
        }
    }

    /** Starts a part of the engine; a failure stops the engine's parts started before it. */
    private <S extends Service> S startEngine(S service) {
        try {
            return engineServices.start(service);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(service.name() + " failed to start", e);
        }
    }

    /**
     * The sync controller's whole lifecycle on the calling thread (bootstrap until it succeeds,
     * discovery, gate, housekeeping, the delayed re-syncs), with forward backfills running beside
     * it; returns once the last re-sync ran and every queued backfill finished.
     */
    public InitialSyncResult initialSync(CancellationToken cancel) throws CancelledException {
        return initialSync(cancel, SyncController.Listener.NONE);
    }

    public InitialSyncResult initialSync(CancellationToken cancel, SyncController.Listener listener)
            throws CancelledException {
        Engine e = engine(cancel);
        syncLock.acquireUninterruptibly();
        startupSyncRunning = true;
        try {
            SyncController controller = new SyncController(
                    config.bridge().loginId(),
                    e.pass,
                    cloudStore,
                    bridgeStore,
                    config.cloudkit().sync(),
                    waiter,
                    gate,
                    recentlyDeleted,
                    e.discovery,
                    fatal,
                    cancel,
                    listener,
                    imbridge.core.util.Ticker.SYSTEM,
                    storeOutage);
            controller.run();
            // No sync is scheduled any more: messages still missing attachment records go without them.
            e.syncsPending.set(false);
            storeOutage.untilStored("sync", () -> e.discovery.discover(recentlyDeleted.snapshot()), cancel);
        } finally {
            startupSyncRunning = false;
            syncLock.release();
        }
        e.queue.awaitIdle();
        return new InitialSyncResult(e.queue.summary());
    }

    /**
     * One incremental sync pass now (what the {@code sync} command and the periodic sync run), then waits for
     * the backfills it queued. Returns the pass's summary in words.
     */
    public String syncNow(CancellationToken cancel) throws CancelledException {
        Engine e = engine(cancel);
        String outcome;
        syncLock.acquireUninterruptibly();
        try {
            outcome = OnDemandSync.run(e.pass, e.discovery, cloudStore, recentlyDeleted, e.cancel);
        } finally {
            syncLock.release();
        }
        e.queue.awaitIdle();
        return outcome;
    }

    /**
     * Waits until the live inbox has nothing pending or held and no backfill runs, checking every
     * {@code poll}; false when {@code max} passed first.
     */
    public boolean awaitLiveSettled(Duration max, Duration poll, CancellationToken cancel) throws CancelledException {
        long deadline = clock.millis() + max.toMillis();
        while (true) {
            Engine e = engine;
            LiveRuntime.Snapshot s = liveSnapshot().orElse(null);
            boolean liveIdle = s == null || (s.pending() == 0 && s.held() == 0);
            if (liveIdle && e != null && e.queue.isIdle()) {
                return true;
            }
            if (clock.millis() >= deadline) {
                return false;
            }
            waiter.await(poll, cancel);
        }
    }

    /** The sync pass, discovery and backfill queue; built once per login cancellation token, closed in close(). */
    private record Engine(
            CancellationToken cancel,
            SyncPass pass,
            PortalDiscovery discovery,
            BackfillQueue queue,
            AtomicBoolean syncsPending) {}

    private synchronized Engine engine(CancellationToken cancel) {
        if (engine != null && engine.cancel == cancel) {
            return engine;
        }
        return rebuildEngine(cancel, true);
    }

    private synchronized Engine rebuildEngine(CancellationToken cancel, boolean syncsStillPending) {
        closeEngine();
        BridgeConfig.CloudKit ck = config.cloudkit();
        engineServices = new Services("engine");
        history = HistorySources.open(config, historyHttp);
        // Registered first, stopped last: the attachment pipeline reads files through it until it closed.
        startEngine(Service.closing("history-source", history::close));
        gateway.useContacts(history.contacts());
        CloudSource source = history.source();
        PortalIdResolver resolver = new PortalIdResolver(config.bridge().ownHandles());
        PortalDeleter deleter = new PortalDeleter(bridgeStore, gateway, recentlyDeleted, clock);
        SyncPass pass = new SyncPass(
                source, cloudStore, resolver, ck.sync(), waiter, clock, recentlyDeleted, deleter::onChatTombstone);
        pass.recordTo(syncMeters);

        imbridge.core.backfill.BackfillSettings bf = config.backfill();
        imbridge.core.backfill.BackfillMonitor monitor = new imbridge.core.backfill.BackfillMonitor(
                clock,
                bf.stallTimeout(),
                bf.progressLogInterval(),
                report -> stallHook.onStall(report),
                () -> attachments == null ? 0 : attachments.inFlight());
        attachments = new AttachmentPipeline(
                source,
                gateway,
                database.attachmentLedger(config.bridge().loginId()),
                new AttachmentPipeline.Settings(
                        bf.attachmentConcurrency(),
                        bf.attachmentTimeout(),
                        bf.maxAttachmentRetries(),
                        bf.attachmentRetryDelay()),
                clock,
                waiter,
                monitor::beat);
        attachments.recordTo(meters);
        startEngine(attachments);
        startEngine(Service.of(
                "backfill-watchdog",
                () -> {
                    watchdog = imbridge.core.lifecycle.Threads.scheduledWorker("backfill-watchdog");
                    monitor.start(watchdog, WATCHDOG_TICK);
                },
                () -> watchdog.shutdownNow()));
        MessagePartPlanner planner =
                new MessagePartPlanner(config.bridge().ownHandles().get(0));
        PortalRooms rooms = new PortalRooms(cloudStore, bridgeStore, gateway, resolver, history.contacts());
        AtomicBoolean syncsPending = new AtomicBoolean(syncsStillPending);
        ForwardBackfill.Options forwardOptions = ForwardBackfill.Options.defaults(clock)
                .withDeleted(recentlyDeleted::contains, syncsPending::get)
                .withMonitor(monitor);
        BackwardBackfill backward = null; // history can only be inserted above a room with batch send
        if (gateway.batchSendingSupported()) {
            BackwardTasks tasks = database.backwardTasks(config.bridge().loginId());
            backward = new BackwardBackfill(
                    cloudStore,
                    bridgeStore,
                    tasks,
                    gateway,
                    attachments,
                    planner,
                    bf.backward(),
                    clock,
                    monitor,
                    recentlyDeleted::contains);
            forwardOptions = forwardOptions.withOlderHistory(
                    new HistorySplit(cloudStore, tasks, gateway::batchSendingSupported, bf.backward(), clock),
                    backward);
        }
        ForwardBackfill forward = new ForwardBackfill(
                cloudStore,
                bridgeStore,
                gateway,
                rooms,
                attachments,
                planner,
                config.backfill(),
                clock,
                progress,
                forwardOptions);
        BackfillQueue queue = startEngine(
                new BackfillQueue(forward, backward, bf.maxConcurrentForward(), fatal, cancel, storeOutage));
        PortalDiscovery discovery = new PortalDiscovery(cloudStore, bridgeStore, recentlyDeleted, queue);
        imbridge.core.backfill.OlderGapRepair olderGaps = new imbridge.core.backfill.OlderGapRepair(
                cloudStore, bridgeStore, planner, queue, forward::sendNow, backward);
        HistoryChanges changes = new HistoryChanges(
                cloudStore,
                bridgeStore,
                gateway,
                gateway,
                config.bridge().ownHandles().get(0));
        pass.onMessagesIngested(rows -> {
            olderGaps.pageIngested(rows);
            changes.pageIngested(rows);
        });
        pass.onMessageTombstones(changes::tombstoned);
        queue.onPortalFinished(olderGaps::portalFinished);
        engine = new Engine(cancel, pass, discovery, queue, syncsPending);
        if (config.live().enabled() && history.live().isPresent()) {
            startLive(history.live().get(), forward, queue, planner, resolver, cancel);
        }
        return engine;
    }

    /** The live path: from now on events are stored; they are handled once the gate opens. */
    private void startLive(
            imbridge.core.port.LiveSource source,
            ForwardBackfill forward,
            BackfillQueue queue,
            MessagePartPlanner planner,
            PortalIdResolver resolver,
            CancellationToken cancel) {
        LiveRuntime runtime = new LiveRuntime(
                new LiveRuntime.Parts(
                        source,
                        database.liveInbox(config.bridge().loginId()),
                        cloudStore,
                        bridgeStore,
                        gateway,
                        gateway,
                        queue,
                        forward::sendNow,
                        planner,
                        resolver,
                        recentlyDeleted,
                        gate,
                        config.bridge().ownHandles().get(0),
                        startupMs),
                meters,
                clock,
                waiter,
                fatal,
                cancel,
                storeOutage);
        stallHook = runtime.delivery();
        outgoing = new imbridge.core.live.OutgoingMessages(
                source,
                bridgeStore,
                gateway,
                gateway::downloadMedia,
                config.bridge().owner());
        live = runtime;
        startEngine(runtime);
    }

    /** The database (tests drill its faults, e.g. {@link Database#limitPages}). */
    public Database database() {
        return database;
    }

    /** The bridge's metrics registry. */
    public io.micrometer.core.instrument.MeterRegistry meters() {
        return meters;
    }

    /** The bridge's metrics, for the {@code /metrics} listener ({@link BridgeMetrics#scrape()}). */
    public BridgeMetrics metrics() {
        return metrics;
    }

    /** What the live path received, handled and dropped; empty when live is off or not started. */
    public java.util.Optional<LiveRuntime.Snapshot> liveSnapshot() {
        LiveRuntime l = live;
        return l == null ? java.util.Optional.empty() : java.util.Optional.of(l.snapshot());
    }

    /** Stops the engine's parts in reverse order of their start (live path first, history source last). */
    private synchronized void closeEngine() {
        engineServices.stopAll(STOP_GRACE);
        if (runtimeMeters != null) {
            runtimeMeters.engineStopped();
        }
        live = null;
        outgoing = null;
        engine = null;
        watchdog = null;
        attachments = null;
        history = null;
    }

    /** The engine as the management room's commands see it. */
    private final class CommandEngine implements BridgeEngine {

        @Override
        public BackfillQueue queue() {
            Engine e = engine;
            return e == null ? null : e.queue;
        }

        @Override
        public boolean startupSyncRunning() {
            return startupSyncRunning;
        }

        @Override
        public Start startSync(Consumer<String> finished) {
            return inBackground(
                    "on-demand-sync",
                    e -> OnDemandSync.run(e.pass, e.discovery, cloudStore, recentlyDeleted, e.cancel),
                    finished);
        }

        @Override
        public Start retryAttachments(Consumer<String> finished) {
            return inBackground("attachment-retry", BridgeRuntime.this::forgetAbandonedAttachments, finished);
        }

        @Override
        public boolean tryLockSync() {
            return syncLock.tryAcquire();
        }

        @Override
        public void unlockSync() {
            syncLock.release();
        }

        /** Runs {@code work} on its own thread holding the sync lock, unless a sync holds it already. */
        private Start inBackground(
                String name, java.util.function.Function<Engine, String> work, Consumer<String> finished) {
            Engine e = engine;
            if (e == null || e.cancel.isCancelled()) {
                return Start.NOT_READY;
            }
            if (!syncLock.tryAcquire()) {
                return startupSyncRunning ? Start.STARTUP_SYNC_RUNNING : Start.ALREADY_RUNNING;
            }
            imbridge.core.lifecycle.Threads.startWorker(name, () -> {
                String outcome;
                try {
                    outcome = work.apply(e);
                } catch (RuntimeException ex) {
                    log.error("{} failed", name, ex);
                    outcome = "Failed: " + ex;
                } finally {
                    syncLock.release();
                }
                finished.accept(outcome);
            });
            return Start.STARTED;
        }
    }

    /**
     * Forgets the attachments given up for good, once the backfills are idle. The running pipeline keeps the
     * failures it loaded, so the engine is rebuilt to read them again. Messages already bridged keep their
     * notice: sending the file now would put it after later messages.
     */
    private String forgetAbandonedAttachments(Engine e) {
        try {
            e.queue.awaitIdle();
        } catch (CancelledException ex) {
            return "Attachment retry stopped: the bridge is shutting down.";
        }
        AttachmentLedger ledger = database.attachmentLedger(config.bridge().loginId());
        int cap = config.backfill().maxAttachmentRetries();
        List<String> abandoned = ledger.failures().values().stream()
                .filter(f -> f.retries() >= cap)
                .map(AttachmentFailure::recordName)
                .sorted()
                .toList();
        if (abandoned.isEmpty()) {
            return "No attachment was given up, so there is nothing to retry (an attachment that failed fewer "
                    + "than " + cap + " times is retried by the backfill on its own).";
        }
        abandoned.forEach(ledger::clearFailure);
        rebuildEngine(e.cancel, e.syncsPending.get());
        log.info("attachment retry: forgot {} abandoned attachment failure(s)", abandoned.size());
        return "Forgot " + abandoned.size() + " given-up attachment(s). Their messages are already in their rooms "
                + "with a notice in place of the file; the files are not sent now, because they would land after "
                + "later messages. They are downloaded again wherever they are bridged anew: a chat brought back "
                + "with restore-chat, or a new message that references the same attachment.";
    }

    public record InitialSyncResult(BackfillSummary backfill) {}

    /** Client-Server request counters: sends, batch requests, retries by cause. */
    public imbridge.matrix.MatrixStats.Snapshot matrixStats() {
        return gateway.stats();
    }

    /** How many unusable pieces of appservice transactions are quarantined (listed at {@code /api/quarantine}). */
    public long quarantinedEvents() {
        return database.eventQuarantine().count();
    }

    /** What the live path does when forward backfill stalls (release the portals' held messages). */
    public void onBackfillStall(imbridge.core.backfill.StallHook hook) {
        this.stallHook = hook;
    }

    /** Attachment counters (overall and per portal); empty before {@link #initialSync}. */
    public java.util.Optional<imbridge.core.attachment.AttachmentStats> attachmentStats() {
        return java.util.Optional.ofNullable(attachments).map(AttachmentPipeline::stats);
    }

    public SyncGate gate() {
        return gate;
    }

    public int appservicePort() {
        return appserviceServer.port();
    }

    /** Each part's state, engine and connection (for health reports). */
    public java.util.Map<String, Services.State> health() {
        java.util.Map<String, Services.State> out = new java.util.LinkedHashMap<>(connection.health());
        out.putAll(engineServices.health());
        return out;
    }

    @Override
    public void close() {
        closeEngine();
        connection.stopAll(STOP_GRACE);
        homeserverHttp.shutdownNow();
        historyHttp.shutdownNow();
        metrics.close();
    }

    private static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }
}
