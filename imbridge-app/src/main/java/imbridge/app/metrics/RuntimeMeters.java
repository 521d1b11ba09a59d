package imbridge.app.metrics;

import imbridge.app.runtime.LiveRuntime;
import imbridge.core.attachment.AttachmentStats;
import imbridge.core.model.BackfillStatus;
import imbridge.core.sync.SyncGate;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Meters over state the bridge already keeps (the gate, the portals' backfill rows, the attachment counters, the live
 * path's counters): read once per scrape by {@link #refresh()}, never counted a second time. Counters keyed by a
 * value seen only at run time (a live outcome, a drop reason) are registered when the key first appears. The
 * attachment and live counters belong to the engine, which the runtime may rebuild: {@link CarriedCounts} keeps
 * them growing across rebuilds.
 */
public final class RuntimeMeters {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RuntimeMeters.class);

    /**
     * Where the state comes from; each supplier answers empty (or null) while that part is not running.
     *
     * @param portalsByStatus portal count per status in lower case (one grouped query), null before the store opens
     */
    public record Sources(
            SyncGate gate,
            Supplier<Map<String, Long>> portalsByStatus,
            Supplier<Optional<AttachmentStats>> attachments,
            IntSupplier attachmentsInFlight,
            Supplier<Optional<LiveRuntime>> live) {}

    private static final String RECEIVED = "received";
    private static final String REDELIVERED = "redelivered";
    /** Prefix of the live outcome counts, {@code handled:KIND:OUTCOME}. */
    private static final String HANDLED = "handled:";

    private final MeterRegistry registry;
    private final Sources sources;
    private final CarriedCounts attachmentCounts = new CarriedCounts();
    private final CarriedCounts liveCounts = new CarriedCounts();
    private volatile Map<String, Long> portalsByStatus = Map.of();
    private volatile Map<String, Long> attachments = Map.of();
    private volatile Map<String, Long> live = Map.of();
    private volatile long inboxDepth;
    private volatile long held;
    private volatile Map<String, Long> dropsByReason = Map.of();
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
            portalGauge(status.name().toLowerCase(Locale.ROOT));
        }
        portalGauge("deleted");
        attachmentCounter("imbridge.attachments.downloaded", "attachments downloaded, verified and uploaded");
        attachmentCounter("imbridge.attachments.failed", "download attempts that failed");
        attachmentCounter("imbridge.attachments.abandoned", "attachments given up after their retries");
        attachmentCounter("imbridge.attachments.cache.hits", "attachments served from the upload cache");
        Gauge.builder("imbridge.attachments.in.flight", sources.attachmentsInFlight(), IntSupplier::getAsInt)
                .description("attachment downloads running now")
                .register(registry);
        liveCounter("imbridge.live.received", RECEIVED, "live events received from the push stream");
        liveCounter("imbridge.live.redelivered", REDELIVERED, "live events received again (reconnect window)");
        Gauge.builder("imbridge.live.inbox.depth", this, m -> m.inboxDepth)
                .description("live events stored and not yet handled")
                .register(registry);
        Gauge.builder("imbridge.live.held", this, m -> m.held)
                .description("live messages held until their portal's history is in its room")
                .register(registry);
    }

    private void portalGauge(String status) {
        Gauge.builder("imbridge.portals", this, m -> m.portalsByStatus.getOrDefault(status, 0L))
                .description("portals by backfill status")
                .tag("status", status)
                .register(registry);
    }

    private void attachmentCounter(String name, String description) {
        FunctionCounter.builder(name, this, m -> m.attachments.getOrDefault(name, 0L))
                .description(description)
                .register(registry);
    }

    private void liveCounter(String name, String key, String description) {
        FunctionCounter.builder(name, this, m -> m.live.getOrDefault(key, 0L))
                .description(description)
                .register(registry);
    }

    /**
     * Reads the state once for all the meters of this scrape. The runtime also calls it after stopping an engine,
     * so the engine's last counts are carried into the next one's totals.
     */
    public synchronized void refresh() {
        AttachmentStats stats = sources.attachments().get().orElse(null);
        attachments = attachmentCounts.totals(stats, stats == null ? Map.of() : attachmentCounts(stats.total()));
        LiveRuntime runtime = sources.live().get().orElse(null);
        LiveRuntime.Snapshot snapshot = runtime == null ? null : runtime.counters();
        live = liveCounts.totals(runtime, snapshot == null ? Map.of() : liveCounts(snapshot));
        inboxDepth = snapshot == null ? 0 : snapshot.pending();
        held = snapshot == null ? 0 : snapshot.held();
        if (snapshot != null) { // the store keeps the drops: they outlive the engine on their own
            dropsByReason = snapshot.dropsByReason();
        }
        live.keySet().stream()
                .filter(k -> k.startsWith(HANDLED))
                .forEach(k -> registerOutcome(k.substring(HANDLED.length())));
        dropsByReason.keySet().forEach(this::registerDropReason);
        Map<String, Long> byStatus = sources.portalsByStatus().get();
        portalsByStatus = byStatus == null ? Map.of() : byStatus;
    }

    /** After the runtime stopped an engine: its last counts, carried into the next engine's totals. */
    public void engineStopped() {
        try {
            refresh();
        } catch (RuntimeException e) { // the live counts read the store; a failure here must not stop a rebuild
            log.debug("metrics refresh after an engine stopped failed", e);
        }
    }

    private static Map<String, Long> attachmentCounts(AttachmentStats.Snapshot s) {
        return Map.of(
                "imbridge.attachments.downloaded", s.succeeded(),
                "imbridge.attachments.failed", s.failedAttempts(),
                "imbridge.attachments.abandoned", s.abandoned(),
                "imbridge.attachments.cache.hits", s.cacheHits());
    }

    private static Map<String, Long> liveCounts(LiveRuntime.Snapshot s) {
        Map<String, Long> out = new HashMap<>();
        out.put(RECEIVED, s.received());
        out.put(REDELIVERED, s.redelivered());
        s.handled().forEach((key, n) -> out.put(HANDLED + key, n));
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
        FunctionCounter.builder("imbridge.live.events", this, m -> m.live.getOrDefault(HANDLED + key, 0L))
                .description("live events handled, by kind and outcome")
                .tag("kind", kind.toLowerCase(Locale.ROOT))
                .tag("outcome", outcome.toLowerCase(Locale.ROOT))
                .register(registry);
    }

    private void registerDropReason(String reason) {
        if (!dropReasons.add(reason)) {
            return;
        }
        FunctionCounter.builder("imbridge.live.drops", this, m -> m.dropsByReason.getOrDefault(reason, 0L))
                .description("live events deliberately not bridged, by reason")
                .tag("reason", reason.toLowerCase(Locale.ROOT))
                .register(registry);
    }
}
