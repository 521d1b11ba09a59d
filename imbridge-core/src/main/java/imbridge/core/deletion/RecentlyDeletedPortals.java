package imbridge.core.deletion;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Portals deleted during this process's life (CloudKit tombstone or Matrix-side delete), kept in
 * memory on purpose (F1: no deleted-portal table); after a restart the soft-deleted rows and the
 * missing chat row carry the same information. Entries age out after {@code retention}.
 */
public final class RecentlyDeletedPortals {
    public record Entry(long deletedAtMs, boolean tombstone) {
    }

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

    public boolean contains(String portalId) {
        return entries.containsKey(portalId);
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
