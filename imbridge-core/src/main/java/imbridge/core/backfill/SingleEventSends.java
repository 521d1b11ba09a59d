package imbridge.core.backfill;

import imbridge.core.model.MessageRow;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.SentPart;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import imbridge.core.util.CancelledException;
import java.util.List;
import java.util.Map;

/**
 * The single-event send path: each part and tapback is its own request, in order; the sent parts are committed with
 * the cursor after every {@code sendBatchParts} parts and at the chunk's end. History sends step aside while a run
 * delivers live messages.
 */
final class SingleEventSends implements ChunkSendStrategy {
    private final MatrixGateway matrix;
    private final BackfillMonitor monitor;
    private final PartContents contents;
    private final ReactionApplier reactions;
    private final LiveFirst liveFirst;
    private final int sendBatchParts;

    SingleEventSends(
            MatrixGateway matrix,
            BackfillMonitor monitor,
            PartContents contents,
            ReactionApplier reactions,
            LiveFirst liveFirst,
            int sendBatchParts) {
        this.matrix = matrix;
        this.monitor = monitor;
        this.contents = contents;
        this.reactions = reactions;
        this.liveFirst = liveFirst;
        this.sendBatchParts = sendBatchParts;
    }

    @Override
    public ChunkCheckpoint.Result send(Work work, ChunkCheckpoint checkpoint) throws CancelledException {
        List<MessageRow> rows = work.plan().rows();
        for (int i = 0; i < rows.size(); i++) {
            work.cancel().throwIfCancelled();
            for (PlannedPart part : work.plan().planned().get(i)) {
                work.sendPosition().incrementAndGet();
                if (work.plan().existing().contains(part.key())) {
                    continue;
                }
                try {
                    if (!work.run().historyCommitted()) {
                        liveFirst.yieldToLive(LiveFirst.MAX_YIELD);
                    }
                    checkpoint.sent(send(work.portal(), part, checkpoint.sentInChunk()));
                } catch (MatrixException e) {
                    return checkpoint.failed("part " + part.key() + " not delivered: " + e.getMessage());
                } catch (CancelledException e) {
                    throw checkpoint.cancelled();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw checkpoint.cancelled();
                }
            }
            PlannedReaction reaction = work.reactions().get(i);
            if (reaction != null) {
                try {
                    SentPart sent = reactions.send(
                            work.portal(),
                            reaction,
                            work.run().ledger(),
                            work.existingReactions(),
                            checkpoint.sentInChunk());
                    if (sent != null) {
                        checkpoint.sent(sent);
                    }
                } catch (MatrixException e) {
                    return checkpoint.failed("reaction " + reaction.key() + " not delivered: " + e.getMessage());
                }
            }
            if (checkpoint.uncommittedParts() >= sendBatchParts || i == rows.size() - 1) {
                checkpoint.commitThrough(i);
            }
        }
        return checkpoint.done();
    }

    /** Sends one part as its own event (its attachment awaited first). */
    SentPart send(Portal portal, PlannedPart part, Map<PartKey, String> sentInChunk)
            throws MatrixException, CancelledException, InterruptedException {
        OutgoingPart outgoing = contents.outgoing(part, sentInChunk);
        matrix.ensureJoined(portal.roomId(), part.senderHandle());
        String eventId = matrix.send(portal.roomId(), part.senderHandle(), outgoing, part.timestampMs());
        monitor.beat();
        return new SentPart(portal.portalId(), part.key(), part.guid(), portal.roomId(), eventId, part.timestampMs());
    }
}
