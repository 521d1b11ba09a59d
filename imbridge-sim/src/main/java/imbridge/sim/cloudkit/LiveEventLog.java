package imbridge.sim.cloudkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every live event the feed emitted, numbered from 1 in emission order, and how far the client acknowledged them.
 * Not thread-safe: used under the {@link LiveFeed}'s monitor.
 */
final class LiveEventLog {

    /** One event as numbered by the feed. */
    record Emitted(long seq, Instant at, LiveEventData data) {}

    private final List<Emitted> events = new ArrayList<>();
    private final Map<LiveKind, Long> byKind = new EnumMap<>(LiveKind.class);
    private long ackedUpTo;

    /** Numbers and keeps the event; returns its sequence number. */
    long append(LiveEventData event, Instant at) {
        long seq = events.size() + 1L;
        events.add(new Emitted(seq, at, event));
        byKind.merge(event.kind(), 1L, Long::sum);
        return seq;
    }

    long size() {
        return events.size();
    }

    /** The event numbered {@code seq} (1 ≤ seq ≤ {@link #size()}). */
    Emitted get(long seq) {
        return events.get((int) seq - 1);
    }

    /** Acknowledges every event up to and including {@code seq}. */
    void ack(long seq) {
        if (seq < 0 || seq > events.size()) {
            throw new IllegalArgumentException("seq " + seq + " was never emitted (last seq " + events.size() + ")");
        }
        ackedUpTo = Math.max(ackedUpTo, seq);
    }

    long acked() {
        return ackedUpTo;
    }

    /** Acknowledged events emitted at or after {@code windowStart}: what a (re)connect sends again as stored. */
    List<Emitted> ackedSince(Instant windowStart) {
        List<Emitted> out = new ArrayList<>();
        for (Emitted e : events) {
            if (e.seq() <= ackedUpTo && !e.at().isBefore(windowStart)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Kind name to how many events of it were emitted. */
    Map<String, Long> countsByKind() {
        Map<String, Long> kinds = new LinkedHashMap<>();
        byKind.forEach((kind, n) -> kinds.put(kind.name(), n));
        return kinds;
    }
}
