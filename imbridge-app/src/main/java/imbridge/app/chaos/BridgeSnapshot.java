package imbridge.app.chaos;

/**
 * What the runner reads of a running bridge in one poll: its admin API's {@code /api/status} (durable state: the
 * gate, the portals, what is pending) and its {@code /metrics} (counts of work done by this process, from zero at its
 * start).
 *
 * @param backfilling       some portal's backfill is pending or running
 * @param roomsCreated      portals that have a room
 * @param syncPassesOk      sync passes of this process that succeeded (the first one, then re-syncs)
 * @param syncOutcomes      on-demand syncs ({@code POST /api/sync}) that finished
 */
record BridgeSnapshot(
        boolean gateOpen,
        boolean startupSyncRunning,
        boolean backfilling,
        long roomsCreated,
        long livePending,
        long liveHeld,
        long inboxPending,
        long syncOutcomes,
        long pages,
        long partsSent,
        long mediaUploaded,
        long liveReceived,
        long syncPassesOk,
        long attachmentsInFlight) {

    /**
     * Every backfill of this life's start is done and the start-up syncs are over. Portals get their row (and room)
     * only when their backfill starts, so right after the first gate opening none may show yet: with no room at
     * all the backfill has not begun, it is not over.
     */
    boolean backfillOver() {
        return gateOpen && !backfilling && !startupSyncRunning && roomsCreated > 0;
    }

    /** Nothing is waiting: no backfill, no start-up sync, no live event stored or held, no Matrix event, no download. */
    boolean settled() {
        return backfillOver() && livePending == 0 && liveHeld == 0 && inboxPending == 0 && attachmentsInFlight == 0;
    }

    /** Progress of any kind between two polls (the no-progress guard's measure). */
    long work() {
        return pages + partsSent + mediaUploaded + liveReceived + syncPassesOk + roomsCreated;
    }
}
