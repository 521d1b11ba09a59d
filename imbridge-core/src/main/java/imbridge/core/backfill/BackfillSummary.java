package imbridge.core.backfill;

import java.util.List;

/** Outcome so far of the forward backfills: portals attempted, finished, and those stopped with an error. */
public record BackfillSummary(int portals, int done, List<String> failedPortals) {
    public boolean allDone() {
        return failedPortals.isEmpty() && done == portals;
    }
}
