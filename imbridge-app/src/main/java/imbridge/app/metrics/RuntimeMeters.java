package imbridge.app.metrics;

import imbridge.app.runtime.LiveRuntime;
import imbridge.core.attachment.AttachmentStats;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.Portal;
import imbridge.core.port.BridgeStore;
import imbridge.core.sync.SyncGate;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Meters over state the bridge already keeps (the gate, the portals' backfill rows, the attachment counters, the live
 * path's counters): read once per scrape by {@link #refresh()}, never counted a second time. Counters keyed by a
 * value seen only at run time (a live outcome, a drop reason) are registered when the key first appears.
 */
public final class RuntimeMeters {

    /** Where the state comes from; each supplier answers empty (or null) while that part is not running. */
    public record Sources(
            SyncGate gate,
            Supplier<BridgeStore> bridgeStore,
            Supplier<Optional<AttachmentStats>> attachments,
            IntSupplier attachmentsInFlight,
            Supplier<Optional<LiveRuntime.Snapshot>> live) {}

    private static final AttachmentStats.Snapshot NO_ATTACHMENTS = new AttachmentStats.Snapshot(0, 0, 0, 0, 0, 0, 0, 0);
    private static final LiveRuntime.Snapshot NO_LIVE = new LiveRuntime.Snapshot(
            0,
            0,
            0,
            Map.of(),
            Map.of(),
            0,
            0,
            java.util.List.of(),
            new imbridge.core.live.LiveLatencyMeter.Snapshot(0, 0, 0, 0, 0));

    private final MeterRegistry registry;
    private final Sources sources;
    private volatile Map<String, Long> portalsByStatus = Map.of();
    private volatile AttachmentStats.Snapshot attachments = NO_ATTACHMENTS;
    private volatile LiveRuntime.Snapshot live = NO_LIVE;
    private final Set<String> liveOutcomes = ConcurrentHashMap.newKeySet();
    private final Set<String> dropReasons = ConcurrentHashMap.newKeySet();

    private RuntimeMeters(MeterRegistry registry, Sources sources) {
        this.registry = registry;
        this.sources = sources;
    }

    /** Registers the meters in {@code metrics} and refreshes them before each of its scrapes. */
    public static RuntimeMeters register(BridgeMetrics metrics, Sources sources) {
        RuntimeMeters m = new RuntimeMeters(metrics.registry(), sources);
        m.registerFixed();
        metrics.beforeScrape(m::refresh);
        return m;
    }

    private void registerFixed() {
        Gauge.builder("imbridge.sync.gate.open", sources.gate(), g -> g.isOpen() ? 1 : 0)
                .description("1 once the first sync succeeded and live events flow, 0 while the gate is closed")
                .register(registry);
        for (BackfillStatus status : BackfillStatus.values()) {
            portalGauge(status.name().toLowerCase(java.util.Locale.ROOT));
        }
        portalGauge("deleted");
        attachmentCounter(
                "imbridge.attachments.downloaded", "attachments downloaded, verified and uploaded", s -> s.succeeded());
        attachmentCounter("imbridge.attachments.failed", "download attempts that failed", s -> s.failedAttempts());
        attachmentCounter(
                "imbridge.attachments.abandoned", "attachments given up after their retries", s -> s.abandoned());
        attachmentCounter(
                "imbridge.attachments.cache.hits", "attachments served from the upload cache", s -> s.cacheHits());
        Gauge.builder("imbridge.attachments.in.flight", sources.attachmentsInFlight(), IntSupplier::getAsInt)
                .description("attachment downloads running now")
                .register(registry);
        liveCounter("imbridge.live.received", "live events received from the push stream", s -> s.received());
        liveCounter("imbridge.live.redelivered", "live events received again (reconnect window)", s -> s.redelivered());
        Gauge.builder("imbridge.live.inbox.depth", this, m -> m.live.pending())
                .description("live events stored and not yet handled")
                .register(registry);
        Gauge.builder("imbridge.live.held", this, m -> m.live.held())
                .description("live messages held until their portal's history is in its room")
                .register(registry);
    }

    private void portalGauge(String status) {
        Gauge.builder("imbridge.portals", this, m -> m.portalsByStatus.getOrDefault(status, 0L))
                .description("portals by backfill status")
                .tag("status", status)
                .register(registry);
    }

    private void attachmentCounter(
            String name, String description, java.util.function.ToLongFunction<AttachmentStats.Snapshot> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsLong(m.attachments))
                .description(description)
                .register(registry);
    }

    private void liveCounter(
            String name, String description, java.util.function.ToLongFunction<LiveRuntime.Snapshot> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsLong(m.live))
                .description(description)
                .register(registry);
    }

    /** Reads the state once for all the meters of this scrape. */
    public void refresh() {
        portalsByStatus = countPortals();
        attachments = sources.attachments().get().map(AttachmentStats::total).orElse(NO_ATTACHMENTS);
        live = sources.live().get().orElse(NO_LIVE);
        live.handled().keySet().forEach(this::registerOutcome);
        live.dropsByReason().keySet().forEach(this::registerDropReason);
    }

    private Map<String, Long> countPortals() {
        BridgeStore store = sources.bridgeStore().get();
        if (store == null) {
            return Map.of();
        }
        Set<String> deleted = store.deletedPortals().keySet();
        Map<BackfillStatus, Long> byStatus = new EnumMap<>(BackfillStatus.class);
        long deletedCount = 0;
        for (Portal portal : store.portals()) {
            if (deleted.contains(portal.portalId())) {
                deletedCount++;
                continue;
            }
            BackfillStatus status = store.backfillState(portal.portalId())
                    .map(BackfillState::status)
                    .orElse(BackfillStatus.PENDING);
            byStatus.merge(status, 1L, Long::sum);
        }
        Map<String, Long> out = new java.util.HashMap<>();
        byStatus.forEach((s, n) -> out.put(s.name().toLowerCase(java.util.Locale.ROOT), n));
        out.put("deleted", deletedCount);
        return out;
    }

    /** {@code KIND:OUTCOME}, e.g. {@code MESSAGE:ADMITTED}. */
    private void registerOutcome(String key) {
        if (!liveOutcomes.add(key)) {
            return;
        }
        int colon = key.indexOf(':');
        String kind = colon < 0 ? key : key.substring(0, colon);
        String outcome = colon < 0 ? "" : key.substring(colon + 1);
        FunctionCounter.builder(
                        "imbridge.live.events", this, m -> m.live.handled().getOrDefault(key, 0L))
                .description("live events handled, by kind and outcome")
                .tag("kind", kind.toLowerCase(java.util.Locale.ROOT))
                .tag("outcome", outcome.toLowerCase(java.util.Locale.ROOT))
                .register(registry);
    }

    private void registerDropReason(String reason) {
        if (!dropReasons.add(reason)) {
            return;
        }
        FunctionCounter.builder(
                        "imbridge.live.drops", this, m -> m.live.dropsByReason().getOrDefault(reason, 0L))
                .description("live events deliberately not bridged, by reason")
                .tag("reason", reason.toLowerCase(java.util.Locale.ROOT))
                .register(registry);
    }
}
