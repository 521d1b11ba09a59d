package imbridge.sim.cloudkit;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters served at {@code /_sim/stats}. */
public final class SimStats {

    /**
     * A point-in-time copy of the counters; maps are sorted by key.
     *
     * @param pages          change pages answered normally (empty ones included)
     * @param faultsByCode   injected faults by error code or fault kind ({@code STALLED_TOKEN}, …)
     * @param pagesServed    per zone: change pages answered normally that held at least one change
     * @param requestsByZone per zone: {@code changes/zone} and {@code records/lookup} requests naming it
     */
    public record Snapshot(
            long requests,
            long pages,
            long assetDownloads,
            long recoverableZoneAccesses,
            Map<String, Long> faultsByCode,
            Map<String, Long> pagesServed,
            Map<String, Long> requestsByZone) {

        public Snapshot {
            faultsByCode = sorted(faultsByCode);
            pagesServed = sorted(pagesServed);
            requestsByZone = sorted(requestsByZone);
        }

        /** All injected faults. */
        public long faultsInjected() {
            return faultsByCode.values().stream().mapToLong(Long::longValue).sum();
        }

        private static Map<String, Long> sorted(Map<String, Long> map) {
            return Collections.unmodifiableMap(new TreeMap<>(map));
        }
    }

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong pages = new AtomicLong();
    private final AtomicLong assetDownloads = new AtomicLong();
    private final AtomicLong recoverableZoneAccesses = new AtomicLong();
    private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> pagesServed = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requestsByZone = new ConcurrentHashMap<>();

    void request() {
        requests.incrementAndGet();
    }

    /** A change page answered normally; {@code changes} is the number of records and tombstones in it. */
    void page(String zone, int changes) {
        pages.incrementAndGet();
        if (changes > 0) {
            pagesServed.computeIfAbsent(zone, z -> new LongAdder()).increment();
        }
    }

    void zoneRequest(String zone) {
        requestsByZone.computeIfAbsent(zone, z -> new LongAdder()).increment();
    }

    void assetDownload() {
        assetDownloads.incrementAndGet();
    }

    void recoverableZoneAccess() {
        recoverableZoneAccesses.incrementAndGet();
    }

    void faultInjected(String label) {
        faults.computeIfAbsent(label, l -> new LongAdder()).increment();
    }

    public Snapshot snapshot() {
        return new Snapshot(
                requests.get(),
                pages.get(),
                assetDownloads.get(),
                recoverableZoneAccesses.get(),
                copy(faults),
                copy(pagesServed),
                copy(requestsByZone));
    }

    private static Map<String, Long> copy(Map<String, LongAdder> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((key, value) -> out.put(key, value.sum()));
        return out;
    }
}
