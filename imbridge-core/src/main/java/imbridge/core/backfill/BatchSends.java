package imbridge.core.backfill;

import imbridge.core.model.MessageRow;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.SentPart;
import imbridge.core.port.BatchSender;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import imbridge.core.util.CancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The batch-send path (homeservers advertising {@code com.beeper.batch_sending}): whole messages are packed into
 * requests of at most {@code maxBatchItems()} parts, each request is one checkpoint, and a resent batch reuses its
 * deterministic event IDs. A reply or reaction whose target waits in the pending batch needs the target's event ID
 * first, so the batch goes before it (likewise a remove whose reaction waits there, to redact it).
 */
final class BatchSends implements ChunkSendStrategy {
    private final MatrixGateway matrix;
    private final PartContents contents;
    private final ReactionApplier reactions;

    BatchSends(MatrixGateway matrix, PartContents contents, ReactionApplier reactions) {
        this.matrix = matrix;
        this.contents = contents;
        this.reactions = reactions;
    }

    /** Whether the homeserver takes batches now. */
    boolean available() {
        return matrix instanceof BatchSender b && b.batchSendingSupported();
    }

    @Override
    public ChunkCheckpoint.Result send(Work work, ChunkCheckpoint checkpoint) throws CancelledException {
        BatchSender sender = (BatchSender) matrix;
        int max = Math.max(1, sender.maxBatchItems());
        ChunkPlan plan = work.plan();
        ReactionLedger ledger = work.run().ledger();
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < plan.rows().size(); i++) {
            work.cancel().throwIfCancelled();
            work.sendPosition().addAndGet(plan.planned().get(i).size());
            List<PlannedPart> parts = plan.planned().get(i).stream()
                    .filter(p -> !plan.existing().contains(p.key()))
                    .toList();
            PlannedReaction reaction = work.reactions().get(i);
            int adding = parts.size() + (reaction == null ? 0 : 1);
            boolean full = !pending.isEmpty()
                    && (pending.size() + adding > max
                            || repliesInto(parts, pending)
                            || (reaction != null && waitsInBatch(ReactionApplier.waitsFor(reaction, ledger), pending)));
            if (full) {
                ChunkCheckpoint.Result failed = flush(work, checkpoint, pending, i - 1);
                if (failed != null) {
                    return failed;
                }
                pending = new ArrayList<>();
            }
            for (PlannedPart p : parts) {
                pending.add(new Pending(p, null, null));
            }
            if (reaction != null) {
                try {
                    OutgoingPart.Reaction outgoing = reactions.forBatch(
                            work.portal(), reaction, ledger, work.existingReactions(), checkpoint.sentInChunk());
                    if (outgoing != null) {
                        pending.add(new Pending(null, reaction, outgoing));
                    }
                } catch (MatrixException e) {
                    return checkpoint.failed("reaction " + reaction.key() + " not applied: " + e.getMessage());
                }
            }
        }
        int last = plan.rows().size() - 1;
        if (!checkpoint.committedThrough(last)) {
            ChunkCheckpoint.Result failed = flush(work, checkpoint, pending, last);
            if (failed != null) {
                return failed;
            }
        }
        return checkpoint.done();
    }

    /**
     * Sends the pending items as one request (an empty one sends nothing) and commits them with the cursor after row
     * {@code through}; returns the chunk's failure when the homeserver refuses the batch, null otherwise.
     */
    private ChunkCheckpoint.Result flush(Work work, ChunkCheckpoint checkpoint, List<Pending> pending, int through)
            throws CancelledException {
        try {
            sendBatch(work.portal(), pending, checkpoint);
        } catch (MatrixException e) {
            MessageRow last = work.plan().rows().get(through);
            return checkpoint.failed("batch ending at " + last.guid() + " not delivered: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw checkpoint.cancelled();
        }
        checkpoint.commitThrough(through);
        return null;
    }

    private void sendBatch(Portal portal, List<Pending> parts, ChunkCheckpoint checkpoint)
            throws MatrixException, CancelledException, InterruptedException {
        if (parts.isEmpty()) {
            return;
        }
        Map<PartKey, String> sentInChunk = checkpoint.sentInChunk();
        List<BatchSender.BatchItem> items = new ArrayList<>(parts.size());
        for (Pending item : parts) {
            OutgoingPart outgoing = item.part() != null ? contents.outgoing(item.part(), sentInChunk) : item.reaction();
            items.add(new BatchSender.BatchItem(item.senderHandle(), outgoing, item.timestampMs()));
        }
        List<String> eventIds = ((BatchSender) matrix).sendBatch(portal.roomId(), items, true);
        for (int k = 0; k < parts.size(); k++) {
            Pending p = parts.get(k);
            checkpoint.sent(new SentPart(
                    portal.portalId(), p.key(), p.guid(), portal.roomId(), eventIds.get(k), p.timestampMs()));
        }
        reactions.sentInBatch(parts.stream().filter(p -> p.reaction() != null).count());
    }

    private static boolean repliesInto(List<PlannedPart> parts, List<Pending> pending) {
        for (PlannedPart part : parts) {
            if (waitsInBatch(part.replyTargetKeys(), pending)) {
                return true;
            }
        }
        return false;
    }

    private static boolean waitsInBatch(List<PartKey> keys, List<Pending> pending) {
        return pending.stream().anyMatch(p -> keys.contains(p.key()));
    }

    /** A batch entry: a message part (its content is made at flush time) or a reaction ready to go. */
    private record Pending(PlannedPart part, PlannedReaction planned, OutgoingPart.Reaction reaction) {
        PartKey key() {
            return part != null ? part.key() : planned.key();
        }

        String guid() {
            return part != null ? part.guid() : planned.guid();
        }

        long timestampMs() {
            return part != null ? part.timestampMs() : planned.timestampMs();
        }

        String senderHandle() {
            return part != null ? part.senderHandle() : planned.senderHandle();
        }
    }
}
