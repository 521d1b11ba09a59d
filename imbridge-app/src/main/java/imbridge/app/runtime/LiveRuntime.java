package imbridge.app.runtime;

import imbridge.core.backfill.BackfillQueue;
import imbridge.core.backfill.MessagePartPlanner;
import imbridge.core.backfill.OutOfOrderSender;
import imbridge.core.deletion.RecentlyDeletedPortals;
import imbridge.core.live.LiveAdmission;
import imbridge.core.live.LiveDelivery;
import imbridge.core.live.LiveMessageChecks;
import imbridge.core.live.LiveProcessor;
import imbridge.core.live.LiveReceiver;
import imbridge.core.live.LiveUpdates;
import imbridge.core.live.RecentUnsends;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.LiveInbox;
import imbridge.core.port.LiveSource;
import imbridge.core.port.MatrixGateway;
import imbridge.core.port.MatrixLiveActions;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.sync.FatalErrorHandler;
import imbridge.core.sync.SyncGate;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.Waiter;
import java.time.Clock;
import java.util.Map;

/**
 * The live path of one login, wired: the receiver (stream → durable inbox) and the processor (inbox →
 * checks → cache → the backfill queue's live lane), with held messages completed after each portal run
 * and released by the stall watchdog.
 */
public final class LiveRuntime implements imbridge.core.lifecycle.Service, AutoCloseable {
    /** How long backfills wait, after the gate opens, for the push source to re-deliver what it held for us. */
    static final java.time.Duration BACKLOG_WAIT = java.time.Duration.ofSeconds(10);

    private final LiveReceiver receiver;
    private final LiveProcessor processor;
    private final LiveDelivery delivery;
    private final LiveInbox inbox;
    private final imbridge.core.live.LiveLatencyMeter latency;

    /** Everything the live path needs from the rest of the bridge. */
    public record Parts(
            LiveSource source,
            LiveInbox inbox,
            CloudStore cloud,
            BridgeStore bridge,
            MatrixGateway matrix,
            MatrixLiveActions actions,
            BackfillQueue queue,
            OutOfOrderSender outOfOrder,
            MessagePartPlanner planner,
            PortalIdResolver resolver,
            RecentlyDeletedPortals recentlyDeleted,
            SyncGate gate,
            String ownerHandle,
            long startupMs) {}

    public LiveRuntime(Parts p, Clock clock, Waiter waiter, FatalErrorHandler fatal, CancellationToken cancel) {
        this(
                p,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                clock,
                waiter,
                fatal,
                cancel,
                new imbridge.core.lifecycle.StoreOutage(waiter));
    }

    /**
     * @param storeOutage pauses the live processor while the database cannot take writes
     * @param meters where the live latency timer ({@link imbridge.core.live.LiveLatencyMeter#NAME}) is registered */
    public LiveRuntime(
            Parts p,
            io.micrometer.core.instrument.MeterRegistry meters,
            Clock clock,
            Waiter waiter,
            FatalErrorHandler fatal,
            CancellationToken cancel,
            imbridge.core.lifecycle.StoreOutage storeOutage) {
        this.inbox = p.inbox();
        this.latency = new imbridge.core.live.LiveLatencyMeter(meters, clock);
        RecentUnsends unsends = new RecentUnsends(clock);
        LiveAdmission admission = new LiveAdmission(p.cloud());
        LiveMessageChecks checks =
                new LiveMessageChecks(unsends, p.cloud(), p.bridge(), p.resolver(), p.recentlyDeleted(), p.startupMs());
        LiveUpdates updates = new LiveUpdates(
                p.cloud(), p.bridge(), p.matrix(), p.actions(), admission, unsends, p.resolver(), p.ownerHandle());
        delivery = new LiveDelivery(
                p.inbox(),
                p.cloud(),
                p.bridge(),
                p.planner(),
                p.queue(),
                p.outOfOrder(),
                updates::applyInRoom,
                latency);
        p.queue().onPortalStarted(latency::runStarted);
        p.queue().onPortalFinished(delivery::portalFinished);
        processor = new LiveProcessor(
                p.inbox(),
                checks,
                admission,
                updates,
                delivery,
                p.bridge(),
                p.recentlyDeleted(),
                p.gate(),
                clock,
                fatal,
                cancel,
                storeOutage);
        receiver = new LiveReceiver(p.source(), p.inbox(), clock, waiter, processor::wake, cancel, storeOutage);
        processor.waitForBacklog(receiver::backlogDelivered, BACKLOG_WAIT);
        p.queue().startWhen(processor::caughtUp);
    }

    @Override
    public String name() {
        return "live";
    }

    /** The processor first: the receiver wakes it for every event it stores. */
    @Override
    public void start() {
        processor.start();
        receiver.start();
    }

    public LiveDelivery delivery() {
        return delivery;
    }

    /** For reports: what the live path received and did. */
    public Snapshot snapshot() {
        return new Snapshot(
                receiver.received(),
                receiver.duplicates(),
                receiver.connections(),
                processor.handledCounts(),
                inbox.dropCounts(),
                inbox.count(LiveInbox.Status.PENDING),
                inbox.count(LiveInbox.Status.HELD),
                inbox.dropped(MAX_DROPS_LISTED),
                latency.snapshot());
    }

    private static final int MAX_DROPS_LISTED = 100_000;

    /** The counters of {@link #snapshot()} without the list of drops: cheap enough for every metrics scrape. */
    public Snapshot counters() {
        return new Snapshot(
                receiver.received(),
                receiver.duplicates(),
                receiver.connections(),
                processor.handledCounts(),
                inbox.dropCounts(),
                inbox.count(LiveInbox.Status.PENDING),
                inbox.count(LiveInbox.Status.HELD),
                java.util.List.of(),
                latency.snapshot());
    }

    public record Snapshot(
            long received,
            long redelivered,
            long connections,
            Map<String, Long> handled,
            Map<String, Long> dropsByReason,
            long pending,
            long held,
            java.util.List<LiveInbox.Dropped> dropped,
            imbridge.core.live.LiveLatencyMeter.Snapshot latency) {}

    /** The receiver first: nothing new is stored while the processor finishes the entry in hand. */
    @Override
    public void stop(java.time.Duration grace) {
        receiver.stop(grace);
        processor.stop(grace);
    }

    @Override
    public void close() {
        stop(java.time.Duration.ofSeconds(5));
    }
}
