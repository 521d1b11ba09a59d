package imbridge.sim.hs;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters served by {@code GET /_double/stats}. */
final class DoubleStats {
    private final LongAdder sends = new LongAdder();
    private final LongAdder dedupedSends = new LongAdder();
    private final LongAdder transactionsPushed = new LongAdder();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

    void send() {
        sends.increment();
    }

    void dedupedSend() {
        dedupedSends.increment();
    }

    void transactionPushed() {
        transactionsPushed.increment();
    }

    void rejected(String errcode) {
        rejected.computeIfAbsent(errcode, k -> new LongAdder()).increment();
    }

    Map<String, Object> snapshot() {
        Map<String, Long> rejectedCounts = new TreeMap<>();
        rejected.forEach((code, count) -> rejectedCounts.put(code, count.sum()));
        return Map.of(
                "sends", sends.sum(),
                "dedupedSends", dedupedSends.sum(),
                "rejected", rejectedCounts,
                "transactionsPushed", transactionsPushed.sum());
    }
}
