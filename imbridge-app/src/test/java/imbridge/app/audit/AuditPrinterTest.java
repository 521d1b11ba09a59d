package imbridge.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.app.verify.Counts;
import imbridge.app.verify.PortalRow;
import imbridge.app.verify.Problem;
import imbridge.app.verify.ProblemSample;
import imbridge.app.verify.VerificationReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditPrinterTest {

    @Test
    void gapsAndDuplicatesAreListedPerRoomAndFailTheAudit() {
        AuditResult result = new AuditResult(
                report(
                        3,
                        1,
                        0,
                        1,
                        List.of(
                                new ProblemSample(
                                        Problem.MISSING, "tel:+1555", "!b:hs", "G2", "text", null, "never delivered"),
                                new ProblemSample(
                                        Problem.DUPLICATE, "gid:x", "!a:hs", "G9", "att0", "$dup", "delivery #2"),
                                new ProblemSample(
                                        Problem.MISSING, "tel:+1555", "!b:hs", "G1", "text", null, "never delivered"),
                                new ProblemSample(
                                        Problem.UNEXPECTED, "gid:x", "!a:hs", null, null, "$u", "no marker"))),
                List.of());

        String out = print(result);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(out)
                .containsSubsequence(
                        "gaps, duplicates and reordering per room:",
                        "  gid:x in !a:hs",
                        "    duplicate  G9/att0 event $dup: delivery #2",
                        "  tel:+1555 in !b:hs",
                        "    missing    G2/text: never delivered",
                        "    missing    G1/text",
                        "  … 1 more not listed (raise --list-limit)",
                        "for review",
                        "    unexpected (no marker) event $u: no marker",
                        "AUDIT FAIL: gaps=3 duplicates=1 outOfOrder=0 (unexpected=1 mismatched=0)");
    }

    @Test
    void unexpectedEventsAloneAreForReviewAndPass() {
        AuditResult result = new AuditResult(
                report(
                        0,
                        0,
                        0,
                        2,
                        List.of(new ProblemSample(
                                Problem.UNEXPECTED,
                                "gid:x",
                                "!a:hs",
                                "G5",
                                "text",
                                "$u",
                                "part is not in the " + "ground truth"))),
                List.of("tel:+1999"));

        String out = print(result);

        assertThat(result.clean()).isTrue();
        assertThat(result.exitCode()).isZero();
        assertThat(out)
                .doesNotContain("gaps, duplicates and reordering per room")
                .contains("for review")
                .contains("AUDIT PASS: no gaps, duplicates or reordering in 2 portals (10 parts); unexpected=2");
    }

    @Test
    void quarantinedAppserviceEventsAreNamedButDoNotFailTheAudit() {
        AuditResult quarantined = new AuditResult(report(0, 0, 0, 0, List.of()), List.of(), 3);

        assertThat(quarantined.clean()).isTrue();
        assertThat(print(quarantined)).containsSubsequence("appservice: 3 unusable events quarantined", "AUDIT PASS");
        assertThat(print(new AuditResult(report(0, 0, 0, 0, List.of()), List.of())))
                .doesNotContain("quarantined");
    }

    private static VerificationReport report(
            long missing, long duplicates, long outOfOrder, long unexpected, List<ProblemSample> samples) {
        return new VerificationReport(
                null,
                null,
                new Counts(2, 10),
                new Counts(2, 10 - missing + duplicates),
                missing,
                duplicates,
                outOfOrder,
                unexpected,
                0,
                0,
                List.of(
                        new PortalRow("gid:x", "!a:hs", 4, 4, 0, duplicates, 0, unexpected, 0),
                        new PortalRow("tel:+1555", "!b:hs", 6, 6 - missing, missing, 0, outOfOrder, 0, 0)),
                samples,
                0,
                List.of(),
                null);
    }

    private static String print(AuditResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AuditPrinter.print(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
