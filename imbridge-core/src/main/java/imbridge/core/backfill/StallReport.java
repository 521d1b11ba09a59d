package imbridge.core.backfill;

import imbridge.core.model.BackfillState;
import java.util.List;

/**
 * What the watchdog saw when it declared a stall.
 *
 * @param silentMs        time since the last heartbeat (download attempt or send)
 * @param running         the portals whose forward backfill was running, with their last checkpoint
 * @param downloadsInFlight attachment downloads in flight at that moment
 */
public record StallReport(long silentMs, List<BackfillState> running, int downloadsInFlight) {
    public StallReport {
        running = List.copyOf(running);
    }

    public List<String> portalIds() {
        return running.stream().map(BackfillState::portalId).toList();
    }
}
