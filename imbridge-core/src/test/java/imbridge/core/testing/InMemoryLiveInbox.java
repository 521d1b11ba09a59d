package imbridge.core.testing;

import imbridge.core.model.LiveEvent;
import imbridge.core.port.LiveInbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A {@link LiveInbox} in memory, for tests of the classes above it (the SQL one has its contract tests). */
public final class InMemoryLiveInbox implements LiveInbox {
    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    private final Map<Long, String> reasons = new LinkedHashMap<>();
    private final Map<String, Long> keys = new LinkedHashMap<>();
    private long nextId = 1;

    @Override
    public synchronized boolean append(LiveEvent event, long receivedMs) {
        if (keys.containsKey(event.eventKey())) {
            return false;
        }
        long id = nextId++;
        keys.put(event.eventKey(), id);
        entries.put(id, new Entry(id, event, Status.PENDING, null, receivedMs));
        return true;
    }

    @Override
    public synchronized List<Entry> pending(int limit) {
        return entries.values().stream().filter(e -> e.status() == Status.PENDING).limit(limit).toList();
    }

    @Override
    public synchronized void hold(long id, String portalId) {
        Entry e = entries.get(id);
        entries.put(id, new Entry(id, e.event(), Status.HELD, portalId, e.receivedMs()));
    }

    @Override
    public synchronized List<Entry> held(String portalId) {
        return entries.values().stream().filter(e -> e.status() == Status.HELD)
                .filter(e -> portalId == null || portalId.equals(e.portalId())).toList();
    }

    @Override
    public synchronized void complete(long id) {
        Entry e = entries.get(id);
        entries.put(id, new Entry(id, e.event(), Status.DONE, e.portalId(), e.receivedMs()));
    }

    @Override
    public synchronized void drop(long id, String reason) {
        Entry e = entries.get(id);
        entries.put(id, new Entry(id, e.event(), Status.DROPPED, e.portalId(), e.receivedMs()));
        reasons.put(id, reason);
    }

    @Override
    public synchronized Map<String, Long> dropCounts() {
        Map<String, Long> out = new TreeMap<>();
        reasons.values().forEach(r -> out.merge(r, 1L, Long::sum));
        return out;
    }

    @Override
    public synchronized List<Dropped> dropped(int limit) {
        List<Dropped> out = new ArrayList<>();
        reasons.forEach((id, r) -> out.add(new Dropped(entries.get(id).event(), r)));
        return out.stream().limit(limit).toList();
    }

    @Override
    public synchronized long count(Status status) {
        return entries.values().stream().filter(e -> e.status() == status).count();
    }

    @Override
    public synchronized int forgetDoneBefore(long cutoffMs) {
        return 0;
    }
}
