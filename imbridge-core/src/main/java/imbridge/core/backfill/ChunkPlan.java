package imbridge.core.backfill;

import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import java.util.List;
import java.util.Set;

/** A chunk's parts per row, which of them the message map already has, and where it starts in the send order. */
record ChunkPlan(
        List<MessageRow> rows,
        List<List<PlannedPart>> planned,
        Set<PartKey> existing,
        long startPosition,
        long partCount) {
    long endPosition() {
        return startPosition + partCount;
    }
}
