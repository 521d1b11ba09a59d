package imbridge.app.verify;

import java.util.List;

/**
 * The result of comparing what a correct bridge must produce with what the homeserver holds. Totals are the
 * sums of the per-portal rows. {@code seed} and {@code dataset} come from the ground truth and may be null
 * (audits); {@code elapsedMs} is the bridge run's duration as measured by the caller.
 */
public record VerificationReport(Long seed, DatasetSize dataset, Counts expected, Counts delivered,
                                 long missing, long duplicates, long outOfOrder, long unexpected,
                                 long mismatched, long elapsedMs, List<PortalRow> portals,
                                 List<ProblemSample> samples) {
    public VerificationReport {
        portals = List.copyOf(portals);
        samples = List.copyOf(samples);
    }

    /** True when nothing is missing, duplicated, out of order, unexpected or mismatched. */
    public boolean ok() {
        return missing == 0 && duplicates == 0 && outOfOrder == 0 && unexpected == 0 && mismatched == 0;
    }

    public VerificationReport withElapsedMs(long elapsed) {
        return new VerificationReport(seed, dataset, expected, delivered, missing, duplicates, outOfOrder,
                unexpected, mismatched, elapsed, portals, samples);
    }

    public String toJson() {
        return ReportJson.toJson(this);
    }
}
