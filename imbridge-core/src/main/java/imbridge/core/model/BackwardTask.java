package imbridge.core.model;

import java.util.Objects;

/**
 * A portal's backward backfill (homeservers with batch send only): its cached history older than {@code before}
 * still has to be inserted above the room's oldest message, page by page, each page older than the last.
 * Persisted, so a restart resumes at the last committed page.
 *
 * @param before       keyset position: rows strictly older than it are still to send
 * @param done         history exhausted
 * @param messagesDone messages the task has passed (sent or already bridged)
 * @param partsSent    parts the task has sent
 * @param lastError    why the last page was not delivered, or null
 */
public record BackwardTask(
        String portalId,
        BackfillCursor before,
        boolean done,
        long messagesDone,
        long partsSent,
        String lastError,
        long updatedMs) {

    public BackwardTask {
        Objects.requireNonNull(portalId, "portalId");
        Objects.requireNonNull(before, "before");
    }

    /** A new task: everything older than {@code before}. */
    public static BackwardTask startingBefore(String portalId, BackfillCursor before, long nowMs) {
        return new BackwardTask(portalId, before, false, 0, 0, null, nowMs);
    }
}
