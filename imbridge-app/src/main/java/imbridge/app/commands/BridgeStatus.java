package imbridge.app.commands;

import imbridge.core.backfill.BackfillSummary;
import imbridge.core.model.BackfillStatus;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of the bridge for the {@code status} command.
 *
 * @param initialSyncRunning whether the start-up sync (with its delayed re-syncs and backfills) is running
 * @param zoneTokens         zone name → whether a sync token is stored for it
 * @param backfillRun        the running initial sync's backfill tally, null when none runs
 * @param inboxPending       Matrix-side events queued and not yet handled (a command being answered included)
 * @param cachedMessages     messages in the CloudKit cache that belong to bridgeable portals
 */
public record BridgeStatus(boolean gateOpen, boolean initialSyncRunning, Map<String, Boolean> zoneTokens,
                           List<PortalStatus> portals, int deletedPortals, BackfillSummary backfillRun,
                           long inboxPending, long cachedMessages, long rejectedRecords) {

    public BridgeStatus {
        zoneTokens = Map.copyOf(zoneTokens);
        portals = List.copyOf(portals);
    }

    /** One portal: its room (null before creation) and forward backfill state (null before the first). */
    public record PortalStatus(String portalId, String roomId, BackfillStatus backfill, long partsSent,
                               String lastError) {
    }
}
