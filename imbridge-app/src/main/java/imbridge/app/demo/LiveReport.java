package imbridge.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.app.runtime.LiveRuntime;
import imbridge.app.verify.LiveVerification;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live phase in the demo's report: what the bridge received and did (its own counters, drops by reason) and
 * the verifier's live checks against the simulator's truth (resurrected rooms, live parts ahead of history,
 * drops the truth did not expect, owner messages that never reached Apple). The checks decide the exit code.
 */
final class LiveReport {
    private final Map<String, Object> live = new LinkedHashMap<>();
    private final LiveVerification.Result result;

    LiveReport(LiveRuntime.Snapshot bridge, LiveVerification.Result result, int ownerMessagesSent) {
        this.result = result;
        live.put("received", bridge.received());
        live.put("redeliveredIgnored", bridge.redelivered());
        live.put("connections", bridge.connections());
        live.put("handled", bridge.handled());
        live.put("dropsByReason", bridge.dropsByReason());
        live.put("pendingAtEnd", bridge.pending());
        live.put("heldAtEnd", bridge.held());
        live.put("expectedDropsListed", result.expectedDropsListed());
        live.put("ownerMessagesSent", ownerMessagesSent);
        live.put("ownerMessagesLost", result.ownerMessagesLost());
        live.put("resurrected", result.resurrected());
        live.put("liveAheadOfHistory", result.liveAheadOfHistory());
        live.put("unexpectedDrops", result.unexpectedDrops());
        var l = bridge.latency();
        Map<String, Object> bridgeLatency = new LinkedHashMap<>(); // the bridge's own timer: receipt to in room
        bridgeLatency.put("count", l.count());
        bridgeLatency.put("p50", l.p50());
        bridgeLatency.put("p95", l.p95());
        bridgeLatency.put("p99", l.p99());
        bridgeLatency.put("max", l.max());
        live.put("bridgeLatencyMs", bridgeLatency);
        live.put("samples", result.samples());
    }

    private LiveLatency latency;

    /** Adds the push-to-homeserver latency of live messages ({@code latencyMs} in the report). */
    LiveReport withLatency(LiveLatency latency) {
        this.latency = latency;
        live.put("latencyMs", latency.toMap());
        return this;
    }

    /** How many of the largest conversations' backfills ran while live messages arrived (-1: not measured). */
    LiveReport withLargeBackfills(int running) {
        if (running >= 0) {
            live.put("largeBackfillsDuringLive", running);
        }
        return this;
    }

    boolean ok() {
        return result.ok() && (long) live.get("pendingAtEnd") == 0 && (long) live.get("heldAtEnd") == 0;
    }

    static List<LiveVerification.BridgeDrop> drops(LiveRuntime.Snapshot bridge) {
        return bridge.dropped().stream()
                .map(d -> new LiveVerification.BridgeDrop(
                        d.event().guid(), d.event().kind().name(), d.reason()))
                .toList();
    }

    void print(PrintStream out) {
        out.printf(
                "live: %s: received %s, drops by reason %s, resurrected=%d liveAheadOfHistory=%d "
                        + "unexpectedDrops=%d ownerMessagesLost=%d, pending/held at end %s/%s%n",
                ok() ? "PASS" : "FAIL",
                live.get("received"),
                live.get("dropsByReason"),
                result.resurrected(),
                result.liveAheadOfHistory(),
                result.unexpectedDrops(),
                result.ownerMessagesLost(),
                live.get("pendingAtEnd"),
                live.get("heldAtEnd"));
        if (latency != null) {
            out.println("  " + latency.describe());
        }
        if (live.containsKey("largeBackfillsDuringLive")) {
            out.println("  large backfills running while live messages arrived: " + live.get("largeBackfillsDuringLive")
                    + " of the " + LargeBackfills.COUNT + " largest conversations");
        }
        result.samples().forEach(s -> out.println("  " + s));
    }

    void appendTo(Path reportJson) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = (ObjectNode) json.readTree(reportJson.toFile());
        root.set("live", json.valueToTree(live));
        json.writeValue(reportJson.toFile(), root);
    }
}
