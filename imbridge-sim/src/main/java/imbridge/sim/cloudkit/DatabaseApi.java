package imbridge.sim.cloudkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The CloudKit database operations: {@code changes/zone}, {@code zones/list} and {@code records/lookup}.
 * A {@code changes/zone} request may get a fault (planned first, then random); its zone for fault purposes is the
 * first one it names.
 */
final class DatabaseApi {

    static final int DEFAULT_RESULTS_LIMIT = 200;

    private record ZoneRequest(ChangeLog zone, long afterSequence, int resultsLimit, boolean carriesToken) {}

    private final Dataset dataset;
    private final SimStats stats;
    private final FaultPlan faults;
    private final RandomFaults randomFaults;
    private final int maxResultsLimit;
    private final Supplier<RecordWriter> writer;
    private final Duration pageLatency;

    DatabaseApi(
            Dataset dataset,
            SimStats stats,
            FaultPlan faults,
            RandomFaults randomFaults,
            int maxResultsLimit,
            Supplier<RecordWriter> writer,
            Duration pageLatency) {
        this.pageLatency = pageLatency;
        this.dataset = dataset;
        this.stats = stats;
        this.faults = faults;
        this.randomFaults = randomFaults;
        this.maxResultsLimit = maxResultsLimit;
        this.writer = writer;
    }

    void changesZone(Context ctx) {
        if (pageLatency.isPositive()) {
            // The round trip of a real CloudKit request. Javalin serves each request on its own virtual thread
            // (thread-per-request), so this wait holds only that request and blocks no pool.
            pause(pageLatency);
        }
        JsonNode body = Json.readObject(ctx.bodyAsBytes());
        JsonNode zones = body.get("zones");
        if (zones == null || !zones.isArray() || zones.isEmpty()) {
            throw CloudKitException.badRequest("'zones' must be a non-empty array");
        }
        List<ZoneRequest> requests = new ArrayList<>();
        for (JsonNode zone : zones) {
            requests.add(parseZoneRequest(zone));
        }
        ZoneRequest first = requests.getFirst();
        Optional<InjectedFault> fault = randomFaults.next(
                first.zone().zoneName(), first.carriesToken(), faults.poll(FaultPlan.Operation.CHANGES));
        if (fault.isPresent()) {
            stats.faultInjected(fault.get().label());
            serveFault(ctx, fault.get(), requests);
            return;
        }
        respond(ctx, pages(requests));
    }

    /** The fault decides the answer; only a slow answer still serves (and counts) the pages. */
    private void serveFault(Context ctx, InjectedFault fault, List<ZoneRequest> requests) {
        switch (fault.kind()) {
            case ERROR ->
                throw new CloudKitException(fault.code(), "injected fault: " + fault.code(), fault.retryAfterSeconds());
            case STALLED_TOKEN -> respond(ctx, stalled(requests));
            case TRUNCATED_JSON -> {
                byte[] whole = render(requests, pagesOf(requests));
                respond(ctx, Arrays.copyOf(whole, whole.length / 2));
            }
            case SLOW_RESPONSE -> {
                pause(fault.delay());
                respond(ctx, pages(requests));
            }
        }
    }

    private byte[] pages(List<ZoneRequest> requests) {
        List<ChangeLog.Page> pages = pagesOf(requests);
        for (int i = 0; i < requests.size(); i++) {
            stats.page(requests.get(i).zone().zoneName(), pages.get(i).changes().size());
        }
        return render(requests, pages);
    }

    private static List<ChangeLog.Page> pagesOf(List<ZoneRequest> requests) {
        List<ChangeLog.Page> pages = new ArrayList<>(requests.size());
        for (ZoneRequest request : requests) {
            pages.add(request.zone().page(request.afterSequence(), request.resultsLimit()));
        }
        return pages;
    }

    /** No records, each zone's own position back and {@code moreComing}: a token that does not advance. */
    private byte[] stalled(List<ZoneRequest> requests) {
        List<ChangeLog.Page> pages = new ArrayList<>(requests.size());
        for (ZoneRequest request : requests) {
            pages.add(new ChangeLog.Page(List.of(), request.afterSequence(), true));
        }
        return render(requests, pages);
    }

    private byte[] render(List<ZoneRequest> requests, List<ChangeLog.Page> pages) {
        RecordWriter records = writer.get();
        return Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("zones");
            for (int i = 0; i < requests.size(); i++) {
                String zoneName = requests.get(i).zone().zoneName();
                ChangeLog.Page page = pages.get(i);
                g.writeStartObject();
                RecordWriter.writeZoneId(g, zoneName);
                g.writeArrayFieldStart("records");
                for (Change change : page.changes()) {
                    records.writeChange(g, zoneName, change);
                }
                g.writeEndArray();
                g.writeStringField("syncToken", SyncToken.encode(zoneName, page.nextSequence()));
                g.writeBooleanField("moreComing", page.moreComing());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** A slow answer is the simulator's own behaviour (a virtual thread waits), not bridge logic. */
    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delaying a slow answer", e);
        }
    }

