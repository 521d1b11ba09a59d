package imbridge.app.audit;

import imbridge.app.verify.Problem;
import imbridge.app.verify.ProblemSample;
import imbridge.app.verify.ReportPrinter;
import imbridge.app.verify.VerificationReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The audit for the terminal: the verifier's per-portal table, then every listed problem grouped by room — first
 * what fails the audit (gaps, duplicates, reordering), then what is only for review — then the verdict.
 */
public final class AuditPrinter {
    private static final Set<Problem> FAILING = EnumSet.of(Problem.MISSING, Problem.DUPLICATE, Problem.OUT_OF_ORDER);

    private AuditPrinter() {}

    public static void print(AuditResult result, PrintStream out) {
        VerificationReport report = result.report();
        ReportPrinter.printTable(report, out);
        List<ProblemSample> failing = report.samples().stream()
                .filter(s -> FAILING.contains(s.problem()))
                .toList();
        List<ProblemSample> review = report.samples().stream()
                .filter(s -> !FAILING.contains(s.problem()))
                .toList();
        if (!failing.isEmpty()) {
            out.println("gaps, duplicates and reordering per room:");
            printByRoom(failing, out);
            notListed(report.missing() + report.duplicates() + report.outOfOrder(), failing.size(), out);
        }
        if (!review.isEmpty()) {
            out.println("for review (do not fail the audit: messages deleted or edited on the Apple side after they "
                    + "were bridged show up here too):");
            printByRoom(review, out);
            notListed(report.unexpected() + report.mismatched(), review.size(), out);
        }
        if (result.quarantinedEvents() > 0) {
            out.printf(
                    "appservice: %d unusable events quarantined (acknowledged, not acted on; GET /api/quarantine "
                            + "lists them)%n",
                    result.quarantinedEvents());
        }
        if (result.clean()) {
            out.printf(
                    "AUDIT PASS: no gaps, duplicates or reordering in %d portals (%d parts); unexpected=%d "
                            + "mismatched=%d%n",
                    report.expected().portals(), report.expected().parts(), report.unexpected(), report.mismatched());
        } else {
            out.printf(
                    "AUDIT FAIL: gaps=%d duplicates=%d outOfOrder=%d (unexpected=%d mismatched=%d)%n",
                    report.missing(),
                    report.duplicates(),
                    report.outOfOrder(),
                    report.unexpected(),
                    report.mismatched());
        }
    }

    private static void printByRoom(List<ProblemSample> samples, PrintStream out) {
        Map<String, List<ProblemSample>> byRoom = new LinkedHashMap<>();
        samples.stream()
                .sorted((a, b) -> key(a).compareTo(key(b)))
                .forEach(s ->
                        byRoom.computeIfAbsent(key(s), k -> new ArrayList<>()).add(s));
        for (List<ProblemSample> room : byRoom.values()) {
            ProblemSample first = room.getFirst();
            out.printf(
                    "  %s in %s%n",
                    first.portalId() == null ? "(no portal)" : first.portalId(),
                    first.roomId() == null ? "(no room)" : first.roomId());
            for (ProblemSample s : room) {
                out.printf(
                        "    %-10s %s%s: %s%n",
                        s.problem().label(),
                        s.guid() == null ? "(no marker)" : s.guid() + "/" + s.part(),
                        s.eventId() == null ? "" : " event " + s.eventId(),
                        s.detail());
            }
        }
    }

    private static String key(ProblemSample s) {
        return Objects.toString(s.portalId(), "") + "\u0000" + Objects.toString(s.roomId(), "");
    }

    private static void notListed(long total, int listed, PrintStream out) {
        if (total > listed) {
            out.printf("  … %d more not listed (raise --list-limit)%n", total - listed);
        }
    }
}
