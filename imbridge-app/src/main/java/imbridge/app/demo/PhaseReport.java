package imbridge.app.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's {@code phases}: each demo phase's wall time with the lower bounds measured for it in the same run
 * (the network: pages or assets fetched by a plain client; the homeserver: events sent by plain clients with the
 * same rooms in parallel), the bound that decided it (the largest one: nothing can finish faster than it) and the
 * phase's ratio to it. A phase far above every bound is the bridge's own cost.
 */
final class PhaseReport {
    private final List<Map<String, Object>> phases = new ArrayList<>();

    /**
     * @param walls  wall ms per phase, in order
     * @param bounds per phase, lower bounds in ms by what they measure ({@code network}, {@code homeserver}, …)
     */
    PhaseReport(Map<String, Long> walls, Map<String, Map<String, Long>> bounds) {
        walls.forEach((name, wall) -> {
            if (wall <= 0 || name.equals("starting") || name.equals("done") || name.equals("fetch-bound")) {
                return;
            }
            Map<String, Object> phase = new LinkedHashMap<>();
            phase.put("phase", name);
            phase.put("wallMs", wall);
            Map<String, Long> known = new LinkedHashMap<>();
            bounds.getOrDefault(name, Map.of()).forEach((what, ms) -> {
                if (ms != null && ms > 0) {
                    known.put(what, ms);
                }
            });
            if (!known.isEmpty()) {
                phase.put("boundsMs", known);
                var decider = known.entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .orElseThrow();
                phase.put("decidedBy", decider.getKey());
                phase.put("ratio", Math.round(100.0 * wall / decider.getValue()) / 100.0);
            }
            phases.add(phase);
        });
    }

    List<Map<String, Object>> phases() {
        return phases;
    }

    void print(PrintStream out) {
        out.println("phases:");
        for (Map<String, Object> p : phases) {
            out.printf(
                    "  %-10s %8d ms%s%n",
                    p.get("phase"),
                    (Long) p.get("wallMs"),
                    p.containsKey("decidedBy")
                            ? "  bound by " + p.get("decidedBy") + " " + p.get("boundsMs") + ", ratio " + p.get("ratio")
                            : "  (no external bound measured)");
        }
    }

    /**
     * The lower bounds of each phase measured in this run. Backfill: no plain client gets the parts in faster than
     * all of them at the probe's rate with the backfill's portal concurrency, nor the largest portal's at the
     * single-room rate (one room is one sequential sender).
     */
    static java.util.Map<String, java.util.Map<String, Long>> boundsOf(
            BackfillTimings timings, double[] ingestRates, SyncReport sync) {
        java.util.Map<String, java.util.Map<String, Long>> bounds = new java.util.LinkedHashMap<>();
        if (sync != null) { // the network: a plain client fetching the same pages, or the round trips alone
            bounds.put("syncing", java.util.Map.of("network", Math.max(sync.fetchBoundMs(), sync.roundTripBoundMs())));
        }
        if (ingestRates.length > 0) {
            long all = Math.round(timings.totalPartsSent() * 1000.0 / ingestRates[ingestRates.length - 1]);
            long largest = Math.round(timings.largestPortalParts() * 1000.0 / ingestRates[0]);
            bounds.put("backfill", java.util.Map.of("homeserver", Math.max(all, largest)));
        }
        return bounds;
    }
}
