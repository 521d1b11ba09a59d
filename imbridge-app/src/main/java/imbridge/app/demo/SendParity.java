package imbridge.app.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Homeserver parity: the events per second the bridge's backfill got into the homeserver, against what plain
 * sequential clients got in with the same number of rooms in parallel ({@link IngestRateProbe}, same run). The
 * backfill is cut into windows; a window's room count is the number of portals that committed sends in it, and
 * its baseline is the probe's rate for that many rooms over the window. The ratio is all the bridge's events
 * over all the baselines, so a window where three portals send is judged against three plain clients, the big
 * chat's lonely tail against one.
 */
final class SendParity {
    static final long WINDOW_MS = 2_000;
    /** The acceptance margin: the bridge at least 0.9 × a plain client. */
    static final double MIN_RATIO = 0.9;

    private final Map<Long, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long parts;
        final Set<String> portals = ConcurrentHashMap.newKeySet();
    }

    /** Called when a portal committed {@code parts} sent parts at {@code nowMs}. */
    void sent(String portalId, int parts, long nowMs) {
        Window w = windows.computeIfAbsent(nowMs / WINDOW_MS, k -> new Window());
        synchronized (w) {
            w.parts += parts;
        }
        w.portals.add(portalId);
    }

    /**
     * @param probeRates events per second of plain clients with 1, 2, … rooms in parallel (index 0 = one room);
     *                   windows with more rooms than probed are judged against the largest probe
     */
    Map<String, Object> report(double[] probeRates) {
        Map<String, Object> out = new LinkedHashMap<>();
        TreeMap<Long, Window> sorted = new TreeMap<>(windows);
        if (sorted.size() < 3 || probeRates.length == 0) {
            out.put("windows", sorted.size());
            out.put("ratio", null);
            return out;
        }
        // The first and last windows are partly idle (the backfill starts and ends inside them).
        sorted.pollFirstEntry();
        sorted.pollLastEntry();
        double events = 0;
        double baseline = 0;
        Map<Integer, Integer> windowsByRooms = new TreeMap<>();
        for (Window w : sorted.values()) {
            int rooms = w.portals.size();
            events += w.parts;
            baseline += probeRates[Math.min(rooms, probeRates.length) - 1] * WINDOW_MS / 1000.0;
            windowsByRooms.merge(rooms, 1, Integer::sum);
        }
        double seconds = sorted.size() * WINDOW_MS / 1000.0;
        out.put("windows", sorted.size());
        out.put("windowMs", WINDOW_MS);
        out.put("windowsByRooms", windowsByRooms);
        out.put(
                "probeEventsPerSecByRooms",
                java.util.Arrays.stream(probeRates).mapToObj(Math::round).toList());
        out.put("bridgeEventsPerSec", Math.round(events / seconds));
        out.put("plainClientEventsPerSec", Math.round(baseline / seconds));
        double ratio = baseline > 0 ? events / baseline : 0;
        out.put("ratio", Math.round(ratio * 100) / 100.0);
        out.put("withinBound", ratio >= MIN_RATIO);
        return out;
    }
}
