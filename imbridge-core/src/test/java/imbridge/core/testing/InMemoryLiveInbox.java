package imbridge.core.testing;

import imbridge.core.model.LiveEvent;
import imbridge.core.port.LiveInbox;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A {@link LiveInbox} in memory, for tests of the classes above it. It keeps the SQL inbox's contract (the store runs
 * the same contract suite against both): idempotent appends by event key, final verdicts, the same refusals.
 */
public final class InMemoryLiveInbox implements LiveInbox {
    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z0-9_]{0,99}");

    private record Slot(Entry entry, String reason, long updatedMs) {}

    private final Clock clock;
    private final Map<Long, Slot> slots = new LinkedHashMap<>();
    private final Map<String, Long> keys = new LinkedHashMap<>();
    private long nextId = 1;

    public InMemoryLiveInbox() {
        this(Clock.systemUTC());
    }

    /** @param clock stamps each change, for {@link #forgetDoneBefore} */
    public InMemoryLiveInbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized boolean append(LiveEvent event, long receivedMs) {
        Objects.requireNonNull(event, "event");
        if (keys.containsKey(event.eventKey())) {
            return false;
        }
        long id = nextId++;
        keys.put(event.eventKey(), id);
        slots.put(id, new Slot(new Entry(id, event, Status.PENDING, null, receivedMs), null, clock.millis()));
        return true;
    }

    @Override
    public synchronized List<Entry> pending(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return entries().filter(e -> e.status() == Status.PENDING).limit(limit).toList();
    }

    @Override
    public synchronized void hold(long id, String portalId) {
        if (portalId == null || portalId.isBlank()) {
            throw new IllegalArgumentException("a held live event needs a portal (entry " + id + ")");
        }
        transition(id, Status.HELD, portalId, null);
    }

    @Override
    public synchronized List<Entry> held(String portalId) {
        return entries()
                .filter(e -> e.status() == Status.HELD)
                .filter(e -> portalId == null || portalId.equals(e.portalId()))
                .toList();
    }

    @Override
    public synchronized void complete(long id) {
        transition(id, Status.DONE, null, null);
    }

    @Override
    public synchronized void drop(long id, String reason) {
        if (reason == null || !REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException(
                    "drop reason must be an upper-case code like STORED_ALREADY_BRIDGED, got '" + reason + "'");
        }
        transition(id, Status.DROPPED, null, reason);
    }

    @Override
    public synchronized Map<String, Long> dropCounts() {
        Map<String, Long> out = new TreeMap<>();
        slots.values().stream().filter(s -> s.reason() != null).forEach(s -> out.merge(s.reason(), 1L, Long::sum));
        return out;
    }

    @Override
    public synchronized List<Dropped> dropped(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        List<Dropped> out = new ArrayList<>();
        slots.values().stream()
                .filter(s -> s.reason() != null)
                .forEach(s -> out.add(new Dropped(s.entry().event(), s.reason())));
        return out.stream().limit(limit).toList();
    }

    @Override
    public synchronized long count(Status status) {
        Objects.requireNonNull(status, "status");
        return entries().filter(e -> e.status() == status).count();
    }

    @Override
    public synchronized int forgetDoneBefore(long cutoffMs) {
        List<Long> old = slots.entrySet().stream()
                .filter(s -> s.getValue().entry().status() == Status.DONE
                        && s.getValue().updatedMs() < cutoffMs)
                .map(Map.Entry::getKey)
                .toList();
        for (Long id : old) {
            keys.remove(slots.remove(id).entry().event().eventKey());
        }
        return old.size();
    }

    private java.util.stream.Stream<Entry> entries() {
        return slots.values().stream().map(Slot::entry);
    }

    /** PENDING or HELD → target; a verdict (DONE, DROPPED) is final; an unknown ID is the caller's bug. */
    private void transition(long id, Status target, String portalId, String reason) {
        Slot slot = slots.get(id);
        if (slot == null) {
            throw new IllegalArgumentException("no live inbox entry " + id);
        }
        Entry e = slot.entry();
        if (e.status() == Status.DONE || e.status() == Status.DROPPED) {
            return;
        }
        String portal = portalId != null ? portalId : e.portalId();
        slots.put(id, new Slot(new Entry(id, e.event(), target, portal, e.receivedMs()), reason, clock.millis()));
    }
}
