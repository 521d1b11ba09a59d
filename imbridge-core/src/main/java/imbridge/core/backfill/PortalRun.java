package imbridge.core.backfill;

import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import java.util.List;

/** What one portal run carries across its chunks: its reaction ledger and the newest message of mine read. */
final class PortalRun {
    private final ReactionLedger ledger;
    /** The run started with the portal's history committed: it only sends what came since (a live run). */
    private final boolean historyCommitted;

    private PartKey lastReadMine;
    private long lastReadAtMs;
    private PartKey lastReadTheirs;
    private long lastReadTheirsAtMs;

    PortalRun(ReactionLedger ledger, boolean historyCommitted) {
        this.ledger = ledger;
        this.historyCommitted = historyCommitted;
    }

    ReactionLedger ledger() {
        return ledger;
    }

    boolean historyCommitted() {
        return historyCommitted;
    }

    /**
     * Notes a row about to be sent: a message of mine the other side has read moves their read marker's target; a
     * message to me that I have read moves mine.
     */
    void noteRow(MessageRow row, List<PlannedPart> parts) {
        if (row.extras().dateReadMs() <= 0 || parts.isEmpty()) {
            return;
        }
        if (row.fromMe()) {
            lastReadMine = parts.getFirst().key();
            lastReadAtMs = row.extras().dateReadMs();
        } else {
            lastReadTheirs = parts.getLast().key();
            lastReadTheirsAtMs = row.extras().dateReadMs();
        }
    }

    /** The last part of the newest message to me that I read, or null. */
    PartKey lastReadTheirs() {
        return lastReadTheirs;
    }

    long lastReadTheirsAtMs() {
        return lastReadTheirsAtMs;
    }

    /** The first part of the newest message of mine that was read, or null. */
    PartKey lastReadMine() {
        return lastReadMine;
    }

    long lastReadAtMs() {
        return lastReadAtMs;
    }
}
