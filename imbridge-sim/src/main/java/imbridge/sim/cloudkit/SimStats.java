package imbridge.sim.cloudkit;

import java.util.concurrent.atomic.AtomicLong;

/** Counters served at {@code /_sim/stats}. */
public final class SimStats {

    /** A point-in-time copy of the counters. */
    public record Snapshot(long requests, long pages, long assetDownloads, long recoverableZoneAccesses,
                           long faultsInjected) {
    }

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong pages = new AtomicLong();
    private final AtomicLong assetDownloads = new AtomicLong();
    private final AtomicLong recoverableZoneAccesses = new AtomicLong();
    private final AtomicLong faultsInjected = new AtomicLong();

    void request() {
        requests.incrementAndGet();
    }

    void page() {
        pages.incrementAndGet();
    }

    void assetDownload() {
        assetDownloads.incrementAndGet();
    }

    void recoverableZoneAccess() {
        recoverableZoneAccesses.incrementAndGet();
    }

    void faultInjected() {
        faultsInjected.incrementAndGet();
    }

    public Snapshot snapshot() {
        return new Snapshot(requests.get(), pages.get(), assetDownloads.get(), recoverableZoneAccesses.get(),
                faultsInjected.get());
    }
}
