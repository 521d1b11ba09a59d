package imbridge.core.backfill;

import imbridge.core.attachment.AttachmentException;
import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.MessageRow;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.SentPart;
import imbridge.core.port.BatchSender;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import imbridge.core.portal.PortalRooms;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Streams one portal's cached history into its room, oldest first, in keyset chunks. Parts are
 * sent strictly in order; after every batch the sent parts and the cursor are committed together,
 * so a restart resumes after the last committed message and re-sends nothing (a part sent but not
 * yet committed is re-sent with the same transaction ID and deduplicated by the homeserver).
 * A part that cannot be delivered stops the portal at its checkpoint with the error recorded:
 * nothing is ever skipped silently.
 */
public final class ForwardBackfill {
    private static final Logger log = LoggerFactory.getLogger(ForwardBackfill.class);

    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final MatrixGateway matrix;
    private final PortalRooms rooms;
    private final AttachmentPipeline attachments;
    private final MessagePartPlanner planner;
    private final BackfillSettings settings;
    private final Clock clock;
    private final BackfillProgress progress;
    private final java.util.function.Predicate<String> isDeleted;
    private final java.util.function.BooleanSupplier attachmentsMayStillArrive;

    public ForwardBackfill(CloudStore cloud, BridgeStore bridge, MatrixGateway matrix, PortalRooms rooms,
                           AttachmentPipeline attachments, MessagePartPlanner planner, BackfillSettings settings,
                           Clock clock, BackfillProgress progress) {
        this(cloud, bridge, matrix, rooms, attachments, planner, settings, clock, progress, portalId -> false,
                () -> false);
    }

    /**
     * @param isDeleted                portals deleted meanwhile get no room and no messages
     * @param attachmentsMayStillArrive while true, a message naming attachments the attachment zone has
     *                                 not delivered yet stops the portal (status WAITING) instead of
     *                                 being sent without them, so its parts keep their place in the room
     */
    public ForwardBackfill(CloudStore cloud, BridgeStore bridge, MatrixGateway matrix, PortalRooms rooms,
                           AttachmentPipeline attachments, MessagePartPlanner planner, BackfillSettings settings,
                           Clock clock, BackfillProgress progress, java.util.function.Predicate<String> isDeleted,
                           java.util.function.BooleanSupplier attachmentsMayStillArrive) {
        this.isDeleted = isDeleted;
        this.attachmentsMayStillArrive = attachmentsMayStillArrive;
        this.cloud = cloud;
        this.bridge = bridge;
        this.matrix = matrix;
        this.rooms = rooms;
        this.attachments = attachments;
        this.planner = planner;
        this.settings = settings;
        this.clock = clock;
        this.progress = progress;
    }

    public BackfillState run(String portalId, CancellationToken cancel) throws CancelledException {
        BackfillState state = bridge.backfillState(portalId)
                .orElseGet(() -> BackfillState.initial(portalId, clock.millis()));
        if (isDeleted.test(portalId)) {
            log.info("forward backfill skipped portal={} reason=PORTAL_DELETED", portalId);
            return state;
        }
        if (state.status() == BackfillStatus.DONE
                && cloud.messagesAfter(portalId, state.cursor(), 1).isEmpty()) {
            return state; // caught up: nothing after the checkpoint
        }
        Portal portal;
        try {
            portal = rooms.ensureRoom(portalId);
        } catch (MatrixException e) {
            return fail(state, "room creation failed: " + e.getMessage());
        }
        state = withStatus(state, BackfillStatus.RUNNING, null);
        bridge.saveBackfillState(state);
        progress.portalStarted(portalId, state.messagesDone());
        while (true) {
            cancel.throwIfCancelled();
            List<MessageRow> rows = cloud.messagesAfter(portalId, state.cursor(), settings.chunkSize());
            if (rows.isEmpty()) {
                break;
            }
            int ready = readyPrefix(rows);
            boolean waiting = ready < rows.size();
            if (waiting) {
                rows = rows.subList(0, ready);
            }
            ChunkResult result = rows.isEmpty() ? new ChunkResult(state, null) : sendChunk(portal, rows, state, cancel);
            state = result.state();
            if (result.error() != null) {
                return fail(state, result.error());
            }
            if (waiting) {
                log.info("forward backfill portal={} waits at cursor={}: the next message names attachments not "
                        + "synced yet (reason=ATTACHMENT_NOT_YET_SYNCED)", portalId, state.cursor());
                state = withStatus(state, BackfillStatus.WAITING, null);
                bridge.saveBackfillState(state);
                progress.portalFinished(portalId, true, null);
                return state;
            }
            if (rows.size() < settings.chunkSize()) {
                break;
            }
        }
        state = withStatus(state, BackfillStatus.DONE, null);
        bridge.saveBackfillState(state);
        progress.portalFinished(portalId, true, null);
        log.info("forward backfill complete portal={} messages={} parts={}", portalId, state.messagesDone(),
                state.partsSent());
        return state;
    }

