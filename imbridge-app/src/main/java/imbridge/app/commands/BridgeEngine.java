package imbridge.app.commands;

import imbridge.core.backfill.BackfillQueue;
import java.util.function.Consumer;

/** What the commands need of the running engine beyond the stores: its queue, its sync lock, background work. */
public interface BridgeEngine {

    /** Whether background work started, and if not, why. */
    enum Start {
        STARTED,
        /** The start-up sync has not begun yet (or the login was cancelled): there is no engine to run it on. */
        NOT_READY,
        STARTUP_SYNC_RUNNING,
        /** Another on-demand sync (or attachment retry) holds the sync lock. */
        ALREADY_RUNNING
    }

    /** The long-lived backfill queue; null before the first start-up sync began. */
    BackfillQueue queue();

    boolean startupSyncRunning();

    /** One incremental pass on its own thread; {@code finished} gets the words to tell the owner afterwards. */
    Start startSync(Consumer<String> finished);

    /**
     * On its own thread, once the backfills are idle: forgets the abandoned attachment failures (in the store
     * and in the running pipeline); {@code finished} gets the words to tell the owner afterwards.
     */
    Start retryAttachments(Consumer<String> finished);

    /** Takes the sync lock if free, so a restore cannot race a pass re-soft-deleting the chat. */
    boolean tryLockSync();

    void unlockSync();
}
