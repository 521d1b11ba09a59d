package imbridge.app.chaos;

import imbridge.app.verify.LiveVerification;
import imbridge.app.verify.ReportPrinter;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a chaos run found: each kill's outcome, which phases were really hit, how the last life ended, and the
 * verifier's report. {@link #ok()} only with all the verifier's counts at zero, nothing resurrected, nothing left
 * pending, no life that ended by itself or stopped progressing, and (with six kills or more) every phase hit.
 */
public record ChaosReport(
        ChaosSchedule schedule,
        List<KillOutcome> outcomes,
        ChaosRun.FinalLife last,
        ChaosVerification.Result verified,
        long wallMs) {
    public ChaosReport {
        outcomes = List.copyOf(outcomes);
    }

    /** Kills that hit their phase, by phase. */
    public Map<ChaosPhase, Integer> hitsByPhase() {
        Map<ChaosPhase, Integer> hits = new EnumMap<>(ChaosPhase.class);
        for (ChaosPhase p : ChaosPhase.values()) {
            hits.put(p, 0);
        }
        outcomes.stream()
                .filter(KillOutcome::hit)
                .forEach(o -> hits.merge(o.kill().phase(), 1, Integer::sum));
        return hits;
    }

    /** Every phase hit at least once, when the schedule has a kill for each. */
    public boolean covered() {
        return schedule.kills().size() < ChaosPhase.values().length
                || hitsByPhase().values().stream().allMatch(n -> n > 0);
    }

    public boolean ok() {
        return verified.ok() && last.settled() && covered() && outcomes.stream().noneMatch(KillOutcome::failed);
    }

    public void print(PrintStream out) {
        out.println();
        out.println("kills: " + outcomes.size() + ", hit by phase " + labels(hitsByPhase())
                + (covered() ? "" : "  (NOT every phase was hit)"));
        outcomes.stream().filter(o -> !o.hit()).forEach(o -> out.println("  not a hit: " + o.describe()));
        out.println("final life: " + last.describe());
        ReportPrinter.print(verified.report(), out);
        LiveVerification.Result live = verified.live();
        out.printf(
                "live: resurrected=%d liveAheadOfHistory=%d unexpectedDrops=%d; drops by reason %s%n",
                live.resurrected(), live.liveAheadOfHistory(), live.unexpectedDrops(), live.dropsByReason());
        live.samples().forEach(s -> out.println("  " + s));
        out.printf(
                "left in the bridge's database: live inbox pending=%d held=%d%n",
                verified.inboxPending(), verified.inboxHeld());
        out.printf(
                "chaos %s: seed %d, %d kills, %.1f s%n",
                ok() ? "OK" : "FAILED", schedule.seed(), outcomes.size(), wallMs / 1000.0);
    }

    private static String labels(Map<ChaosPhase, Integer> byPhase) {
        StringBuilder b = new StringBuilder("{");
        byPhase.forEach((p, n) -> b.append(b.length() > 1 ? ", " : "")
                .append(p.label())
                .append('=')
                .append(n));
        return b.append('}').toString();
    }
}
