package imbridge.app.demo;

import imbridge.core.util.Ticker;
import imbridge.sim.cloudkit.LiveFeed;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How long live messages took from the simulator pushing them to the homeserver accepting them, joined in the demo's
 * process on the JVM's monotonic timer ({@link Ticker#SYSTEM}, which the simulator and the double read too): push
 * times from the simulator, accept times from the homeserver double (the
 * message's last part), and per portal the time its history was first committed, from the bridge's progress. Only
 * messages of portals whose history was complete when the message was pushed count: the others wait behind their
 * history by design. Percentiles are nearest-rank.
 *
 * @param count           messages counted
 * @param historyPending  delivered messages left out: their portal's history was not committed when they were pushed
 * @param notDelivered    pushed messages no accepted event carries (dropped by design, or lost: the verifier judges)
 */
record LiveLatency(long count, long historyPending, long notDelivered, double p50, double p95, double p99, double max) {

    /**
     * @param accepted         message GUID (upper case) to the {@link Ticker#SYSTEM} time its last part was accepted
     * @param historyCommitted portal ID to the {@link Ticker#SYSTEM} time its history was first committed, or null
     */
    static LiveLatency of(
            List<LiveFeed.MessagePush> pushes, Map<String, Long> accepted, Function<String, Long> historyCommitted) {
        long[] nanos = new long[pushes.size()];
        int n = 0;
        long pending = 0;
        long missing = 0;
        for (LiveFeed.MessagePush push : pushes) {
            Long at = accepted.get(push.guid().toUpperCase(Locale.ROOT));
            if (at == null) {
                missing++;
                continue;
            }
            Long committed = push.portalId() == null ? null : historyCommitted.apply(push.portalId());
            if (committed == null || committed > push.pushedNanos()) {
                pending++;
                continue;
            }
            nanos[n++] = Math.max(0, at - push.pushedNanos());
        }
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        return new LiveLatency(
                n,
                pending,
                missing,
                ms(rank(sorted, 0.50)),
                ms(rank(sorted, 0.95)),
                ms(rank(sorted, 0.99)),
                ms(n == 0 ? 0 : sorted[n - 1]));
    }

    /** The key the homeserver double times events by: the bridge's part marker's GUID; edits are not counted. */
    static String markerGuid(com.fasterxml.jackson.databind.node.ObjectNode content) {
        if ("m.replace".equals(content.path("m.relates_to").path("rel_type").asText(""))) {
            return null;
        }
        com.fasterxml.jackson.databind.JsonNode guid =
                content.path("com.imbridge.part").path("guid");
        return guid.isTextual() ? guid.asText().toUpperCase(Locale.ROOT) : null;
    }

    private static long rank(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0; // two decimals
    }

    /** The report's {@code latencyMs} object. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("p50", p50);
        m.put("p95", p95);
        m.put("p99", p99);
        m.put("max", max);
        m.put("historyPending", historyPending);
        m.put("notDelivered", notDelivered);
        return m;
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "latency push→homeserver over %d message(s) of portals with complete "
                        + "history: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%d left out: history pending; "
                        + "%d not delivered)",
                count,
                p50,
                p95,
                p99,
                max,
                historyPending,
                notDelivered);
    }
}
