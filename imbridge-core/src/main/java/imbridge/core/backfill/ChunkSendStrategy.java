package imbridge.core.backfill;

import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a chunk's parts and tapbacks reach the room, strictly in order: one event per request
 * ({@link SingleEventSends}) or whole messages packed into batch requests ({@link BatchSends}). Both commit and stop
 * through the chunk's {@link ChunkCheckpoint}.
 */
interface ChunkSendStrategy {

    /**
     * A chunk to send.
     *
     * @param reactions         each row's tapback, or null
     * @param existingReactions the tapback adds the message map already has
     * @param sendPosition      the portal's send position, moved past every planned part (the look-ahead's reference)
     */
    record Work(
            Portal portal,
            ChunkPlan plan,
            List<PlannedReaction> reactions,
            Set<PartKey> existingReactions,
            PortalRun run,
            AtomicLong sendPosition,
            CancellationToken cancel) {}

    ChunkCheckpoint.Result send(Work work, ChunkCheckpoint checkpoint) throws CancelledException;
}
