package imbridge.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KillTargetTest {
    private static final BridgeSnapshot STARTING = snapshot(false, true, false, 0, 0, 0, 0, 0, 0);

    private static BridgeSnapshot snapshot(
            boolean gateOpen,
            boolean startupSync,
            boolean backfilling,
            long rooms,
            long pages,
            long parts,
            long media,
            long live,
            long passes) {
        return new BridgeSnapshot(
                gateOpen, startupSync, backfilling, rooms, 0, 0, 0, 0, pages, parts, media, live, passes, 0);
    }

    private static ChaosSchedule.Kill kill(ChaosPhase phase, int offset) {
        return new ChaosSchedule.Kill(1, phase, offset, false, false);
    }

    @Test
    void theBootstrapIsHitAfterItsPagesAndOverOnceTheGateOpened() {
        ChaosSchedule.Kill k = kill(ChaosPhase.BOOTSTRAP, 3);
        assertThat(KillTarget.judge(k, STARTING, snapshot(false, true, false, 0, 2, 0, 0, 0, 0), false, false))
                .isEqualTo(KillTarget.Verdict.WAIT);
        assertThat(KillTarget.judge(k, STARTING, snapshot(false, true, false, 0, 3, 0, 0, 0, 0), false, false))
                .isEqualTo(KillTarget.Verdict.HIT);
        assertThat(KillTarget.judge(k, STARTING, snapshot(true, true, false, 0, 1, 0, 0, 0, 1), false, false))
                .isEqualTo(KillTarget.Verdict.PHASE_OVER);
        assertThat(KillTarget.judge(k, STARTING, STARTING, true, false)).isEqualTo(KillTarget.Verdict.PHASE_OVER);
    }

    @Test
    void discoveryCountsTheRoomsOfThisLife() {
        ChaosSchedule.Kill k = kill(ChaosPhase.DISCOVERY, 2);
        BridgeSnapshot first = snapshot(false, true, false, 5, 0, 0, 0, 0, 0);
        assertThat(KillTarget.judge(k, first, snapshot(true, true, true, 6, 0, 0, 0, 0, 1), true, false))
                .isEqualTo(KillTarget.Verdict.WAIT);
        assertThat(KillTarget.judge(k, first, snapshot(true, true, true, 7, 0, 0, 0, 0, 1), true, false))
                .isEqualTo(KillTarget.Verdict.HIT);
        assertThat(KillTarget.judge(k, first, snapshot(true, false, false, 5, 0, 0, 0, 0, 1), true, false))
                .isEqualTo(KillTarget.Verdict.PHASE_OVER);
        assertThat(KillTarget.judge(k, STARTING, snapshot(true, false, false, 0, 0, 0, 0, 0, 4), true, false))
                .as("the start-up syncs ended before the first backfill made a room: it has not begun")
                .isEqualTo(KillTarget.Verdict.WAIT);
    }

    @Test
    void sendsAndMediaAreHitWhileTheBackfillRuns() {
        assertThat(KillTarget.judge(
                        kill(ChaosPhase.BACKFILL_SENDS, 50),
                        STARTING,
                        snapshot(true, true, true, 3, 0, 50, 0, 0, 1),
                        true,
                        false))
                .isEqualTo(KillTarget.Verdict.HIT);
        assertThat(KillTarget.judge(
                        kill(ChaosPhase.BACKFILL_SENDS, 50),
                        STARTING,
                        snapshot(true, true, false, 3, 0, 50, 0, 0, 1),
                        true,
                        false))
                .as("sends while no backfill runs (the start-up sync's live flush) are not backfill sends")
                .isEqualTo(KillTarget.Verdict.WAIT);
        assertThat(KillTarget.judge(
                        kill(ChaosPhase.MEDIA_UPLOADS, 4),
                        STARTING,
                        snapshot(true, true, true, 3, 0, 0, 4, 0, 1),
                        true,
                        false))
                .isEqualTo(KillTarget.Verdict.HIT);
        assertThat(KillTarget.judge(
                        kill(ChaosPhase.MEDIA_UPLOADS, 4),
                        STARTING,
                        snapshot(true, false, false, 3, 0, 0, 1, 0, 1),
                        true,
                        false))
                .isEqualTo(KillTarget.Verdict.PHASE_OVER);
    }

    @Test
    void liveNeedsEveryBackfillDoneAndEndsWithTheStream() {
        ChaosSchedule.Kill k = kill(ChaosPhase.LIVE, 10);
        assertThat(KillTarget.judge(k, STARTING, snapshot(true, true, true, 3, 0, 0, 0, 10, 1), true, false))
                .isEqualTo(KillTarget.Verdict.WAIT);
        assertThat(KillTarget.judge(k, STARTING, snapshot(true, false, false, 3, 0, 0, 0, 10, 1), true, false))
                .isEqualTo(KillTarget.Verdict.HIT);
        assertThat(KillTarget.judge(k, STARTING, snapshot(true, false, false, 3, 0, 0, 0, 2, 1), true, true))
                .isEqualTo(KillTarget.Verdict.PHASE_OVER);
    }

    @Test
    void aResyncIsHitAfterTheFirstPassAndItsOffsetInReSyncs() {
        ChaosSchedule.Kill k = kill(ChaosPhase.RESYNC, 2);
        assertThat(KillTarget.judge(k, STARTING, snapshot(true, true, false, 3, 0, 0, 0, 0, 2), true, true))
                .isEqualTo(KillTarget.Verdict.WAIT);
        assertThat(KillTarget.judge(k, STARTING, snapshot(true, true, false, 3, 0, 0, 0, 0, 3), true, true))
                .isEqualTo(KillTarget.Verdict.HIT);
    }
}
