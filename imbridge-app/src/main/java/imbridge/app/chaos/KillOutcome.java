package imbridge.app.chaos;

/**
 * How one kill went.
 *
 * @param result  {@code hit} (killed inside its phase at its offset), {@code phase over} (the bridge had left the
 *                phase; killed at once), {@code no progress} (the bound ran out) or {@code exited} (the bridge ended
 *                by itself before it was killed)
 * @param atKill  the last snapshot before the kill, null if the bridge never answered
 */
public record KillOutcome(ChaosSchedule.Kill kill, String result, BridgeSnapshot atKill, long lifeMs) {
    static final String HIT = "hit";
    static final String PHASE_OVER = "phase over";
    static final String NO_PROGRESS = "no progress";
    static final String EXITED = "exited";

    public boolean hit() {
        return result.equals(HIT);
    }

    /** A kill that says something is wrong with the bridge (or the run), not with the schedule. */
    public boolean failed() {
        return result.equals(NO_PROGRESS) || result.startsWith(EXITED);
    }

    String describe() {
        String at = atKill == null
                ? "bridge never answered"
                : String.format(
                        "gate %s, %d pages, %d rooms, %d parts, %d media, %d live, %d syncs",
                        atKill.gateOpen() ? "open" : "closed",
                        atKill.pages(),
                        atKill.roomsCreated(),
                        atKill.partsSent(),
                        atKill.mediaUploaded(),
                        atKill.liveReceived(),
                        atKill.syncPassesOk());
        return String.format(
                "kill %2d %-15s %-11s after %5.1f s (%s)",
                kill.number(), kill.phase().label(), result, lifeMs / 1000.0, at);
    }
}
