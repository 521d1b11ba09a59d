package imbridge.app.chaos;

/**
 * Whether a life of the bridge has reached its kill's target: the phase is on and the life has done the offset's
 * amount of its work. A phase the bridge has left for good (the bootstrap once the gate opened, discovery and
 * backfill once every backfill is done, live once the stream has nothing more) ends the wait too, so a schedule
 * written for a slower machine still runs; the report says which kills hit their phase.
 */
final class KillTarget {
    enum Verdict {
        WAIT,
        HIT,
        PHASE_OVER
    }

    private KillTarget() {}

    /**
     * @param first          the life's first snapshot (rooms are a durable count; the metrics start at zero anyway)
     * @param gateOpenedBefore the gate opened in an earlier life or earlier in this one: the bootstrap is over
     * @param liveStreamOver the simulator's live script is complete and every event acknowledged
     */
    static Verdict judge(
            ChaosSchedule.Kill kill,
            BridgeSnapshot first,
            BridgeSnapshot now,
            boolean gateOpenedBefore,
            boolean liveStreamOver) {
        int offset = kill.offset();
        return switch (kill.phase()) {
            case BOOTSTRAP -> {
                if (gateOpenedBefore || now.gateOpen()) {
                    yield Verdict.PHASE_OVER;
                }
                yield now.pages() >= offset ? Verdict.HIT : Verdict.WAIT;
            }
            case DISCOVERY -> {
                if (now.gateOpen() && now.roomsCreated() - first.roomsCreated() >= offset) {
                    yield Verdict.HIT;
                }
                yield now.backfillOver() ? Verdict.PHASE_OVER : Verdict.WAIT;
            }
            case BACKFILL_SENDS -> {
                if (now.gateOpen() && now.backfilling() && now.partsSent() >= offset) {
                    yield Verdict.HIT;
                }
                yield now.backfillOver() ? Verdict.PHASE_OVER : Verdict.WAIT;
            }
            case MEDIA_UPLOADS -> {
                if (now.gateOpen() && now.mediaUploaded() >= offset) {
                    yield Verdict.HIT;
                }
                yield now.backfillOver() ? Verdict.PHASE_OVER : Verdict.WAIT;
            }
            case LIVE -> {
                boolean live = now.gateOpen() && !now.backfilling();
                if (live && now.liveReceived() >= offset) {
                    yield Verdict.HIT;
                }
                yield live && liveStreamOver ? Verdict.PHASE_OVER : Verdict.WAIT;
            }
            case RESYNC -> now.gateOpen() && now.syncPassesOk() >= 1L + offset ? Verdict.HIT : Verdict.WAIT;
        };
    }
}
