package imbridge.app.doctor;

import java.io.PrintWriter;
import java.util.List;

/** Prints the doctor's results: one line per check, the fix indented under each failure, and a verdict. */
public final class DoctorReport {
    private DoctorReport() {}

    public static void print(List<CheckResult> results, PrintWriter out) {
        int width = results.stream().mapToInt(r -> r.check().length()).max().orElse(0);
        for (CheckResult r : results) {
            out.printf("%-4s  %-" + width + "s  %s%n", r.outcome(), r.check(), r.detail());
            if (!r.fix().isEmpty()) {
                out.printf("      %" + width + "s  fix: %s%n", "", r.fix());
            }
        }
        long failed = results.stream().filter(CheckResult::failed).count();
        out.println(failed == 0 ? "all checks passed" : failed + " check" + (failed == 1 ? "" : "s") + " failed");
        out.flush();
    }

    public static boolean allPassed(List<CheckResult> results) {
        return results.stream().noneMatch(CheckResult::failed);
    }
}
