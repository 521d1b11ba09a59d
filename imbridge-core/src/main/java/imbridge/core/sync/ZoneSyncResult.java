package imbridge.core.sync;

import imbridge.core.model.Zone;

/**
 * What one zone's part of a pass did.
 *
 * @param fetchCpuNanos  CPU of the fetching thread for the committed pages (request, JSON and record decoding)
 * @param ingestCpuNanos CPU of the ingesting thread (rows, portal resolution, the page's transaction)
 */
public record ZoneSyncResult(
        Zone zone,
        int pages,
        long records,
        long tombstones,
        long rejects,
        long skipped,
        long fetchCpuNanos,
        long ingestCpuNanos) {

    public ZoneSyncResult(Zone zone, int pages, long records, long tombstones, long rejects, long skipped) {
        this(zone, pages, records, tombstones, rejects, skipped, 0, 0);
    }

    /** The bridge's own CPU per committed page (decode + ingest), in milliseconds; 0 without pages. */
    public double cpuMsPerPage() {
        return pages == 0 ? 0 : (fetchCpuNanos + ingestCpuNanos) / 1e6 / pages;
    }
}
