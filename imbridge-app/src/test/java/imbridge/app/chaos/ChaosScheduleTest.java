package imbridge.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChaosScheduleTest {

    /** Seeds 1..200 with every kill count from 0 to 40 in turn. */
    private static void forManySeeds(int minKills, java.util.function.ObjLongConsumer<Integer> check) {
        java.util.Random pick = new java.util.Random(5);
        for (long seed = 1; seed <= 200; seed++) {
            check.accept(minKills + (int) (seed % (41 - minKills)), pick.nextLong());
        }
    }

    @Test
    void theSameSeedGivesTheSameSchedule() {
        forManySeeds(0, ChaosScheduleTest::sameScheduleTwice);
    }

    private static void sameScheduleTwice(int kills, long seed) {
        assertThat(ChaosSchedule.plan(seed, kills)).isEqualTo(ChaosSchedule.plan(seed, kills));
        assertThat(ChaosSchedule.plan(seed, kills).describe())
                .isEqualTo(ChaosSchedule.plan(seed, kills).describe());
    }

    @Test
    void sixKillsOrMoreCoverEveryPhase() {
        forManySeeds(6, ChaosScheduleTest::everyPhase);
    }

    private static void everyPhase(int kills, long seed) {
        ChaosSchedule schedule = ChaosSchedule.plan(seed, kills);
        Set<ChaosPhase> phases =
                schedule.kills().stream().map(ChaosSchedule.Kill::phase).collect(Collectors.toSet());
        assertThat(phases).isEqualTo(EnumSet.allOf(ChaosPhase.class));
        assertThat(schedule.kills()).hasSize(kills);
    }

    @Test
    void killsFollowTheRunsStretchesWithOffsetsInRangeAndPeerRestarts() {
        forManySeeds(1, ChaosScheduleTest::orderedInRange);
    }

    private static void orderedInRange(int kills, long seed) {
        List<ChaosSchedule.Kill> schedule = ChaosSchedule.plan(seed, kills).kills();
        for (int i = 0; i < schedule.size(); i++) {
            ChaosSchedule.Kill k = schedule.get(i);
            assertThat(k.number()).isEqualTo(i + 1);
            assertThat(k.offset()).isBetween(k.phase().minOffset(), k.phase().maxOffset());
            if (i > 0) {
                assertThat(k.phase().stretch())
                        .isGreaterThanOrEqualTo(schedule.get(i - 1).phase().stretch());
            }
        }
        long bootstrap =
                schedule.stream().filter(k -> k.phase() == ChaosPhase.BOOTSTRAP).count();
        assertThat(bootstrap).isLessThanOrEqualTo(ChaosSchedule.CAPS.get(ChaosPhase.BOOTSTRAP));
        int expectedRestarts = Math.max(1, kills / ChaosSchedule.KILLS_PER_PEER_RESTART);
        assertThat(schedule.stream().filter(ChaosSchedule.Kill::restartHomeserver))
                .hasSize(expectedRestarts);
        assertThat(schedule.stream().filter(ChaosSchedule.Kill::restartSimulatorAfter))
                .hasSize(expectedRestarts);
    }

    @Test
    void seedsGiveDifferentSchedules() {
        Set<List<ChaosSchedule.Kill>> distinct = new java.util.HashSet<>();
        for (long seed = 1; seed <= 20; seed++) {
            distinct.add(ChaosSchedule.plan(seed, 20).kills());
        }
        assertThat(distinct).hasSize(20);
    }

    @Test
    void theAcceptanceScheduleIsPrintedOneLinePerKill() {
        List<String> lines = ChaosSchedule.plan(41, 20).describe();
        assertThat(lines).hasSize(21);
        assertThat(lines.getFirst()).isEqualTo("kill schedule (seed 41, 20 kills):");
        assertThat(lines.get(1)).startsWith("  kill  1: bootstrap pages");
    }

    @Test
    void aNegativeCountIsRefused() {
        assertThatThrownBy(() -> ChaosSchedule.plan(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ChaosSchedule.plan(1, 0).kills()).isEmpty();
    }
}
