package imbridge.core.sync;

import imbridge.core.model.Zone;

/** What one zone's part of a pass did. */
public record ZoneSyncResult(Zone zone, int pages, long records, long tombstones, long rejects, long skipped) {
}
