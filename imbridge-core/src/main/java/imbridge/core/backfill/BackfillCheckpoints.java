package imbridge.core.backfill;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.SentPart;
import imbridge.core.port.BridgeStore;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write of a portal's forward progress: a batch of sent parts committed together with the cursor after them
 * (so a restart resumes after the last committed message and re-sends nothing), and status changes. Each write also
 * tells the stall watchdog and the progress listener.
 */
final class BackfillCheckpoints {
    private static final Logger log = LoggerFactory.getLogger(BackfillCheckpoints.class);

    private final BridgeStore bridge;
    private final Clock clock;
    private final BackfillProgress progress;
    private final BackfillMonitor monitor;

    BackfillCheckpoints(BridgeStore bridge, Clock clock, BackfillProgress progress, BackfillMonitor monitor) {
        this.bridge = bridge;
        this.clock = clock;
        this.progress = progress;
        this.monitor = monitor;
    }

    /** Commits {@code sent} with the cursor moved to {@code cursor}, {@code messages} messages further on. */
    BackfillState commit(List<SentPart> sent, BackfillState state, BackfillCursor cursor, int messages) {
        BackfillState next = new BackfillState(
                state.portalId(),
                state.status(),
                cursor,
                state.messagesDone() + messages,
                state.partsSent() + sent.size(),
                state.lastError(),
                clock.millis());
        bridge.commitBackfillBatch(sent, next);
        monitor.portalProgress(next);
        if (!sent.isEmpty()) {
            progress.partsSent(state.portalId(), sent.size());
        }
        return next;
    }

    /** Stops the portal at its checkpoint with the error recorded (nothing is skipped silently). */
    BackfillState fail(BackfillState state, String error) {
        log.error("forward backfill stopped portal={} at cursor={}: {}", state.portalId(), state.cursor(), error);
        BackfillState failed = withStatus(state, BackfillStatus.FAILED, error);
        bridge.saveBackfillState(failed);
        progress.portalFinished(state.portalId(), false, error);
        return failed;
    }

    /** Stores the state with a new status. */
    BackfillState save(BackfillState state, BackfillStatus status) {
        BackfillState next = withStatus(state, status, null);
        bridge.saveBackfillState(next);
        return next;
    }

    BackfillState withStatus(BackfillState s, BackfillStatus status, String error) {
        return new BackfillState(
                s.portalId(), status, s.cursor(), s.messagesDone(), s.partsSent(), error, clock.millis());
    }
}
