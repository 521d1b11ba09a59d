package imbridge.app.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts kept by an object the engine builds (the attachment pipeline's statistics, the live path's receiver and
 * processor), made to last the runtime's whole life: a rebuilt engine starts its objects at zero, which Prometheus
 * would read as a counter reset, so what the replaced object had counted is carried into every later total.
 *
 * <p>The runtime reads the counts once more after it stopped an engine and before it builds the next, so nothing the
 * old object counted after the last scrape is lost.
 */
final class CarriedCounts {
    private final Map<String, Long> carried = new HashMap<>();
    private Object source;
    private Map<String, Long> lastRead = Map.of();

    /**
     * The totals by name: {@code counts} (read now from {@code source}, null when there is none) plus what every
     * source before it counted.
     */
    synchronized Map<String, Long> totals(Object source, Map<String, Long> counts) {
        if (source != this.source) {
            lastRead.forEach((name, n) -> carried.merge(name, n, Long::sum));
            this.source = source;
        }
        lastRead = source == null ? Map.of() : Map.copyOf(counts);
        Map<String, Long> out = new HashMap<>(carried);
        lastRead.forEach((name, n) -> out.merge(name, n, Long::sum));
        return out;
    }
}
