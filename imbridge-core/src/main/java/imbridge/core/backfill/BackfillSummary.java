package imbridge.core.backfill;

import java.util.List;

/** Outcome of a backfill run over many portals. */
public record BackfillSummary(int portals, int done, List<String> failedPortals) {
    public boolean allDone() {
        return failedPortals.isEmpty() && done == portals;
    }
}
