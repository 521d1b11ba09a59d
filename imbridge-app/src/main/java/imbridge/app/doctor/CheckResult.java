package imbridge.app.doctor;

import java.util.Objects;

/**
 * One line of {@code imbridge doctor}: what was checked, how it went, and for a failure what the operator should do.
 *
 * @param check   short name of the check ({@code config}, {@code database}, {@code homeserver versions}, …)
 * @param outcome the verdict
 * @param detail  what was found, in words
 * @param fix     what to change when the check failed; empty otherwise
 */
public record CheckResult(String check, Outcome outcome, String detail, String fix) {
    /** How a check went; only {@link #FAIL} makes the doctor exit non-zero. */
    public enum Outcome {
        PASS,
        /** Could not be checked here, and that is not a fault (e.g. a homeserver without an AS ping). */
        NOTE,
        /** Not run because a check it depends on failed. */
        SKIP,
        FAIL
    }

    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(outcome, "outcome");
        detail = Objects.requireNonNullElse(detail, "");
        fix = Objects.requireNonNullElse(fix, "");
    }

    static CheckResult pass(String check, String detail) {
        return new CheckResult(check, Outcome.PASS, detail, "");
    }

    static CheckResult note(String check, String detail) {
        return new CheckResult(check, Outcome.NOTE, detail, "");
    }

    static CheckResult skip(String check, String why) {
        return new CheckResult(check, Outcome.SKIP, why, "");
    }

    static CheckResult fail(String check, String detail, String fix) {
        return new CheckResult(check, Outcome.FAIL, detail, fix);
    }

    public boolean failed() {
        return outcome == Outcome.FAIL;
    }
}
