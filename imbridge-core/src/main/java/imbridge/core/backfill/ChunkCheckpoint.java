package imbridge.core.backfill;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackfillState;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.SentPart;
import imbridge.core.util.CancelledException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one commit and error path of both send strategies, for one chunk: the parts sent and not committed yet, the
 * events sent in the chunk (replies and tapbacks point at them before they are committed), and the last row
 * committed. A part the homeserver refuses stops the chunk with what was sent before it committed at the old cursor
 * (a part sent but not committed is re-sent with the same transaction ID and deduplicated by the homeserver).
 */
final class ChunkCheckpoint {
    /** The chunk's end state, and the error that stops the portal (null when the chunk went through). */
    record Result(BackfillState state, String error) {}

    private final BackfillCheckpoints checkpoints;
    private final List<MessageRow> rows;
    private final Map<PartKey, String> sentInChunk = new HashMap<>();
    private BackfillState state;
    private List<SentPart> uncommitted = new ArrayList<>();
    /** Rows come strictly after the cursor, so none is counted yet. */
    private int committedUpTo = -1;

    ChunkCheckpoint(BackfillCheckpoints checkpoints, List<MessageRow> rows, BackfillState state) {
        this.checkpoints = checkpoints;
        this.rows = rows;
        this.state = state;
    }

    /** Events sent in this chunk by part key, committed or not. */
    Map<PartKey, String> sentInChunk() {
        return sentInChunk;
    }

    void sent(SentPart part) {
        uncommitted.add(part);
        sentInChunk.put(part.key(), part.eventId());
    }

    int uncommittedParts() {
        return uncommitted.size();
    }

    /** Whether every row up to {@code row} (an index in the chunk) is committed. */
    boolean committedThrough(int row) {
        return committedUpTo >= row;
    }

    /** Commits the parts sent so far with the cursor after row {@code row}. */
    void commitThrough(int row) {
        MessageRow last = rows.get(row);
        state = checkpoints.commit(
                uncommitted, state, new BackfillCursor(last.timestampMs(), last.guidNorm()), row - committedUpTo);
        committedUpTo = row;
        uncommitted = new ArrayList<>();
    }

    /** The chunk stops at its checkpoint: what was sent is committed, the cursor stays. */
    Result failed(String error) {
        commitSentAtCursor();
        return new Result(state, error);
    }

    /** The run was cancelled: what was sent is committed, the cursor stays; the caller throws the result. */
    CancelledException cancelled() {
        commitSentAtCursor();
        return new CancelledException();
    }

    Result done() {
        return new Result(state, null);
    }

    private void commitSentAtCursor() {
        if (!uncommitted.isEmpty()) {
            state = checkpoints.commit(uncommitted, state, state.cursor(), 0);
            uncommitted = new ArrayList<>();
        }
    }
}
