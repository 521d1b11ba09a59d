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
 * @param live               the live inbox: pending and held events, drops by reason
 */
public record BridgeStatus(
        boolean gateOpen,
        boolean initialSyncRunning,
        Map<String, Boolean> zoneTokens,
        List<PortalStatus> portals,
        int deletedPortals,
        BackfillSummary backfillRun,
        long inboxPending,
        long cachedMessages,
        long rejectedRecords,
        Live live,
        List<OlderHistory> olderHistory) {

    public BridgeStatus {
        zoneTokens = Map.copyOf(zoneTokens);
        portals = List.copyOf(portals);
        live = live == null ? Live.NONE : live;
        olderHistory = olderHistory == null ? List.of() : List.copyOf(olderHistory);
    }

    public BridgeStatus(
            boolean gateOpen,
            boolean initialSyncRunning,
            Map<String, Boolean> zoneTokens,
            List<PortalStatus> portals,
            int deletedPortals,
            BackfillSummary backfillRun,
            long inboxPending,
            long cachedMessages,
            long rejectedRecords,
            Live live) {
        this(
                gateOpen,
                initialSyncRunning,
                zoneTokens,
                portals,
                deletedPortals,
                backfillRun,
                inboxPending,
                cachedMessages,
                rejectedRecords,
                live,
                List.of());
    }

    /** A portal whose older history is still being inserted above its room (batch-send homeservers). */
    public record OlderHistory(String portalId, long messagesInserted, String lastError) {}

    public BridgeStatus(
            boolean gateOpen,
            boolean initialSyncRunning,
            Map<String, Boolean> zoneTokens,
            List<PortalStatus> portals,
            int deletedPortals,
            BackfillSummary backfillRun,
            long inboxPending,
            long cachedMessages,
            long rejectedRecords) {
        this(
                gateOpen,
                initialSyncRunning,
                zoneTokens,
                portals,
                deletedPortals,
                backfillRun,
                inboxPending,
                cachedMessages,
                rejectedRecords,
                Live.NONE);
    }

    /** The live inbox as the status command shows it. */
    public record Live(long pending, long held, Map<String, Long> dropsByReason) {
        public static final Live NONE = new Live(0, 0, Map.of());

        public Live {
            dropsByReason = Map.copyOf(dropsByReason);
        }
    }

    /** One portal: its room (null before creation) and forward backfill state (null before the first). */
    public record PortalStatus(
            String portalId, String roomId, BackfillStatus backfill, long partsSent, String lastError) {}
}
