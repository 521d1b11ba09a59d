package imbridge.core.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.BackfillState;
import imbridge.core.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** behaviour.md W12: progress logging and the heartbeat stall detector, on a clock the test moves. */
class BackfillMonitorTest {

    private final ManualClock clock = new ManualClock();
    private final List<StallReport> stalls = new ArrayList<>();
    private final BackfillMonitor monitor =
            new BackfillMonitor(clock, Duration.ofMinutes(3), Duration.ofSeconds(30), stalls::add, () -> 7);

    /** Twenty minutes of slow but steady downloads (one every 80 s) never count as a stall. */
    @Test
    void steadyHeartbeatsNeverTriggerTheStallHook() {
        monitor.portalStarted(BackfillState.initial("p1", clock.millis()));
        for (int i = 0; i < 15; i++) {
            clock.advance(Duration.ofSeconds(80));
            monitor.beat();
            assertThat(monitor.check()).isNull();
        }
        assertThat(stalls).isEmpty();
        assertThat(monitor.lastBeatMs()).isEqualTo(clock.millis());
    }

    @Test
    void threeMinutesWithoutAHeartbeatReportsTheRunningPortalsOnce() {
        monitor.portalStarted(BackfillState.initial("p1", clock.millis()));
        monitor.portalStarted(BackfillState.initial("p2", clock.millis()));
        clock.advance(Duration.ofSeconds(179));
        assertThat(monitor.check()).isNull();
        clock.advance(Duration.ofSeconds(1));

        StallReport report = monitor.check();
        assertThat(report).isNotNull();
        assertThat(report.portalIds()).containsExactlyInAnyOrder("p1", "p2");
        assertThat(report.silentMs()).isEqualTo(180_000);
        assertThat(report.downloadsInFlight()).isEqualTo(7);
        assertThat(stalls).containsExactly(report);

        clock.advance(Duration.ofMinutes(5));
        assertThat(monitor.check()).isNull(); // one report per silence
        monitor.beat();
        clock.advance(Duration.ofMinutes(3));
        assertThat(monitor.check()).isNotNull(); // a new silence is reported again
        assertThat(stalls).hasSize(2);
    }

    @Test
    void nothingIsReportedWhileNoBackfillRuns() {
        clock.advance(Duration.ofHours(1));
        assertThat(monitor.check()).isNull();
        monitor.portalStarted(BackfillState.initial("p1", clock.millis()));
        monitor.portalEnded("p1");
        clock.advance(Duration.ofHours(1));
        assertThat(monitor.check()).isNull();
        assertThat(stalls).isEmpty();
    }
}