    private record ChunkResult(BackfillState state, String error) {
    }

    /** How many leading rows can be sent now (all, unless one still waits for attachment records). */
    private int readyPrefix(List<MessageRow> rows) {
        if (!attachmentsMayStillArrive.getAsBoolean()) {
            return rows.size();
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).attachmentsIncomplete()) {
                return i;
            }
        }
        return rows.size();
    }

    private ChunkResult sendChunk(Portal portal, List<MessageRow> rows, BackfillState state, CancellationToken cancel)
            throws CancelledException {
        List<List<PlannedPart>> planned = new ArrayList<>(rows.size());
        List<PartKey> keys = new ArrayList<>();
        for (MessageRow row : rows) {
            List<PlannedPart> parts = planner.plan(row);
            planned.add(parts);
            parts.forEach(p -> keys.add(p.key()));
        }
        Set<PartKey> existing = keys.isEmpty() ? Set.of() : bridge.existingParts(portal.portalId(), keys);
        for (List<PlannedPart> parts : planned) {
            for (PlannedPart p : parts) {
                if (!p.isText() && !existing.contains(p.key())) {
                    attachments.prefetch(p.attachment());
                }
            }
        }
        BatchSender batchSender = batchSenderOrNull();
        if (batchSender != null) {
            return sendChunkInBatches(portal, rows, planned, existing, state, batchSender, cancel);
        }
        List<SentPart> batch = new ArrayList<>();
        int committedUpTo = -1; // rows come strictly after the cursor, so none is counted yet
        for (int i = 0; i < rows.size(); i++) {
            cancel.throwIfCancelled();
            MessageRow row = rows.get(i);
            for (PlannedPart part : planned.get(i)) {
                if (existing.contains(part.key())) {
                    continue;
                }
                try {
                    batch.add(send(portal, part));
                } catch (MatrixException | AttachmentException e) {
                    state = commit(batch, state, state.cursor(), 0);
                    return new ChunkResult(state, "part " + part.key() + " not delivered: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    commit(batch, state, state.cursor(), 0);
                    throw new CancelledException();
                }
            }
            if (batch.size() >= settings.sendBatchParts() || i == rows.size() - 1) {
                state = commit(batch, state, new BackfillCursor(row.timestampMs(), row.guidNorm()), i - committedUpTo);
                committedUpTo = i;
                batch = new ArrayList<>();
            }
        }
        return new ChunkResult(state, null);
    }

    private BatchSender batchSenderOrNull() {
        return matrix instanceof BatchSender b && b.batchSendingSupported() ? b : null;
    }

    /**
     * The batch-send path (homeservers advertising {@code com.beeper.batch_sending}): whole messages
     * are packed into requests of at most {@code maxBatchItems()} parts, each request is one
     * checkpoint, and a resent batch reuses its deterministic event IDs.
     */
    private ChunkResult sendChunkInBatches(Portal portal, List<MessageRow> rows, List<List<PlannedPart>> planned,
                                           Set<PartKey> existing, BackfillState state, BatchSender sender,
                                           CancellationToken cancel) throws CancelledException {
        int max = Math.max(1, sender.maxBatchItems());
        List<PlannedPart> pending = new ArrayList<>();
        int committedUpTo = -1;
        for (int i = 0; i < rows.size(); i++) {
            cancel.throwIfCancelled();
            List<PlannedPart> parts = planned.get(i).stream().filter(p -> !existing.contains(p.key())).toList();
            boolean full = !pending.isEmpty() && pending.size() + parts.size() > max;
            if (full) {
                MessageRow last = rows.get(i - 1);
                try {
                    state = sendBatch(portal, pending, sender, state, last, i - 1 - committedUpTo);
                } catch (MatrixException | AttachmentException e) {
                    return new ChunkResult(state, "batch ending at " + last.guid() + " not delivered: "
                            + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException();
                }
                committedUpTo = i - 1;
                pending = new ArrayList<>();
            }
            pending.addAll(parts);
        }
        if (committedUpTo < rows.size() - 1) {
            MessageRow last = rows.getLast();
            try {
                state = sendBatch(portal, pending, sender, state, last, rows.size() - 1 - committedUpTo);
            } catch (MatrixException | AttachmentException e) {
                return new ChunkResult(state, "batch ending at " + last.guid() + " not delivered: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
        }
        return new ChunkResult(state, null);
    }

    private BackfillState sendBatch(Portal portal, List<PlannedPart> parts, BatchSender sender, BackfillState state,
                                    MessageRow last, int messages)
            throws MatrixException, AttachmentException, InterruptedException {
        List<SentPart> sent = new ArrayList<>(parts.size());
        if (!parts.isEmpty()) {
            List<BatchSender.BatchItem> items = new ArrayList<>(parts.size());
            for (PlannedPart part : parts) {
                items.add(new BatchSender.BatchItem(part.senderHandle(), outgoing(part), part.timestampMs()));
            }
            List<String> eventIds = sender.sendBatch(portal.roomId(), items, true);
            for (int k = 0; k < parts.size(); k++) {
                PlannedPart p = parts.get(k);
                sent.add(new SentPart(portal.portalId(), p.key(), p.guid(), portal.roomId(), eventIds.get(k),
                        p.timestampMs()));
            }
        }
        return commit(sent, state, new BackfillCursor(last.timestampMs(), last.guidNorm()), messages);
    }

    private OutgoingPart outgoing(PlannedPart part) throws AttachmentException, InterruptedException {
        if (part.isText()) {
            return new OutgoingPart.Text(part.key(), part.guid(), part.portalId(), part.text());
        }
        String uri = attachments.await(part.attachment());
        var a = part.attachment();
        return new OutgoingPart.Media(part.key(), part.guid(), part.portalId(), uri, a.filename(), a.mimeType(),
                a.size());
    }

    private SentPart send(Portal portal, PlannedPart part)
            throws MatrixException, AttachmentException, InterruptedException {
        OutgoingPart outgoing = outgoing(part);
        matrix.ensureJoined(portal.roomId(), part.senderHandle());
        String eventId = matrix.send(portal.roomId(), part.senderHandle(), outgoing, part.timestampMs());
        return new SentPart(portal.portalId(), part.key(), part.guid(), portal.roomId(), eventId, part.timestampMs());
    }

    private BackfillState commit(List<SentPart> sent, BackfillState state, BackfillCursor cursor, int messages) {
        BackfillState next = new BackfillState(state.portalId(), state.status(), cursor,
                state.messagesDone() + messages, state.partsSent() + sent.size(), state.lastError(), clock.millis());
        bridge.commitBackfillBatch(sent, next);
        if (!sent.isEmpty()) {
            progress.partsSent(state.portalId(), sent.size());
        }
        return next;
    }

    private BackfillState fail(BackfillState state, String error) {
        log.error("forward backfill stopped portal={} at cursor={}: {}", state.portalId(), state.cursor(), error);
        BackfillState failed = withStatus(state, BackfillStatus.FAILED, error);
        bridge.saveBackfillState(failed);
        progress.portalFinished(state.portalId(), false, error);
        return failed;
    }

    private BackfillState withStatus(BackfillState s, BackfillStatus status, String error) {
        return new BackfillState(s.portalId(), status, s.cursor(), s.messagesDone(), s.partsSent(), error,
                clock.millis());
    }
}
