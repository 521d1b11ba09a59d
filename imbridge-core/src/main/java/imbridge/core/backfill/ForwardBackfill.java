package imbridge.core.backfill;

import imbridge.core.attachment.AttachmentOutcome;
import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.model.CloudAttachment;
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
 * A part the homeserver refuses stops the portal at its checkpoint with the error recorded: nothing is
 * ever skipped silently. An attachment is awaited in its place (its failed attempts are retried, while the
 * other downloads go on); one abandoned after its retries is replaced by a visible notice with the same
 * part key, so every part is accounted for and the room's order never changes.
 */
public final class ForwardBackfill {
    private static final Logger log = LoggerFactory.getLogger(ForwardBackfill.class);
    /** Fixed-point scale of the download urgency (parts ahead per part remaining). */
    private static final long URGENCY_SCALE = 1_000_000;
    /** Added to "parts ahead" so that urgency compares portals by their remaining work, not only by position. */
    private static final long URGENCY_BIAS_PARTS = 256;

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
    private final BackfillMonitor monitor;
    /** Per running portal: how many planned parts its sender has passed (the look-ahead's reference point). */
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> positions =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Per running portal: time its sender spent waiting for attachments (what the look-ahead did not hide). */
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> attachmentWaits =
            new java.util.concurrent.ConcurrentHashMap<>();

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
        this(cloud, bridge, matrix, rooms, attachments, planner, settings, clock, progress, isDeleted,
                attachmentsMayStillArrive, BackfillMonitor.silent(clock));
    }

    /** @param monitor heartbeat and running-portal states for the stall watchdog */
    public ForwardBackfill(CloudStore cloud, BridgeStore bridge, MatrixGateway matrix, PortalRooms rooms,
                           AttachmentPipeline attachments, MessagePartPlanner planner, BackfillSettings settings,
                           Clock clock, BackfillProgress progress, java.util.function.Predicate<String> isDeleted,
                           java.util.function.BooleanSupplier attachmentsMayStillArrive, BackfillMonitor monitor) {
        this.monitor = monitor;
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
        try {
            return runTracked(portalId, cancel);
        } finally {
            monitor.portalEnded(portalId);
            positions.remove(portalId);
            attachmentWaits.remove(portalId);
        }
    }

    private BackfillState runTracked(String portalId, CancellationToken cancel) throws CancelledException {
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
        monitor.portalStarted(state);
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
        java.util.concurrent.atomic.AtomicLong waited = attachmentWaits.get(portalId);
        log.info("forward backfill complete portal={} messages={} parts={} (this run waited {} ms for attachments)",
                portalId, state.messagesDone(), state.partsSent(), waited == null ? 0 : waited.get() / 1_000_000);
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

    /** A chunk's parts, which of them the message map already has, and where it starts in the send order. */
    private record ChunkPlan(List<MessageRow> rows, List<List<PlannedPart>> planned, Set<PartKey> existing,
                             long startPosition, long partCount) {
        long endPosition() {
            return startPosition + partCount;
        }
    }

    private ChunkPlan plan(Portal portal, List<MessageRow> rows, long startPosition) {
        List<List<PlannedPart>> planned = new ArrayList<>(rows.size());
        List<PartKey> keys = new ArrayList<>();
        for (MessageRow row : rows) {
            List<PlannedPart> parts = planner.plan(row);
            planned.add(parts);
            parts.forEach(p -> keys.add(p.key()));
        }
        Set<PartKey> existing = keys.isEmpty() ? Set.of() : bridge.existingParts(portal.portalId(), keys);
        return new ChunkPlan(rows, planned, existing, startPosition, keys.size());
    }

    /**
     * Starts the chunk's downloads. The whole chunk is fetched ahead, so slow and stalled downloads hide behind
     * the sends. Download slots go by urgency = (parts ahead of the sender + a bias) / parts the portal has left:
     * within a portal nearest first; across portals the one with the most history left — the long pole that
     * decides when the whole backfill is done — gets most slots (longest-work-first), while a small portal's
     * next attachment still beats a large portal's far look-ahead.
     */
    private void prefetch(Portal portal, ChunkPlan plan, java.util.concurrent.atomic.AtomicLong sendPosition) {
        long position = plan.startPosition();
        long chunkEnd = plan.endPosition();
        long beyond = plan.rows().size() >= settings.chunkSize() ? plan.partCount() : 0; // a full chunk: more follows
        for (List<PlannedPart> parts : plan.planned()) {
            for (PlannedPart p : parts) {
                if (!p.isText() && !plan.existing().contains(p.key())) {
                    long at = position;
                    attachments.prefetch(portal.portalId(), p.attachment(), () -> {
                        long sent = sendPosition.get();
                        return (Math.max(0, at - sent) + URGENCY_BIAS_PARTS) * URGENCY_SCALE
                                / Math.max(1, chunkEnd - sent + beyond);
                    });
                }
                position++;
            }
        }
    }

    /**
     * Sends one chunk. Before that, the next chunk is read and its downloads started too, so the download
     * pipeline does not drain at chunk boundaries (the next round finds them running or cached).
     */
    private ChunkResult sendChunk(Portal portal, List<MessageRow> rows, BackfillState state, CancellationToken cancel)
            throws CancelledException {
        java.util.concurrent.atomic.AtomicLong sendPosition = positions.computeIfAbsent(portal.portalId(),
                k -> new java.util.concurrent.atomic.AtomicLong());
        ChunkPlan plan = plan(portal, rows, sendPosition.get());
        prefetch(portal, plan, sendPosition);
        if (rows.size() >= settings.chunkSize()) {
            MessageRow last = rows.getLast();
            List<MessageRow> next = cloud.messagesAfter(portal.portalId(),
                    new BackfillCursor(last.timestampMs(), last.guidNorm()), settings.chunkSize());
            if (!next.isEmpty()) {
                prefetch(portal, plan(portal, next, plan.endPosition()), sendPosition);
            }
        }
        List<List<PlannedPart>> planned = plan.planned();
        Set<PartKey> existing = plan.existing();
        BatchSender batchSender = batchSenderOrNull();
        if (batchSender != null) {
            return sendChunkInBatches(portal, rows, planned, existing, state, batchSender, cancel, sendPosition);
        }
        List<SentPart> batch = new ArrayList<>();
        java.util.Map<PartKey, String> sentInChunk = new java.util.HashMap<>();
        int committedUpTo = -1; // rows come strictly after the cursor, so none is counted yet
        for (int i = 0; i < rows.size(); i++) {
            cancel.throwIfCancelled();
            MessageRow row = rows.get(i);
            for (PlannedPart part : planned.get(i)) {
                sendPosition.incrementAndGet();
                if (existing.contains(part.key())) {
                    continue;
                }
                try {
                    SentPart sent = send(portal, part, sentInChunk);
                    batch.add(sent);
                    sentInChunk.put(sent.key(), sent.eventId());
                } catch (MatrixException e) {
                    state = commit(batch, state, state.cursor(), 0);
                    return new ChunkResult(state, "part " + part.key() + " not delivered: " + e.getMessage());
                } catch (CancelledException e) {
                    commit(batch, state, state.cursor(), 0);
                    throw e;
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
                                           CancellationToken cancel,
                                           java.util.concurrent.atomic.AtomicLong sendPosition)
            throws CancelledException {
        int max = Math.max(1, sender.maxBatchItems());
        List<PlannedPart> pending = new ArrayList<>();
        java.util.Map<PartKey, String> sentInChunk = new java.util.HashMap<>();
        int committedUpTo = -1;
        for (int i = 0; i < rows.size(); i++) {
            cancel.throwIfCancelled();
            sendPosition.addAndGet(planned.get(i).size());
            List<PlannedPart> parts = planned.get(i).stream().filter(p -> !existing.contains(p.key())).toList();
            // A reply whose target waits in the same batch needs the target's event ID first: flush it.
            boolean full = !pending.isEmpty() && (pending.size() + parts.size() > max || repliesInto(parts, pending));
            if (full) {
                MessageRow last = rows.get(i - 1);
                try {
                    state = sendBatch(portal, pending, sender, state, last, i - 1 - committedUpTo, sentInChunk);
                } catch (MatrixException e) {
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
                state = sendBatch(portal, pending, sender, state, last, rows.size() - 1 - committedUpTo,
                        sentInChunk);
            } catch (MatrixException e) {
                return new ChunkResult(state, "batch ending at " + last.guid() + " not delivered: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
        }
        return new ChunkResult(state, null);
    }

    private static boolean repliesInto(List<PlannedPart> parts, List<PlannedPart> pending) {
        for (PlannedPart part : parts) {
            for (PartKey target : part.replyTargetKeys()) {
                if (pending.stream().anyMatch(p -> p.key().equals(target))) {
                    return true;
                }
            }
        }
        return false;
    }

    private BackfillState sendBatch(Portal portal, List<PlannedPart> parts, BatchSender sender, BackfillState state,
                                    MessageRow last, int messages, java.util.Map<PartKey, String> sentInChunk)
            throws MatrixException, CancelledException, InterruptedException {
        List<SentPart> sent = new ArrayList<>(parts.size());
        if (!parts.isEmpty()) {
            List<BatchSender.BatchItem> items = new ArrayList<>(parts.size());
            for (PlannedPart part : parts) {
                items.add(new BatchSender.BatchItem(part.senderHandle(), outgoing(part, sentInChunk),
                        part.timestampMs()));
            }
            List<String> eventIds = sender.sendBatch(portal.roomId(), items, true);
            for (int k = 0; k < parts.size(); k++) {
                PlannedPart p = parts.get(k);
                sent.add(new SentPart(portal.portalId(), p.key(), p.guid(), portal.roomId(), eventIds.get(k),
                        p.timestampMs()));
                sentInChunk.put(p.key(), eventIds.get(k));
            }
        }
        return commit(sent, state, new BackfillCursor(last.timestampMs(), last.guidNorm()), messages);
    }

    /**
     * The event of the message a reply answers: sent earlier in this chunk (maybe not committed yet), else in the
     * message map. Null when the target was never bridged: the reply then goes as plain text.
     */
    private String replyEventId(PlannedPart part, java.util.Map<PartKey, String> sentInChunk) {
        for (PartKey target : part.replyTargetKeys()) {
            String eventId = sentInChunk.get(target);
            if (eventId == null) {
                eventId = bridge.eventIdOf(part.portalId(), target).orElse(null);
            }
            if (eventId != null) {
                return eventId;
            }
        }
        return null;
    }

    private OutgoingPart outgoing(PlannedPart part, java.util.Map<PartKey, String> sentInChunk)
            throws CancelledException, InterruptedException {
        String replyTo = replyEventId(part, sentInChunk);
        if (part.isText()) {
            return new OutgoingPart.Text(part.key(), part.guid(), part.portalId(), part.text(), replyTo);
        }
        CloudAttachment a = part.attachment();
        long waitStart = System.nanoTime();
        AttachmentOutcome outcome = attachments.await(part.portalId(), a);
        attachmentWaits.computeIfAbsent(part.portalId(), k -> new java.util.concurrent.atomic.AtomicLong())
                .addAndGet(System.nanoTime() - waitStart);
        return switch (outcome) {
            case AttachmentOutcome.Ready ready -> new OutgoingPart.Media(part.key(), part.guid(), part.portalId(),
                    ready.content().contentUri(), a.filename(), a.mimeType(), a.size(), replyTo);
            case AttachmentOutcome.Abandoned abandoned -> new OutgoingPart.Notice(part.key(), part.guid(),
                    part.portalId(), noticeText(a, abandoned), replyTo);
        };
    }

    /** The visible stand-in for an abandoned attachment (its part key stays accounted for). */
    static String noticeText(CloudAttachment a, AttachmentOutcome.Abandoned abandoned) {
        String name = a.filename() == null || a.filename().isBlank() ? "attachment" : a.filename();
        return "⚠️ The attachment \"" + name + "\" could not be downloaded from iCloud after "
                + abandoned.attempts() + " attempts (" + abandoned.lastError() + ").";
    }

    private SentPart send(Portal portal, PlannedPart part, java.util.Map<PartKey, String> sentInChunk)
            throws MatrixException, CancelledException, InterruptedException {
        OutgoingPart outgoing = outgoing(part, sentInChunk);
        matrix.ensureJoined(portal.roomId(), part.senderHandle());
        String eventId = matrix.send(portal.roomId(), part.senderHandle(), outgoing, part.timestampMs());
        monitor.beat();
        return new SentPart(portal.portalId(), part.key(), part.guid(), portal.roomId(), eventId, part.timestampMs());
    }

    private BackfillState commit(List<SentPart> sent, BackfillState state, BackfillCursor cursor, int messages) {
        BackfillState next = new BackfillState(state.portalId(), state.status(), cursor,
                state.messagesDone() + messages, state.partsSent() + sent.size(), state.lastError(), clock.millis());
        bridge.commitBackfillBatch(sent, next);
        monitor.portalProgress(next);
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
