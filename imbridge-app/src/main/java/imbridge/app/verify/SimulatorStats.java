package imbridge.app.verify;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the CloudKit simulator counted while the bridge ran ({@code GET /_sim/stats}), as far as the report
 * needs it. Maps are sorted by key.
 *
 * @param recoverableZoneAccesses requests that touched a "Recently Deleted" zone; a correct bridge makes none
 * @param pagesServed             per zone: change pages answered normally that held at least one change
 * @param requestsByZone          per zone: {@code changes/zone} and {@code records/lookup} requests naming it
 * @param faultsInjected          per error code or fault kind: faults the simulator injected
 */
public record SimulatorStats(
        long requests,
        long recoverableZoneAccesses,
        Map<String, Long> pagesServed,
        Map<String, Long> requestsByZone,
        Map<String, Long> faultsInjected) {
    public SimulatorStats {
        pagesServed = sorted(pagesServed);
        requestsByZone = sorted(requestsByZone);
        faultsInjected = sorted(faultsInjected);
    }

    public long faultsInjectedTotal() {
        return faultsInjected.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> sorted(Map<String, Long> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
