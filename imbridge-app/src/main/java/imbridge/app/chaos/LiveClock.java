package imbridge.app.chaos;

import imbridge.core.util.Ticker;
import java.io.IOException;
import java.time.Duration;

/**
 * When the simulator's clock — and so its live script — runs: only while a life of the bridge has its gate open, so
 * the script is spent on bridges that can receive it. Lives aimed at the backfill stretch may spend a third of it
 * (live messages meet held portals); the rest is kept for the live stretch and the last life.
 */
final class LiveClock {
    private final ChaosWorld world;
    private final Ticker ticker;
    private long backfillBudgetMs;
    private boolean running;
    private long runningSince;
    private boolean chargeBackfill;

    LiveClock(ChaosWorld world, Ticker ticker, Duration liveDuration) {
        this.world = world;
        this.ticker = ticker;
        this.backfillBudgetMs = liveDuration.toMillis() / 3;
    }

    /** After each poll of a life aimed at {@code stretch} (null: the last life, which runs the script to its end). */
    void observe(Integer stretch, boolean gateOpen) throws IOException {
        boolean backfill = stretch != null && stretch < 2;
        if (running && chargeBackfill) {
            long now = ticker.nanos();
            backfillBudgetMs -= (now - runningSince) / 1_000_000;
            runningSince = now;
        }
        boolean want = gateOpen && (stretch == null || stretch == 2 || (backfill && backfillBudgetMs > 0));
        if (want != running) {
            world.clock(want);
            running = want;
            runningSince = ticker.nanos();
        }
        chargeBackfill = backfill;
    }

    /** The bridge was killed: the script waits for the next life. */
    void stop() throws IOException {
        if (running) {
            world.clock(false);
            running = false;
        }
    }
}
