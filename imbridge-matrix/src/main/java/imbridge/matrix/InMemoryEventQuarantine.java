package imbridge.matrix;

import imbridge.core.port.EventQuarantine;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An {@link EventQuarantine} in memory, for tests and tools without a store: the most recent {@code capacity}
 * entries, oldest forgotten first. It does not survive a restart of the bridge; the SQL store's does.
 */
public final class InMemoryEventQuarantine implements EventQuarantine {
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final Clock clock;
    private final Deque<Stored> entries = new ArrayDeque<>();
    private final Set<Entry> known = new HashSet<>();

    public InMemoryEventQuarantine() {
        this(DEFAULT_CAPACITY, Clock.systemUTC());
    }

    public InMemoryEventQuarantine(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized List<Entry> add(List<Entry> newEntries) {
        List<Entry> added = new ArrayList<>();
        for (Entry e : newEntries) {
            if (known.add(e)) {
                added.add(e);
                entries.addLast(new Stored(e, clock.millis()));
                if (entries.size() > capacity) {
                    known.remove(entries.removeFirst().entry());
                }
            }
        }
        return added;
    }

    @Override
    public synchronized long count() {
        return entries.size();
    }

    @Override
    public synchronized List<Stored> newest(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return entries.reversed().stream().limit(limit).toList();
    }
}