    void zonesList(Context ctx) {
        faults.check(FaultPlan.Operation.ZONES_LIST);
        respond(ctx, Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("zones");
            for (String zoneName : dataset.zoneNames()) {
                g.writeStartObject();
                RecordWriter.writeZoneId(g, zoneName);
                g.writeStringField(
                        "syncToken",
                        SyncToken.encode(zoneName, dataset.zone(zoneName).currentSequence()));
                g.writeBooleanField("atomic", true);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    void recordsLookup(Context ctx) {
        JsonNode body = Json.readObject(ctx.bodyAsBytes());
        ChangeLog zone = zone(body.get("zoneID"));
        JsonNode records = body.get("records");
        if (records == null || !records.isArray()) {
            throw CloudKitException.badRequest("'records' must be an array");
        }
        if (records.size() > maxResultsLimit) {
            throw CloudKitException.badRequest("at most " + maxResultsLimit + " records per lookup");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode record : records) {
            JsonNode name = record.get("recordName");
            if (name == null || !name.isTextual() || name.asText().isEmpty()) {
                throw CloudKitException.badRequest("every record needs a 'recordName'");
            }
            names.add(name.asText());
        }
        faults.check(FaultPlan.Operation.LOOKUP);
        RecordWriter writerNow = writer.get();
        respond(ctx, Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("records");
            for (String name : names) {
                var found = zone.lookup(name);
                if (found.isPresent()) {
                    writerNow.writeChange(g, zone.zoneName(), found.get());
                } else {
                    g.writeStartObject();
                    g.writeStringField("recordName", name);
                    g.writeStringField("reason", "record not found");
                    g.writeStringField("serverErrorCode", ServerErrorCode.NOT_FOUND.name());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private ZoneRequest parseZoneRequest(JsonNode node) {
        if (!node.isObject()) {
            throw CloudKitException.badRequest("every 'zones' entry must be an object");
        }
        ChangeLog zone = zone(node.get("zoneID"));
        JsonNode token = node.get("syncToken");
        boolean carriesToken =
                token != null && token.isTextual() && !token.asText().isEmpty();
        return new ZoneRequest(zone, afterSequence(token, zone), resultsLimit(node.get("resultsLimit")), carriesToken);
    }

    /** Resolves a zoneID dictionary; any access to a recoverable-delete zone is counted here. */
    private ChangeLog zone(JsonNode zoneId) {
        if (zoneId == null || !zoneId.isObject() || !zoneId.path("zoneName").isTextual()) {
            throw CloudKitException.badRequest("'zoneID.zoneName' is required");
        }
        String zoneName = zoneId.get("zoneName").asText();
        JsonNode owner = zoneId.get("ownerName");
        if (owner != null && !owner.isNull() && !Zones.OWNER.equals(owner.asText())) {
            throw new CloudKitException(ServerErrorCode.ZONE_NOT_FOUND, "no zone owned by " + owner.asText());
        }
        ChangeLog zone = dataset.findZone(zoneName)
                .orElseThrow(
                        () -> new CloudKitException(ServerErrorCode.ZONE_NOT_FOUND, "zone not found: " + zoneName));
        stats.zoneRequest(zoneName);
        if (Zones.isRecoverable(zoneName)) {
            stats.recoverableZoneAccess();
        }
        return zone;
    }

    private static long afterSequence(JsonNode token, ChangeLog zone) {
        if (token == null
                || token.isNull()
                || (token.isTextual() && token.asText().isEmpty())) {
            return 0;
        }
        if (!token.isTextual()) {
            throw CloudKitException.badRequest("'syncToken' must be a string");
        }
        return SyncToken.decode(token.asText(), zone.zoneName(), zone.currentSequence());
    }

    private int resultsLimit(JsonNode limit) {
        if (limit == null || limit.isNull()) {
            return Math.min(DEFAULT_RESULTS_LIMIT, maxResultsLimit);
        }
        if (!limit.canConvertToInt() || !limit.isIntegralNumber() || limit.asInt() < 1) {
            throw CloudKitException.badRequest("'resultsLimit' must be a positive integer");
        }
        return Math.min(limit.asInt(), maxResultsLimit);
    }

    private static void respond(Context ctx, byte[] json) {
        ctx.contentType("application/json").result(json);
    }
}
