package imbridge.sim.cloudkit;

import io.javalin.http.Context;

/** The simulator's own endpoints for verifiers: {@code /_sim/truth} and {@code /_sim/stats} (never authenticated). */
final class InspectionApi {

    private final Dataset dataset;
    private final SimStats stats;

    InspectionApi(Dataset dataset, SimStats stats) {
        this.dataset = dataset;
        this.stats = stats;
    }

    void truth(Context ctx) {
        ctx.contentType("application/json").result(TruthJson.toBytes(GroundTruth.compute(dataset)));
    }

    void stats(Context ctx) {
        SimStats.Snapshot s = stats.snapshot();
        ctx.contentType("application/json").result(Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("requests", s.requests());
            g.writeNumberField("pages", s.pages());
            g.writeNumberField("assetDownloads", s.assetDownloads());
            g.writeNumberField("recoverableZoneAccesses", s.recoverableZoneAccesses());
            g.writeNumberField("faultsInjected", s.faultsInjected());
            g.writeEndObject();
        }));
    }
}
