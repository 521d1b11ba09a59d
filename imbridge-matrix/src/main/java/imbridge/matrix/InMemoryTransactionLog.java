package imbridge.matrix;

import imbridge.core.port.TransactionLog;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link TransactionLog} in memory, for tests and stores without one: the most recent
 * {@code transactions} transaction keys and {@code events} event IDs, least recently used evicted first.
 * It does not survive a restart of the bridge; the SQL store's log does.
 */
public final class InMemoryTransactionLog implements TransactionLog {
    /** Homeservers retry only recent transactions; mautrix-go nominally keeps 128. */
    public static final int DEFAULT_TRANSACTIONS = 128;
    /** Room for the events of those transactions (up to 100 each) with margin. */
    public static final int DEFAULT_EVENTS = 100_000;

    private final Map<String, Long> transactions;
    private final Map<String, Long> events;
    private final Clock clock;

    public InMemoryTransactionLog() {
        this(DEFAULT_TRANSACTIONS, DEFAULT_EVENTS);
    }

    public InMemoryTransactionLog(int transactionCapacity, int eventCapacity) {
        this(transactionCapacity, eventCapacity, Clock.systemUTC());
    }

    /** @param clock stamps processed entries, on the scale of {@link #forgetBefore}'s cutoff */
    public InMemoryTransactionLog(int transactionCapacity, int eventCapacity, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (transactionCapacity < 1 || eventCapacity < 1) {
            throw new IllegalArgumentException(
                    "capacities must be at least 1, got " + transactionCapacity + " and " + eventCapacity);
        }
        this.transactions = lru(transactionCapacity);
        this.events = lru(eventCapacity);
    }

    @Override
    public synchronized boolean isProcessed(String txnId, String eventsDigest) {
        return transactions.get(key(txnId, eventsDigest)) != null;
    }

    @Override
    public synchronized Set<String> processedEvents(Collection<String> eventIds) {
        Set<String> seen = new LinkedHashSet<>();
        for (String id : eventIds) {
            if (events.get(id) != null) {
                seen.add(id);
            }
        }
        return seen;
    }

    @Override
    public synchronized void markProcessed(String txnId, String eventsDigest, Collection<String> eventIds) {
        long now = clock.millis();
        transactions.put(key(txnId, eventsDigest), now);
        eventIds.forEach(id -> events.put(id, now));
    }

    @Override
    public synchronized int forgetBefore(long cutoffMs) {
        int before = transactions.size() + events.size();
        transactions.values().removeIf(ts -> ts < cutoffMs);
        events.values().removeIf(ts -> ts < cutoffMs);
        return before - transactions.size() - events.size();
    }

    private static String key(String txnId, String digest) {
        return txnId + "\u0000" + digest;
    }

    private static Map<String, Long> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }
}
