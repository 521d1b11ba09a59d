package imbridge.sim.hs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters served by {@code GET /_double/stats}. */
final class DoubleStats {
    private final LongAdder sends = new LongAdder();
    private final LongAdder dedupedSends = new LongAdder();
    private final LongAdder transactionsPushed = new LongAdder();
    private final LongAdder batchSends = new LongAdder();
    private final LongAdder batchEvents = new LongAdder();
    private final LongAdder dedupedBatchEvents = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> faultsInjected = new ConcurrentHashMap<>();

    void send() {
        sends.increment();
    }

    void dedupedSend() {
        dedupedSends.increment();
    }

    void transactionPushed() {
        transactionsPushed.increment();
    }

    void batchSend(int created, int deduped) {
        batchSends.increment();
        batchEvents.add(created);
        dedupedBatchEvents.add(deduped);
    }

    void restart() {
        restarts.increment();
    }

    void faultInjected(String label) {
        faultsInjected.computeIfAbsent(label, k -> new LongAdder()).increment();
    }

    void rejected(String errcode) {
        rejected.computeIfAbsent(errcode, k -> new LongAdder()).increment();
    }

    Map<String, Object> snapshot() {
        Map<String, Long> rejectedCounts = new TreeMap<>();
        rejected.forEach((code, count) -> rejectedCounts.put(code, count.sum()));
        Map<String, Long> faultCounts = new TreeMap<>();
        faultsInjected.forEach((label, count) -> faultCounts.put(label, count.sum()));
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("sends", sends.sum());
        snapshot.put("dedupedSends", dedupedSends.sum());
        snapshot.put("rejected", rejectedCounts);
        snapshot.put("transactionsPushed", transactionsPushed.sum());
        snapshot.put("batchSends", batchSends.sum());
        snapshot.put("batchEvents", batchEvents.sum());
        snapshot.put("dedupedBatchEvents", dedupedBatchEvents.sum());
        snapshot.put("faultsInjected", faultCounts);
        snapshot.put("restarts", restarts.sum());
        return snapshot;
    }
}
