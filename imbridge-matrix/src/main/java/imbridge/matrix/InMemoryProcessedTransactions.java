package imbridge.matrix;

import java.util.LinkedHashMap;
import java.util.Map;

/** The last {@code capacity} processed transaction IDs, least recently used evicted first. */
public final class InMemoryProcessedTransactions implements ProcessedTransactions {
    /** Homeservers retry only recent transactions; mautrix-go nominally keeps 128. */
    public static final int DEFAULT_CAPACITY = 128;

    private final Map<String, Boolean> lru;

    public InMemoryProcessedTransactions() {
        this(DEFAULT_CAPACITY);
    }

    public InMemoryProcessedTransactions(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.lru = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized boolean contains(String txnId) {
        return lru.get(txnId) != null;
    }

    @Override
    public synchronized void markProcessed(String txnId) {
        lru.put(txnId, Boolean.TRUE);
    }
}
