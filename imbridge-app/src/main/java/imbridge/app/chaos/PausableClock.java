package imbridge.app.chaos;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulator's clock in a chaos run: real time while running, frozen while paused (it never goes back). The live
 * script is timed on it, so the runner can spend the script only while a bridge is there to receive it — a machine
 * slowed by restarts then cannot let the script run out in the dead time between lives.
 */
final class PausableClock extends Clock {
    private final Clock base;
    private Duration paused = Duration.ZERO;
    private Instant pausedAt;

    /** Starts paused. */
    PausableClock(Clock base) {
        this.base = base;
        this.pausedAt = base.instant();
    }

    synchronized void run() {
        if (pausedAt != null) {
            paused = paused.plus(Duration.between(pausedAt, base.instant()));
            pausedAt = null;
        }
    }

    synchronized void pause() {
        if (pausedAt == null) {
            pausedAt = base.instant();
        }
    }

    @Override
    public synchronized Instant instant() {
        return (pausedAt != null ? pausedAt : base.instant()).minus(paused);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulator's clock is UTC");
    }
}
