package imbridge.app.audit;

import imbridge.app.verify.VerificationReport;
import java.util.List;
import java.util.Objects;

/**
 * An audit's outcome. It fails on what the bridge owes the user: <b>gaps</b> (cached messages missing from their
 * room), <b>duplicates</b> and parts <b>out of order</b>. Unexpected and mismatched events are listed but do not
 * fail it: on a real deployment they also arise legitimately, from messages deleted or edited on the Apple side
 * after they were bridged (the cache follows the change, the room keeps what was sent).
 *
 * @param deletedPortals    portals the bridge knows that should have no room any more (chat deleted on the Apple side)
 * @param quarantinedEvents unusable pieces of appservice transactions the bridge kept aside (for review only)
 */
public record AuditResult(VerificationReport report, List<String> deletedPortals, long quarantinedEvents) {
    public AuditResult {
        Objects.requireNonNull(report, "report");
        deletedPortals = List.copyOf(deletedPortals);
    }

    /** Nothing quarantined. */
    public AuditResult(VerificationReport report, List<String> deletedPortals) {
        this(report, deletedPortals, 0);
    }

    public boolean clean() {
        return report.missing() == 0 && report.duplicates() == 0 && report.outOfOrder() == 0;
    }

    /** 0 when clean, 1 otherwise: the exit status of {@code imbridge audit}. */
    public int exitCode() {
        return clean() ? 0 : 1;
    }
}
