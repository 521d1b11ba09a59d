package imbridge.core.backfill;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackwardTask;
import imbridge.core.model.MessageRow;
import imbridge.core.port.BackwardTasks;
import imbridge.core.port.CloudStore;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a portal's first forward backfill starts. Where the homeserver inserts history (batch send) and the
 * portal has more than {@code initialForwardMessages} messages, forward starts at the newest of them and a
 * backward task is created for everything older: a big chat's room shows its latest messages, and takes live
 * traffic, right away. Otherwise forward starts at the beginning and sends the whole history oldest first.
 * Called only once the portal's room exists, so a task never exists for a roomless portal (behaviour.md F17).
 */
public final class HistorySplit {
    private static final Logger log = LoggerFactory.getLogger(HistorySplit.class);

    private final CloudStore cloud;
    private final BackwardTasks tasks;
    private final BooleanSupplier historyInsertable;
    private final BackwardSettings settings;
    private final Clock clock;

    public HistorySplit(
            CloudStore cloud,
            BackwardTasks tasks,
            BooleanSupplier historyInsertable,
            BackwardSettings settings,
            Clock clock) {
        this.cloud = cloud;
        this.tasks = tasks;
        this.historyInsertable = historyInsertable;
        this.settings = settings;
        this.clock = clock;
    }

    /** Forward sends everything, oldest first. */
    public static HistorySplit none() {
        return new HistorySplit(null, null, () -> false, new BackwardSettings(0, 1), Clock.systemUTC());
    }

    /** The cursor of the portal's first forward run; creates its backward task when history is split. */
    public BackfillCursor firstCursor(String portalId) {
        if (!settings.splits() || !historyInsertable.getAsBoolean()) {
            return BackfillCursor.START;
        }
        BackfillCursor before =
                tasks.backwardTask(portalId).map(BackwardTask::before).orElse(null);
        if (before == null) {
            List<MessageRow> newest =
                    cloud.messagesBefore(portalId, BackfillCursor.END, settings.initialForwardMessages() + 1);
            if (newest.size() <= settings.initialForwardMessages()) {
                return BackfillCursor.START; // small enough to go forward whole
            }
            MessageRow oldestForward = newest.get(settings.initialForwardMessages() - 1);
            before = new BackfillCursor(oldestForward.timestampMs(), oldestForward.guidNorm());
            tasks.saveBackwardTask(BackwardTask.startingBefore(portalId, before, clock.millis()));
            log.info(
                    "history split portal={}: newest {} messages forward, older ones backward before {}",
                    portalId,
                    settings.initialForwardMessages(),
                    before);
        }
        // forward starts right after the newest row the backward task will send
        List<MessageRow> justOlder = cloud.messagesBefore(portalId, before, 1);
        return justOlder.isEmpty()
                ? BackfillCursor.START
                : new BackfillCursor(
                        justOlder.getFirst().timestampMs(), justOlder.getFirst().guidNorm());
    }
}
