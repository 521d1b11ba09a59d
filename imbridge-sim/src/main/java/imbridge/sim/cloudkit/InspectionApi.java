package imbridge.sim.cloudkit;

import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/** The simulator's own endpoints for verifiers: {@code /_sim/truth} and {@code /_sim/stats} (never authenticated). */
final class InspectionApi {

    private final Dataset dataset;
    private final SimStats stats;
    private final AssetFaults assetFaults;
    private final LiveFeed live;
    private final Supplier<Truth> localTruth;
    private final java.util.concurrent.atomic.AtomicReference<Snapshot> lastSnapshot =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** @param localTruth supplies the Apple export's truth (served instead of the CloudKit one), or null without one */
    InspectionApi(Dataset dataset, SimStats stats, AssetFaults assetFaults, LiveFeed live, Supplier<Truth> localTruth) {
        this.dataset = dataset;
        this.stats = stats;
        this.assetFaults = assetFaults;
        this.live = live;
        this.localTruth = localTruth;
    }

    void truth(Context ctx) {
        Truth local = localTruth.get();
        if (local != null) {
            ctx.contentType("application/json").result(TruthJson.toBytes(local));
            return;
        }
        ctx.contentType("application/json").result(TruthJson.toBytes(liveTruth()));
    }

    /**
     * {@code GET /_sim/truth/portals}: the truth without parts (each portal with its {@code partCount}). It takes a
     * fresh snapshot that the per-portal route then serves, so index and portals describe the same moment.
     */
    void truthIndex(Context ctx) {
        Snapshot snapshot = takeSnapshot();
        ctx.contentType("application/json").result(TruthJson.indexBytes(snapshot.truth(), snapshot.live()));
    }

    /** {@code GET /_sim/truth/portals/{portalId}}: one portal of the last index's snapshot, with its parts. */
    void truthPortal(Context ctx) {
        Snapshot snapshot = lastSnapshot.get();
        if (snapshot == null) {
            snapshot = takeSnapshot();
        }
        String portalId = ctx.pathParam("portalId");
        Truth.Portal portal = snapshot.portal(portalId);
        if (portal == null) {
            throw new CloudKitException(ServerErrorCode.NOT_FOUND, "no portal " + portalId + " in the truth");
        }
        ctx.contentType("application/json").result(TruthJson.portalBytes(portal, snapshot.live()));
    }

    private Snapshot takeSnapshot() {
        Truth local = localTruth.get();
        LiveTruth live = local == null ? liveTruth() : null;
        Snapshot snapshot = local != null ? new Snapshot(local, null) : new Snapshot(live.truth(), live);
        lastSnapshot.set(snapshot);
        return snapshot;
    }

    private LiveTruth liveTruth() {
        LiveTruth.View view = live.view(); // first, so the live messages it lists are in the dataset snapshot
        return LiveTruth.apply(GroundTruth.compute(dataset, assetFaults), view, assetFaults);
    }

    /** One computed truth, its portals indexed by ID for the per-portal route. */
    private record Snapshot(Truth truth, LiveTruth live, Map<String, Truth.Portal> byId) {
        Snapshot(Truth truth, LiveTruth live) {
            this(truth, live, index(truth));
        }

        private static Map<String, Truth.Portal> index(Truth truth) {
            Map<String, Truth.Portal> byId = new java.util.HashMap<>();
            truth.portals().forEach(p -> byId.put(p.portalId(), p));
            return byId;
        }

        Truth.Portal portal(String portalId) {
            return byId.get(portalId);
        }
    }

    /**
     * {@code GET /_sim/assets/bound?portal=&concurrency=32&timeoutMs=90000&maxAttempts=3}: the least time the
     * portal's asset downloads can take under the latency schedule ({@link AssetFaults#bound}). Without
     * {@code portal}, the largest ordinary conversation (the {@code --big-chat} one) is used.
     */
    void downloadBound(Context ctx) {
        String portal = ctx.queryParam("portal");
        if (portal == null || portal.isBlank()) {
            portal = dataset.conversations().stream()
                    .filter(c -> c.role() == Conversation.Role.ORDINARY)
                    .max(java.util.Comparator.comparingInt(Conversation::messageCount))
                    .map(Conversation::portalId)
                    .orElseThrow(() -> new CloudKitException(ServerErrorCode.BAD_REQUEST, "no conversations"));
        }
        int concurrency = intParam(ctx, "concurrency", 32);
        long timeoutMs = intParam(ctx, "timeoutMs", 90_000);
        int maxAttempts = intParam(ctx, "maxAttempts", 3);
        AssetFaults.DownloadBound bound =
                assetFaults.bound(GroundTruth.portalAttachments(dataset, portal), concurrency, timeoutMs, maxAttempts);
        String portalId = portal;
        ctx.contentType("application/json").result(Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("portalId", portalId);
            g.writeNumberField("assets", bound.assets());
            g.writeNumberField("attempts", bound.attempts());
            g.writeNumberField("totalAttemptMs", bound.totalAttemptMs());
            g.writeNumberField("longestChainMs", bound.longestChainMs());
            g.writeNumberField("concurrency", concurrency);
            g.writeNumberField("boundMs", bound.boundMs());
            g.writeEndObject();
        }));
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CloudKitException(ServerErrorCode.BAD_REQUEST, name + " must be a positive integer: " + value);
        }
    }

    void stats(Context ctx) {
        SimStats.Snapshot s = stats.snapshot();
        ctx.contentType("application/json").result(Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("requests", s.requests());
            g.writeNumberField("pages", s.pages());
            g.writeNumberField("assetDownloads", s.assetDownloads());
            g.writeNumberField("recoverableZoneAccesses", s.recoverableZoneAccesses());
            writeCounts(g, "faultsInjected", s.faultsByCode());
            writeCounts(g, "pagesServed", s.pagesServed());
            writeCounts(g, "requestsByZone", s.requestsByZone());
            g.writeNumberField("liveConnections", live.connections());
            g.writeNumberField("liveEventsEmitted", live.eventsEmitted());
            g.writeNumberField("liveAcked", live.acked());
            g.writeBooleanField("liveComplete", live.complete());
            g.writeEndObject();
        }));
    }

    private static void writeCounts(JsonGenerator g, String field, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            g.writeNumberField(entry.getKey(), entry.getValue());
        }
        g.writeEndObject();
    }
}
