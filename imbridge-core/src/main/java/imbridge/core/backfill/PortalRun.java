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

    /** Notes a row about to be sent: a message of mine the other side has read moves the read marker's target. */
    void noteRow(MessageRow row, List<PlannedPart> parts) {
        if (row.fromMe() && row.extras().dateReadMs() > 0 && !parts.isEmpty()) {
            lastReadMine = parts.getFirst().key();
            lastReadAtMs = row.extras().dateReadMs();
        }
    }

    /** The first part of the newest message of mine that was read, or null. */
    PartKey lastReadMine() {
        return lastReadMine;
    }

    long lastReadAtMs() {
        return lastReadAtMs;
    }
}
