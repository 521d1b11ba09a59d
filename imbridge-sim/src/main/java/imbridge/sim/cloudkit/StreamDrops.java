package imbridge.sim.cloudkit;

/**
 * The {@link FaultFamily#LIVE} fault: the stream connection is dropped before a fresh event every 25–60 fresh
 * events (seeded). Not thread-safe: used under the {@link LiveFeed}'s monitor.
 */
final class StreamDrops {
    private static final int MIN_GAP = 25;
    private static final int MAX_GAP = 60;

    private final SplitMix64 rnd;
    private final boolean enabled;
    private int freshSinceDrop;
    private int nextDropAfter;

    StreamDrops(SplitMix64 rnd, boolean enabled) {
        this.rnd = rnd;
        this.enabled = enabled;
        this.nextDropAfter = rnd.nextInt(MIN_GAP, MAX_GAP);
    }

    /** Whether to drop the connection instead of sending the next fresh event; a drop starts the next gap. */
    boolean dropBeforeFresh() {
        if (!enabled || freshSinceDrop < nextDropAfter) {
            return false;
        }
        freshSinceDrop = 0;
        nextDropAfter = rnd.nextInt(MIN_GAP, MAX_GAP);
        return true;
    }

    void freshSent() {
        freshSinceDrop++;
    }
}
