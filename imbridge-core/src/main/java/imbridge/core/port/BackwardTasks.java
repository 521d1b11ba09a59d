package imbridge.core.port;

import imbridge.core.model.BackwardTask;
import imbridge.core.model.SentPart;
import java.util.List;
import java.util.Optional;

/** Persisted backward-backfill tasks, one per portal (behaviour.md §BF3.1, minus the framework's queue). */
public interface BackwardTasks {

    Optional<BackwardTask> backwardTask(String portalId);

    /** Creates the portal's task or replaces it. */
    void saveBackwardTask(BackwardTask task);

    /**
     * Checkpoint after a backward page: the sent parts and the task's new position in one transaction. Part keys
     * already in the message map are ignored.
     */
    void commitBackwardBatch(List<SentPart> sent, BackwardTask task);

    /** Tasks not done yet, oldest update first. */
    List<BackwardTask> openBackwardTasks();

    /** The (timestamp, GUID) of the oldest part the portal's message map has: where inserted history must end. */
    Optional<imbridge.core.model.BackfillCursor> oldestBridged(String portalId);

    /**
     * Drops the portal's task (its room is gone: a task is never kept for a portal without a room, behaviour.md F17).
     */
    void deleteBackwardTask(String portalId);
}
