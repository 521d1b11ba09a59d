package imbridge.core.deletion;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Portals deleted recently (CloudKit tombstone or Matrix-side delete): the re-import guard and
 * discovery consult it. There is no deleted-portal table (behaviour.md F1); the deletion time is kept on the
 * portal row itself and {@link #seed seeded} back at start, so an interrupted bootstrap that resumes
 * after a tombstone does not bridge the rest of the deleted chat. Entries age out after {@code retention}.
 */
public final class RecentlyDeletedPortals {
    public record Entry(long deletedAtMs, boolean tombstone) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration retention;

    public RecentlyDeletedPortals(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    public void mark(String portalId, boolean tombstone) {
        entries.put(portalId, new Entry(clock.millis(), tombstone));
    }

    /** Restores what an earlier run of the process knew (the store keeps deletion times on portal rows). */
    public void seed(java.util.Map<String, Long> deletedAtMs) {
        deletedAtMs.forEach((portal, at) -> entries.putIfAbsent(portal, new Entry(at, true)));
    }

    public boolean contains(String portalId) {
        return entries.containsKey(portalId);
    }

    /** When the portal was deleted, if it is on the list. */
    public java.util.OptionalLong deletedAt(String portalId) {
        Entry e = entries.get(portalId);
        return e == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(e.deletedAtMs());
    }

    /** A restore (or a genuinely new conversation) takes the portal off the list. */
    public void clear(String portalId) {
        entries.remove(portalId);
    }

    public Set<String> snapshot() {
        return Set.copyOf(entries.keySet());
    }

    public int prune() {
        long cutoff = clock.millis() - retention.toMillis();
        int before = entries.size();
        entries.values().removeIf(e -> e.deletedAtMs() < cutoff);
        return before - entries.size();
    }
}
