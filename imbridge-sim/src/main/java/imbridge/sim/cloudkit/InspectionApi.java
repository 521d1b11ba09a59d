package imbridge.sim.cloudkit;

import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.Map;

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
            writeCounts(g, "faultsInjected", s.faultsByCode());
            writeCounts(g, "pagesServed", s.pagesServed());
            writeCounts(g, "requestsByZone", s.requestsByZone());
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
