package imbridge.app.runtime;

import imbridge.app.commands.MatrixSide;
import imbridge.app.commands.RuntimeCommands;
import imbridge.app.config.BridgeConfig;
import imbridge.cloudkit.CloudKitClient;
import imbridge.cloudkit.CloudKitConfig;
import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.backfill.BackfillQueue;
import imbridge.core.backfill.BackfillSummary;
import imbridge.core.deletion.MatrixSideDeleter;
import imbridge.core.deletion.PortalDeleter;
import imbridge.core.deletion.RecentlyDeletedPortals;
import imbridge.core.portal.PortalDiscovery;
import imbridge.core.sync.SyncGate;
import imbridge.core.backfill.ForwardBackfill;
import imbridge.core.backfill.MessagePartPlanner;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.MatrixException;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.portal.PortalRooms;
import imbridge.core.sync.FatalErrorHandler;
import imbridge.core.sync.SyncController;
import imbridge.core.sync.SyncPass;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import imbridge.matrix.AppserviceGateway;
import imbridge.matrix.AppserviceServer;
import imbridge.matrix.HomeserverCapabilities;
import imbridge.matrix.MatrixConfig;
import imbridge.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wires one login's bridge from the config: store, CloudKit client, Matrix layer and engine.
 * {@link #start()} opens the store and the appservice and does the homeserver handshake;
 * {@link #initialSync} runs the bootstrap pass and then the forward backfill of every portal.
 */
public final class BridgeRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BridgeRuntime.class);

    private final BridgeConfig config;
    private final BackfillProgress progress;
    private final FatalErrorHandler fatal;
    private final Clock clock = Clock.systemUTC();
    private final Waiter waiter = Waiter.real();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private Database database;
    private AppserviceServer appserviceServer;
    private AppserviceGateway gateway;
    private volatile AttachmentPipeline attachments;
    private java.util.concurrent.ScheduledExecutorService watchdog;
    private volatile imbridge.core.backfill.StallHook stallHook = imbridge.core.backfill.StallHook.NONE;
    /** How often the backfill stall watchdog looks at the heartbeat. */
    private static final Duration WATCHDOG_TICK = Duration.ofSeconds(5);
    private CloudStore cloudStore;
    private BridgeStore bridgeStore;
    private HomeserverCapabilities capabilities;
    private MatrixSide matrixSide;
    /** The running initial sync's queue (for the {@code backfill} command); null outside it. */
    private volatile BackfillQueue activeQueue;
    private final SyncGate gate = new SyncGate();
    private final RecentlyDeletedPortals recentlyDeleted = new RecentlyDeletedPortals(clock, Duration.ofHours(24));

    public BridgeRuntime(BridgeConfig config, BackfillProgress progress, FatalErrorHandler fatal) {
        this.config = config;
        this.progress = progress;
        this.fatal = fatal;
    }

    public void start() throws MatrixException {
        database = Database.open(StoreConfigs.of(config.database()));
        cloudStore = database.cloudStore(config.bridge().loginId());
        bridgeStore = database.bridgeStore(config.bridge().loginId());
        recentlyDeleted.seed(bridgeStore.deletedPortals());
        MatrixConfig matrixConfig = MatrixConfigs.of(config);
        gateway = new AppserviceGateway(matrixConfig, http, imbridge.matrix.Sleeper.real());
        RuntimeCommands commands = new RuntimeCommands(bridgeStore, cloudStore, gate, database.matrixInbox(),
                () -> activeQueue);
        MatrixSideDeleter matrixSideDeleter = new MatrixSideDeleter(cloudStore, bridgeStore, gateway,
                recentlyDeleted, clock, config.bridge().owner());
        matrixSide = new MatrixSide(matrixConfig, database, gateway, commands, matrixSideDeleter, clock);
        appserviceServer = new AppserviceServer(matrixConfig, matrixSide.transactionHandler(),
                database.transactionLog());
        appserviceServer.start();
        capabilities = gateway.start();
        log.info("connected to homeserver {} as {}", config.homeserver().address(), capabilities);
        matrixSide.start();
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
        BridgeConfig.CloudKit ck = config.cloudkit();
        CloudKitClient source = new CloudKitClient(
                new CloudKitConfig(ck.databaseUrl(), ck.apiToken(), ck.resultsLimit(), ck.requestTimeout()), http);
        PortalIdResolver resolver = new PortalIdResolver(config.bridge().ownHandles());
        PortalDeleter deleter = new PortalDeleter(bridgeStore, gateway, recentlyDeleted, clock);
        SyncPass pass = new SyncPass(source, cloudStore, resolver, ck.sync(), waiter, clock, recentlyDeleted,
                deleter::onChatTombstone);

        imbridge.core.backfill.BackfillSettings bf = config.backfill();
        imbridge.core.backfill.BackfillMonitor monitor = new imbridge.core.backfill.BackfillMonitor(clock,
                bf.stallTimeout(), bf.progressLogInterval(), report -> stallHook.onStall(report),
                () -> attachments == null ? 0 : attachments.inFlight());
        attachments = new AttachmentPipeline(source, gateway, database.attachmentLedger(config.bridge().loginId()),
                new AttachmentPipeline.Settings(bf.attachmentConcurrency(), bf.attachmentTimeout(),
                        bf.maxAttachmentRetries(), bf.attachmentRetryDelay()), clock, waiter, monitor::beat);
        watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("backfill-watchdog").daemon().factory());
        monitor.start(watchdog, WATCHDOG_TICK);
        MessagePartPlanner planner = new MessagePartPlanner(config.bridge().ownHandles().get(0));
        PortalRooms rooms = new PortalRooms(cloudStore, bridgeStore, gateway, resolver);
        AtomicBoolean syncsPending = new AtomicBoolean(true);
        ForwardBackfill forward = new ForwardBackfill(cloudStore, bridgeStore, gateway, rooms, attachments, planner,
                config.backfill(), clock, progress, recentlyDeleted::contains, syncsPending::get, monitor);
        try (BackfillQueue queue = new BackfillQueue(forward, config.backfill().maxConcurrentForward(), fatal,
                cancel)) {
            queue.start();
            activeQueue = queue;
            PortalDiscovery discovery = new PortalDiscovery(cloudStore, bridgeStore, recentlyDeleted, queue);
            SyncController controller = new SyncController(config.bridge().loginId(), pass, cloudStore, bridgeStore,
                    ck.sync(), waiter, gate, recentlyDeleted, discovery, fatal, cancel, listener);
            controller.run();
            // No sync is scheduled any more: messages still missing attachment records go without them.
            syncsPending.set(false);
            discovery.discover(recentlyDeleted.snapshot());
            queue.awaitIdle();
            return new InitialSyncResult(queue.summary());
        } finally {
            activeQueue = null;
        }
    }

    public record InitialSyncResult(BackfillSummary backfill) {
    }

    /** Client-Server request counters: sends, batch requests, retries by cause. */
    public imbridge.matrix.MatrixStats.Snapshot matrixStats() {
        return gateway.stats();
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

    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        if (attachments != null) {
            attachments.close();
        }
        if (appserviceServer != null) {
            appserviceServer.close();
        }
        if (matrixSide != null) {
            matrixSide.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
