package imbridge.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.util.CancellationToken;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short chaos run, as {@code imbridge chaos} does it (the world, each bridge life, in JVMs of their own from this
 * class path): seed 1 kills the bridge during the bootstrap (then the simulator moves to a new port), during the
 * backfill's sends, and in the live phase while the homeserver double restarts under it. Nothing may be lost,
 * duplicated, reordered, resurrected or left pending.
 */
class ChaosRunTest {
    @Test
    void threeKillsAndTwoPeerRestartsLoseNothing(@TempDir Path dir) throws Exception {
        ChaosOptions options = new ChaosOptions(
                1, 3, 8, 1000, "full", 20, Duration.ofSeconds(10), Duration.ofMillis(100), 0.05, dir, "256m", "512m");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ChaosReport report;
        try (PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            report = new ChaosRun(options, out, new CancellationToken()).run();
            report.print(out);
        }
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(report.schedule()).isEqualTo(ChaosSchedule.plan(1, 3));
        assertThat(report.outcomes()).hasSize(3).noneMatch(KillOutcome::failed);
        assertThat(report.last().settled()).as(printed).isTrue();
        assertThat(report.verified().report().missing()).as(printed).isZero();
        assertThat(report.verified().report().duplicates()).as(printed).isZero();
        assertThat(report.verified().report().outOfOrder()).as(printed).isZero();
        assertThat(report.verified().report().unexpected()).as(printed).isZero();
        assertThat(report.verified().report().mismatched()).as(printed).isZero();
        assertThat(report.verified().live().resurrected()).as(printed).isZero();
        assertThat(report.ok()).as(printed).isTrue();
        assertThat(printed).contains("kill schedule (seed 1, 3 kills):", "chaos OK");
    }
}
