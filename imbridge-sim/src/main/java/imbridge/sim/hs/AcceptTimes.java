package imbridge.sim.hs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.sim.SimTicker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * When the double accepted message events (a send or batch send about to answer 200), by a key the caller reads
 * from each event's content: a bridge's own message marker, say. Opt-in ({@link HomeserverDouble#recordAcceptTimes})
 * because it costs an entry per keyed event. Times come from the injected {@link SimTicker}
 * ({@link SimTicker#SYSTEM} in the double), so a report in the same process can set them against other components' times on the same ticker. A
 * key seen in several events (a message of several parts) keeps the latest: the message is in its room once its
 * last part is.
 */
public final class AcceptTimes {
    private final Function<ObjectNode, String> keyOf;
    private final SimTicker ticker;
    private final Map<String, Long> latestNanos = new ConcurrentHashMap<>();

    /** @param keyOf the key of an event's content, or null for events that are not counted */
    AcceptTimes(Function<ObjectNode, String> keyOf, SimTicker ticker) {
        this.keyOf = keyOf;
        this.ticker = ticker;
    }

    /** Events stored by one request: they share one accept time. */
    void accepted(List<Event> events) {
        long nanos = ticker.nanos();
        events.forEach(e -> accepted(e, nanos));
    }

    private void accepted(Event event, long nanos) {
        if (event.isState() || !"m.room.message".equals(event.type()) && !"m.reaction".equals(event.type())) {
            return;
        }
        String key = keyOf.apply(event.content());
        if (key != null) {
            latestNanos.merge(key, nanos, Math::max);
        }
    }

    /** Key to the {@link SimTicker#nanos()} of the latest accepted event carrying it. */
    public Map<String, Long> snapshot() {
        return Map.copyOf(latestNanos);
    }
}
