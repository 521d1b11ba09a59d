package imbridge.app.verify;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A plain-text table for the terminal: one line per portal, worst first, then totals, samples and verdict. */
public final class ReportPrinter {
    public static final int MAX_ROWS = 40;
    public static final int MAX_REJECTED_LINES = 20;
    private static final int PORTAL_WIDTH = 44;
    private static final int ROOM_WIDTH = 28;
    private static final String ROW = "%-" + PORTAL_WIDTH + "s %-" + ROOM_WIDTH + "s %8s %9s %7s %5s %5s %6s %6s%n";
    private static final Comparator<PortalRow> WORST_FIRST = Comparator.comparingLong(PortalRow::problems)
            .reversed()
            .thenComparing(Comparator.comparingLong(PortalRow::expected).reversed())
            .thenComparing(r -> r.portalId() == null ? "" : r.portalId());

    private ReportPrinter() {}

    public static void print(VerificationReport report, PrintStream out) {
        printTable(report, out);
        printSamples(report, out);
        printVerdict(report, out);
    }

    /** The per-portal table with totals, deleted rooms, rejected records and the simulator's counters. */
    public static void printTable(VerificationReport report, PrintStream out) {
        out.printf(ROW, "portal", "room", "expected", "delivered", "missing", "dup", "order", "unexp", "mism");
        List<PortalRow> rows = new ArrayList<>(report.portals());
        rows.sort(WORST_FIRST);
        rows.stream()
                .limit(MAX_ROWS)
                .forEach(row -> out.printf(
                        ROW,
                        cut(row.portalId() == null ? "(no m.bridge state)" : row.portalId(), PORTAL_WIDTH),
                        cut(row.roomId() == null ? "(no room)" : row.roomId(), ROOM_WIDTH),
                        row.expected(),
                        row.delivered(),
                        row.missing(),
                        row.duplicates(),
                        row.outOfOrder(),
                        row.unexpected(),
                        row.mismatched()));
        if (rows.size() > MAX_ROWS) {
            long hiddenFaulty =
                    rows.stream().skip(MAX_ROWS).filter(r -> !r.ok()).count();
            out.printf("… %d more portals (%d with problems)%n", rows.size() - MAX_ROWS, hiddenFaulty);
        }
        out.printf(
                ROW,
                cut(
                        "TOTAL (" + report.expected().portals() + " expected, "
                                + report.delivered().portals() + " delivered portals)",
                        PORTAL_WIDTH),
                "",
                report.expected().parts(),
                report.delivered().parts(),
                report.missing(),
                report.duplicates(),
                report.outOfOrder(),
                report.unexpected(),
                report.mismatched());
        if (report.deletedRooms() > 0) {
            out.printf(
                    "deleted rooms: %d (portals deleted on the Apple side, gone for the user)%n",
                    report.deletedRooms());
        }
        printRejected(report, out);
        printSimulator(report.simulator(), out);
    }

    public static void printSamples(VerificationReport report, PrintStream out) {
        if (!report.samples().isEmpty()) {
            out.println("examples:");
            report.samples().forEach(s -> out.println("  " + s.describe()));
        }
    }

    /** The last line: PASS or FAIL with the totals. */
    public static void printVerdict(VerificationReport report, PrintStream out) {
        String recoverable =
                report.simulator() == null ? "" : " recoverableZoneAccesses=" + report.recoverableZoneAccesses();
        // 0 = the caller did not time a bridge run (verify and audit read a bridge that ran elsewhere)
        String elapsed = report.elapsedMs() == 0 ? "" : " (bridge run " + report.elapsedMs() + " ms)";
        out.printf(
                "%s: missing=%d duplicates=%d outOfOrder=%d unexpected=%d mismatched=%d%s%s%n",
                report.ok() ? "PASS" : "FAIL",
                report.missing(),
                report.duplicates(),
                report.outOfOrder(),
                report.unexpected(),
                report.mismatched(),
                recoverable,
                elapsed);
    }

    /** One line with the count per reason, then each record (at most {@link #MAX_REJECTED_LINES}). */
    private static void printRejected(VerificationReport report, PrintStream out) {
        if (report.rejected().isEmpty()) {
            return;
        }
        Map<String, Long> byReason = new TreeMap<>();
        report.rejected().forEach(r -> byReason.merge(r.reason(), 1L, Long::sum));
        out.printf(
                "rejected records (malformed, to be quarantined): %d — %s%n", report.rejectedCount(), join(byReason));
        report.rejected().stream()
                .limit(MAX_REJECTED_LINES)
                .forEach(r -> out.printf("  %-22s %-34s %s%n", r.zone(), r.recordName(), r.reason()));
        if (report.rejectedCount() > MAX_REJECTED_LINES) {
            out.printf("  … %d more%n", report.rejectedCount() - MAX_REJECTED_LINES);
        }
    }

    private static void printSimulator(SimulatorStats sim, PrintStream out) {
        if (sim == null) {
            return;
        }
        out.printf(
                "CloudKit: recoverable-zone accesses %d; pages served %s; faults injected %d%s%n",
                sim.recoverableZoneAccesses(),
                sim.pagesServed().isEmpty() ? "none" : join(sim.pagesServed()),
                sim.faultsInjectedTotal(),
                sim.faultsInjected().isEmpty() ? "" : " (" + join(sim.faultsInjected()) + ")");
    }

    private static String join(Map<String, Long> counts) {
        StringBuilder s = new StringBuilder();
        counts.forEach((key, value) ->
                s.append(s.isEmpty() ? "" : " ").append(key).append('=').append(value));
        return s.toString();
    }

    private static String cut(String value, int width) {
        return value.length() <= width ? value : value.substring(0, width - 1) + "…";
    }
}
