package imbridge.app.verify;

import java.util.List;

/**
 * The result of comparing what a correct bridge must produce with what the homeserver holds. Totals are the
 * sums of the per-portal rows. {@code seed} and {@code dataset} come from the ground truth and may be null
 * (audits); {@code elapsedMs} is the bridge run's duration as measured by the caller.
 *
 * @param deletedRooms rooms of portals deleted on the Apple side that the user no longer sees (their events are
 *                     not counted anywhere)
 * @param rejected     the malformed records the truth lists; a correct bridge quarantines them
 * @param simulator    the CloudKit simulator's counters, null when they were not read
 */
public record VerificationReport(
        Long seed,
        DatasetSize dataset,
        Counts expected,
        Counts delivered,
        long missing,
        long duplicates,
        long outOfOrder,
        long unexpected,
        long mismatched,
        long elapsedMs,
        List<PortalRow> portals,
        List<ProblemSample> samples,
        long deletedRooms,
        List<RejectedRecord> rejected,
        SimulatorStats simulator) {
    public VerificationReport {
        portals = List.copyOf(portals);
        samples = List.copyOf(samples);
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }

    /**
     * True when nothing is missing, duplicated, out of order, unexpected or mismatched, and (when the simulator
     * was read) no recoverable-delete zone was touched.
     */
    public boolean ok() {
        return missing == 0
                && duplicates == 0
                && outOfOrder == 0
                && unexpected == 0
                && mismatched == 0
                && recoverableZoneAccesses() == 0;
    }

    /** From the simulator's counters; 0 when they were not read. */
    public long recoverableZoneAccesses() {
        return simulator == null ? 0 : simulator.recoverableZoneAccesses();
    }

    public int rejectedCount() {
        return rejected.size();
    }

    public VerificationReport withElapsedMs(long elapsed) {
        return copy(elapsed, simulator);
    }

    public VerificationReport withSimulator(SimulatorStats stats) {
        return copy(elapsedMs, stats);
    }

    private VerificationReport copy(long elapsed, SimulatorStats stats) {
        return new VerificationReport(
                seed,
                dataset,
                expected,
                delivered,
                missing,
                duplicates,
                outOfOrder,
                unexpected,
                mismatched,
                elapsed,
                portals,
                samples,
                deletedRooms,
                rejected,
                stats);
    }

    public String toJson() {
        return ReportJson.toJson(this);
    }
}
