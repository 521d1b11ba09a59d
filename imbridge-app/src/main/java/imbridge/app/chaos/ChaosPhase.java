package imbridge.app.chaos;

/**
 * The moments of a bridge's life a kill aims at, in the order a fresh bridge meets them. The offset of a kill is a
 * count the bridge reports of the work it did <em>in that life</em> (its metrics start at zero in every process), so
 * the same schedule aims at the same amount of work whatever the machine's speed.
 */
public enum ChaosPhase {
    /** The first sync, before the gate ever opened; offset: change pages committed. */
    BOOTSTRAP("bootstrap pages", "pages committed", 1, 4),
    /** Portals found after the gate opened and their rooms created; offset: new portal rooms. */
    DISCOVERY("discovery", "new portal rooms", 1, 3),
    /** Forward backfill sending history; offset: parts sent (checkpoints fall every 100). */
    BACKFILL_SENDS("backfill sends", "parts sent", 1, 400),
    /** Attachments downloaded, checked and uploaded; offset: attachments uploaded. */
    MEDIA_UPLOADS("media uploads", "attachments uploaded", 1, 20),
    /** Every backfill done, live messages flowing; offset: live events received. */
    LIVE("live", "live events received", 1, 40),
    /** The delayed incremental syncs after each start; offset: re-sync passes completed. */
    RESYNC("re-syncs", "re-sync passes completed", 1, 2);

    private final String label;
    private final String unit;
    private final int minOffset;
    private final int maxOffset;

    ChaosPhase(String label, String unit, int minOffset, int maxOffset) {
        this.label = label;
        this.unit = unit;
        this.minOffset = minOffset;
        this.maxOffset = maxOffset;
    }

    public String label() {
        return label;
    }

    /** What the offset counts. */
    public String unit() {
        return unit;
    }

    int minOffset() {
        return minOffset;
    }

    int maxOffset() {
        return maxOffset;
    }

    /**
     * Which stretch of the run the phase belongs to: the bootstrap happens once, then portals are discovered and
     * backfilled (rooms, sends and media interleave), then the bridge is live (live events and re-syncs interleave).
     * Kills are ordered by stretch so none aims at a stretch the bridge has already left.
     */
    int stretch() {
        return switch (this) {
            case BOOTSTRAP -> 0;
            case DISCOVERY, BACKFILL_SENDS, MEDIA_UPLOADS -> 1;
            case LIVE, RESYNC -> 2;
        };
    }
}
