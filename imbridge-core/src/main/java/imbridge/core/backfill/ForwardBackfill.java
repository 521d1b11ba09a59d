package imbridge.core.backfill;

import imbridge.core.attachment.AttachmentOutcome;
import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.Guids;
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
    private volatile HistorySplit split = HistorySplit.none();
    private volatile BackwardBackfill backward;
    /** Per running portal: how many planned parts its sender has passed (the look-ahead's reference point). */
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> positions =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Which running portal's look-ahead downloads go first. */
    private final LongPoleFirst downloadPriority;
    /** Per running portal: time its sender spent waiting for attachments (what the look-ahead did not hide). */
    /** Per portal: the earliest timestamp of a row held back for being in the future. */
    private final java.util.Map<String, Long> deferredUntil = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> attachmentWaits =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong reactionsSent = new java.util.concurrent.atomic.AtomicLong();
    /** History sends step aside while a run delivers live messages. */
    private final LiveFirst liveFirst = new LiveFirst();
    private final java.util.concurrent.atomic.AtomicLong reactionsRedacted =
            new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong reactionsSkipped =
            new java.util.concurrent.atomic.AtomicLong();

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
        // a lead of the whole look-ahead (this chunk and the next): strict priority; one send batch is "small"
        this.downloadPriority = new LongPoleFirst(2L * settings.chunkSize(), settings.sendBatchParts());
    }

    /**
     * Where the homeserver inserts history: new rooms start at their newest messages and {@code backward} inserts the
     * rest; replies and tapbacks pointing into that older history use the event IDs it will give (wiring, set once
     * before the first run).
     */
    public void splitHistory(HistorySplit split, BackwardBackfill backward) {
        this.split = split;
        this.backward = backward;
    }

    /** The event a target not bridged yet will get from backward backfill, or null. */
    private String onceInserted(String portalId, String targetGuid, List<PartKey> keys) {
        BackwardBackfill b = backward;
        return b == null ? null : b.eventIdOnceInserted(portalId, targetGuid, keys).orElse(null);
    }

    /** Whether the portal's initial history is in its room (a run now only sends what came since). */
    public boolean historyCommitted(String portalId) {
        return bridge.backfillState(portalId).map(s -> s.status() == BackfillStatus.DONE).orElse(false);
    }

    public BackfillState run(String portalId, CancellationToken cancel) throws CancelledException {
        try {
            return runTracked(portalId, cancel);
        } finally {
            monitor.portalEnded(portalId);
            positions.remove(portalId);
            downloadPriority.ended(portalId);
            attachmentWaits.remove(portalId);
        }
    }

    private BackfillState runTracked(String portalId, CancellationToken cancel) throws CancelledException {
        java.util.Optional<BackfillState> saved = bridge.backfillState(portalId);
        BackfillState state = saved.orElseGet(() -> BackfillState.initial(portalId, clock.millis()));
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
        if (saved.isEmpty()) {
            BackfillCursor first = split.firstCursor(portalId);
            state = new BackfillState(portalId, state.status(), first, 0, 0, null, clock.millis());
        }
        boolean sinceHistory = saved.map(s -> s.status() == BackfillStatus.DONE).orElse(false);
        if (!sinceHistory) {
            // A run after the history (a live message) stays DONE: its history is committed whatever this run does,
            // its batches store DONE with their cursor, and a live message waits for no status write at all.
            state = withStatus(state, BackfillStatus.RUNNING, null);
            bridge.saveBackfillState(state);
        }
        monitor.portalStarted(state);
        progress.portalStarted(portalId, state.messagesDone());
        RunExtras extras = new RunExtras(ledgerFor(portalId, state.cursor()), sinceHistory);
        if (!sinceHistory) {
            return sendHistory(portalId, portal, state, extras, cancel);
        }
        liveFirst.liveRunStarted();
        try {
            return sendHistory(portalId, portal, state, extras, cancel);
        } finally {
            liveFirst.liveRunFinished();
        }
    }

    /** The run's sends from the checkpoint on, chunk by chunk, and its end state. */
    private BackfillState sendHistory(String portalId, Portal portal, BackfillState state, RunExtras extras,
                                      CancellationToken cancel) throws CancelledException {
        while (true) {
            cancel.throwIfCancelled();
            List<MessageRow> rows = cloud.messagesAfter(portalId, state.cursor(), settings.chunkSize());
            if (rows.isEmpty()) {
                break;
            }
            int ready = readyPrefix(rows);
            int present = presentPrefix(portalId, rows);
            boolean deferred = present < ready;
            boolean waiting = !deferred && ready < rows.size();
            if (deferred || waiting) {
                rows = rows.subList(0, Math.min(ready, present));
            }
            ChunkResult result = rows.isEmpty() ? new ChunkResult(state, null)
                    : sendChunk(portal, rows, state, cancel, extras);
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
            if (deferred || rows.size() < settings.chunkSize()) {
                break;
            }
        }
        boolean stored = state.status() == BackfillStatus.DONE && state.lastError() == null; // a live run's batches
        state = withStatus(state, BackfillStatus.DONE, null);
        if (!stored) {
            bridge.saveBackfillState(state);
        }
        markReadAtEnd(portal, extras);
        progress.historyCommitted(portalId);
        progress.portalFinished(portalId, true, null);
        java.util.concurrent.atomic.AtomicLong waited = attachmentWaits.get(portalId);
        log.info("forward backfill complete portal={} messages={} parts={} (this run waited {} ms for attachments)",
                portalId, state.messagesDone(), state.partsSent(), waited == null ? 0 : waited.get() / 1_000_000);
        return state;
    }

    private record ChunkResult(BackfillState state, String error) {
    }

    /**
     * How many leading rows are not from the future. A row timestamped after now (a copy that reached CloudKit
     * before its push, or clock skew) would land ahead of messages still to come, so it waits: the portal runs
     * again once that time has come ({@link #dueDeferred}), or earlier when its live push arrives.
     */
    private int presentPrefix(String portalId, List<MessageRow> rows) {
        long now = clock.millis();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).timestampMs() > now) {
                deferredUntil.merge(portalId, rows.get(i).timestampMs(), Math::min);
                log.info("forward backfill portal={} holds messages from {} ms in the future until then "
                        + "(reason=TIMESTAMP_IN_FUTURE)", portalId, rows.get(i).timestampMs() - now);
                return i;
            }
        }
        return rows.size();
    }

    /** Portals holding rows from the future whose time has come (each returned once). */
    public List<String> dueDeferred() {
        long now = clock.millis();
        List<String> due = new ArrayList<>();
        deferredUntil.forEach((portal, at) -> {
            if (at <= now && deferredUntil.remove(portal, at)) {
                due.add(portal);
            }
        });
        return due;
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
     * the sends. Download slots go to the long pole first (the running portal with the most parts left), then
     * to the others, each nearest to its sender first ({@link LongPoleFirst}).
     */
    private void prefetch(Portal portal, ChunkPlan plan, java.util.concurrent.atomic.AtomicLong sendPosition) {
        String portalId = portal.portalId();
        downloadPriority.planned(portalId, plan.endPosition());
        long position = plan.startPosition();
        for (List<PlannedPart> parts : plan.planned()) {
            for (PlannedPart p : parts) {
                if (!p.isText() && !plan.existing().contains(p.key())) {
                    long at = position;
                    attachments.prefetch(portalId, p.attachment(), at, () -> downloadPriority.key(portalId, at));
                }
                position++;
            }
        }
    }

    /** The portal's send position in this run; on first use it is registered with the download priority. */
    private java.util.concurrent.atomic.AtomicLong sendPosition(String portalId, BackfillState state,
                                                              boolean historyCommitted) {
        return positions.computeIfAbsent(portalId, k -> {
            java.util.concurrent.atomic.AtomicLong position = new java.util.concurrent.atomic.AtomicLong();
            // A live run sends only what came since its history: its planned parts are its work (no count of the
            // portal's rows, which costs a big chat's size on every live message).
            long left = historyCommitted ? 0 : cloud.portalMessageCount(portalId) - state.messagesDone();
            downloadPriority.started(portalId, left, position);
            return position;
        });
    }

    /**
     * Sends one chunk. Before that, the next chunk is read and its downloads started too, so the download
     * pipeline does not drain at chunk boundaries (the next round finds them running or cached).
     */
    private ChunkResult sendChunk(Portal portal, List<MessageRow> rows, BackfillState state, CancellationToken cancel,
                                  RunExtras extras)
            throws CancelledException {
        java.util.concurrent.atomic.AtomicLong sendPosition = sendPosition(portal.portalId(), state,
                extras.historyCommitted);
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
        List<PlannedReaction> reactions = planReactions(rows);
        Set<PartKey> existingReactions = existingReactions(portal, reactions);
        for (int i = 0; i < rows.size(); i++) {
            extras.noteRow(rows.get(i), planned.get(i));
        }
        BatchSender batchSender = batchSenderOrNull();
        if (batchSender != null) {
            return sendChunkInBatches(portal, rows, planned, existing, state, batchSender, cancel, sendPosition,
                    reactions, existingReactions, extras.ledger());
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
                    if (!extras.historyCommitted) {
                        liveFirst.yieldToLive(LiveFirst.MAX_YIELD);
                    }
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
            PlannedReaction reaction = reactions.get(i);
            if (reaction != null) {
                try {
                    SentPart sent = sendReaction(portal, reaction, extras.ledger(), existingReactions, sentInChunk);
                    if (sent != null) {
                        batch.add(sent);
                        sentInChunk.put(sent.key(), sent.eventId());
                    }
                } catch (MatrixException e) {
                    state = commit(batch, state, state.cursor(), 0);
                    return new ChunkResult(state, "reaction " + reaction.key() + " not delivered: " + e.getMessage());
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
                                           java.util.concurrent.atomic.AtomicLong sendPosition,
                                           List<PlannedReaction> reactions, Set<PartKey> existingReactions,
                                           ReactionLedger ledger)
            throws CancelledException {
        int max = Math.max(1, sender.maxBatchItems());
        List<Pending> pending = new ArrayList<>();
        java.util.Map<PartKey, String> sentInChunk = new java.util.HashMap<>();
        int committedUpTo = -1;
        for (int i = 0; i < rows.size(); i++) {
            cancel.throwIfCancelled();
            sendPosition.addAndGet(planned.get(i).size());
            List<PlannedPart> parts = planned.get(i).stream().filter(p -> !existing.contains(p.key())).toList();
            PlannedReaction reaction = reactions.get(i);
            int adding = parts.size() + (reaction == null ? 0 : 1);
            // A reply or reaction whose target waits in the same batch needs the target's event ID first: flush it
            // (likewise a remove whose reaction waits there, to redact it).
            boolean full = !pending.isEmpty() && (pending.size() + adding > max || repliesInto(parts, pending)
                    || (reaction != null && reactsInto(reaction, ledger, pending)));
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
            for (PlannedPart p : parts) {
                pending.add(new Pending(p, null, null));
            }
            if (reaction != null) {
                try {
                    Pending item = batchReaction(portal, reaction, ledger, existingReactions, sentInChunk);
                    if (item != null) {
                        pending.add(item);
                    }
                } catch (MatrixException e) {
                    return new ChunkResult(state, "reaction " + reaction.key() + " not applied: " + e.getMessage());
                }
            }
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

    private static boolean repliesInto(List<PlannedPart> parts, List<Pending> pending) {
        for (PlannedPart part : parts) {
            for (PartKey target : part.replyTargetKeys()) {
                if (pending.stream().anyMatch(p -> p.key().equals(target))) {
                    return true;
                }
            }
        }
        return false;
    }

    private BackfillState sendBatch(Portal portal, List<Pending> parts, BatchSender sender, BackfillState state,
                                    MessageRow last, int messages, java.util.Map<PartKey, String> sentInChunk)
            throws MatrixException, CancelledException, InterruptedException {
        List<SentPart> sent = new ArrayList<>(parts.size());
        if (!parts.isEmpty()) {
            List<BatchSender.BatchItem> items = new ArrayList<>(parts.size());
            for (Pending item : parts) {
                OutgoingPart outgoing = item.part() != null ? outgoing(item.part(), sentInChunk) : item.reaction();
                items.add(new BatchSender.BatchItem(item.senderHandle(), outgoing, item.timestampMs()));
            }
            List<String> eventIds = sender.sendBatch(portal.roomId(), items, true);
            for (int k = 0; k < parts.size(); k++) {
                Pending p = parts.get(k);
                sent.add(new SentPart(portal.portalId(), p.key(), p.guid(), portal.roomId(), eventIds.get(k),
                        p.timestampMs()));
                sentInChunk.put(p.key(), eventIds.get(k));
            }
            reactionsSent.addAndGet(parts.stream().filter(p -> p.reaction() != null).count());
        }
        return commit(sent, state, new BackfillCursor(last.timestampMs(), last.guidNorm()), messages);
    }

    /** Tapback adds sent as {@code m.reaction} (both send paths), counting each reaction once per send. */
    public long reactionsSent() {
        return reactionsSent.get();
    }

    /** Reactions redacted because a later tapback removed them. */
    public long reactionsRedacted() {
        return reactionsRedacted.get();
    }

    /** Tapback adds not sent because their target message was never bridged (no part, or not before them). */
    public long reactionsSkipped() {
        return reactionsSkipped.get();
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

    /** What one portal run carries across its chunks: the reaction ledger and the newest read message of mine. */
    private static final class RunExtras {
        private final ReactionLedger ledger;
        private PartKey lastReadMine;
        private long lastReadAtMs;

        /** The run started with the portal's history committed: it only sends what came since (a live run). */
        private final boolean historyCommitted;

        RunExtras(ReactionLedger ledger, boolean historyCommitted) {
            this.ledger = ledger;
            this.historyCommitted = historyCommitted;
        }

        ReactionLedger ledger() {
            return ledger;
        }

        void noteRow(MessageRow row, List<PlannedPart> parts) {
            if (row.fromMe() && row.extras().dateReadMs() > 0 && !parts.isEmpty()) {
                lastReadMine = parts.getFirst().key();
                lastReadAtMs = row.extras().dateReadMs();
            }
        }
    }

    private List<PlannedReaction> planReactions(List<MessageRow> rows) {
        List<PlannedReaction> out = new ArrayList<>(rows.size());
        for (MessageRow row : rows) {
            out.add(planner.planReaction(row).orElse(null));
        }
        return out;
    }

    private Set<PartKey> existingReactions(Portal portal, List<PlannedReaction> reactions) {
        List<PartKey> keys = reactions.stream().filter(r -> r != null && !r.remove()).map(PlannedReaction::key)
                .toList();
        return keys.isEmpty() ? Set.of() : bridge.existingParts(portal.portalId(), keys);
    }

    /**
     * The run's reaction ledger. A run that resumes after a checkpoint replays the tapbacks before it (read from
     * the cache when the first tapback of the run needs them), so a remove finds an add bridged by an earlier run.
     */
    private ReactionLedger ledgerFor(String portalId, BackfillCursor start) {
        if (BackfillCursor.START.equals(start)) {
            return ReactionLedger.fresh();
        }
        return new ReactionLedger(() -> tapbacksUpTo(portalId, start));
    }

    private List<PlannedReaction> tapbacksUpTo(String portalId, BackfillCursor upTo) {
        List<PlannedReaction> out = new ArrayList<>();
        for (MessageRow row : cloud.tapbacksUpTo(portalId, upTo)) {
            planner.planReaction(row).ifPresent(out::add);
        }
        return out;
    }

    /** The event of the first of {@code keys} sent earlier in this chunk or in the message map; null if none. */
    private String firstEventOf(String portalId, List<PartKey> keys, java.util.Map<PartKey, String> sentInChunk) {
        for (PartKey key : keys) {
            String eventId = sentInChunk.get(key);
            if (eventId == null) {
                eventId = bridge.eventIdOf(portalId, key).orElse(null);
            }
            if (eventId != null) {
                return eventId;
            }
        }
        return null;
    }

    /** Single-send path: a tapback add sent as its reaction, or a remove applied; the sent part or null. */
    private SentPart sendReaction(Portal portal, PlannedReaction r, ReactionLedger ledger, Set<PartKey> existing,
                                  java.util.Map<PartKey, String> sentInChunk) throws MatrixException {
        if (r.remove()) {
            redactRemoved(portal, r, ledger, sentInChunk);
            return null;
        }
        OutgoingPart.Reaction outgoing = reactionToSend(portal, r, ledger, existing, sentInChunk);
        if (outgoing == null) {
            return null;
        }
        matrix.ensureJoined(portal.roomId(), r.senderHandle());
        String eventId = matrix.send(portal.roomId(), r.senderHandle(), outgoing, r.timestampMs());
        monitor.beat();
        reactionsSent.incrementAndGet();
        return new SentPart(portal.portalId(), r.key(), r.guid(), portal.roomId(), eventId, r.timestampMs());
    }

    /** Batch path: the reaction to add to the batch (null when nothing is to be sent); a remove is applied now. */
    private Pending batchReaction(Portal portal, PlannedReaction r, ReactionLedger ledger, Set<PartKey> existing,
                                  java.util.Map<PartKey, String> sentInChunk) throws MatrixException {
        if (r.remove()) {
            redactRemoved(portal, r, ledger, sentInChunk);
            return null;
        }
        OutgoingPart.Reaction outgoing = reactionToSend(portal, r, ledger, existing, sentInChunk);
        return outgoing == null ? null : new Pending(null, r, outgoing);
    }

    /** Whether a reaction's target (an add) or the reaction it removes (a remove) waits in the pending batch. */
    private static boolean reactsInto(PlannedReaction r, ReactionLedger ledger, List<Pending> pending) {
        List<PartKey> waitingFor;
        if (r.remove()) {
            String addGuid = ledger.removes(r);
            waitingFor = addGuid == null ? List.of() : List.of(PartKey.reaction(addGuid));
        } else {
            waitingFor = r.targetKeys();
        }
        return pending.stream().anyMatch(p -> waitingFor.contains(p.key()));
    }

    /**
     * An add's reaction, or null: a repeat of a standing reaction adds nothing, one already in the message map was
     * sent by an earlier run, and one whose target was never bridged is skipped (forward order bridges every target
     * before its tapbacks, so a target missing now never gets an event; the tapback is logged and counted).
     */
    private OutgoingPart.Reaction reactionToSend(Portal portal, PlannedReaction r, ReactionLedger ledger,
                                                 Set<PartKey> existing, java.util.Map<PartKey, String> sentInChunk) {
        if (!ledger.add(r) || existing.contains(r.key())) {
            return null;
        }
        String target = firstEventOf(portal.portalId(), r.targetKeys(), sentInChunk);
        if (target == null) {
            target = onceInserted(portal.portalId(), r.targetGuid(), r.targetKeys());
        }
        if (target == null) {
            reactionsSkipped.incrementAndGet();
            log.info("reaction skipped portal={} tapback={} target={} reason=TARGET_NOT_BRIDGED", portal.portalId(),
                    r.guid(), r.targetGuid());
            return null;
        }
        return new OutgoingPart.Reaction(r.key(), r.guid(), r.portalId(), target, r.emoji());
    }

    /** A remove: redacts the reaction it takes down when that was bridged; nothing otherwise. */
    private void redactRemoved(Portal portal, PlannedReaction r, ReactionLedger ledger,
                               java.util.Map<PartKey, String> sentInChunk) throws MatrixException {
        String addGuid = ledger.remove(r);
        if (addGuid == null) {
            return;
        }
        String eventId = firstEventOf(portal.portalId(), List.of(PartKey.reaction(addGuid)), sentInChunk);
        if (eventId == null) {
            return; // its add was never bridged (its target had no event)
        }
        matrix.redact(portal.roomId(), eventId, "tapback removed");
        monitor.beat();
        reactionsRedacted.incrementAndGet();
    }

    /**
     * After a DM's forward backfill: the remote side read my newest read message, so its ghost's read marker moves
     * there with the time it was read. A failure is only logged: the history itself is complete.
     */
    private void markReadAtEnd(Portal portal, RunExtras extras) {
        if (extras.lastReadMine == null || portal.kind() != imbridge.core.model.PortalKind.DM
                || portal.portalId().equals(planner.ownerHandle())) {
            return;
        }
        String eventId = bridge.eventIdOf(portal.portalId(), extras.lastReadMine).orElse(null);
        if (eventId == null) {
            return;
        }
        try {
            matrix.markRead(portal.roomId(), portal.portalId(), eventId, extras.lastReadAtMs);
            log.info("read marker portal={} reader={} event={} readAt={}", portal.portalId(), portal.portalId(),
                    eventId, extras.lastReadAtMs);
        } catch (MatrixException e) {
            log.warn("read marker for portal={} not moved: {}", portal.portalId(), e.getMessage());
        }
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
        return part.replyTargetKeys().isEmpty() ? null
                : onceInserted(part.portalId(), part.replyToGuid(), part.replyTargetKeys());
    }

    private OutgoingPart outgoing(PlannedPart part, java.util.Map<PartKey, String> sentInChunk)
            throws CancelledException, InterruptedException {
        String replyTo = replyEventId(part, sentInChunk);
        if (part.isText()) {
            return new OutgoingPart.Text(part.key(), part.guid(), part.portalId(), part.text(), replyTo, part.html());
        }
        CloudAttachment a = part.attachment();
        long waitStart = System.nanoTime();
        AttachmentOutcome outcome = attachments.await(part.portalId(), a);
        long waited = System.nanoTime() - waitStart;
        attachmentWaits.computeIfAbsent(part.portalId(), k -> new java.util.concurrent.atomic.AtomicLong())
                .addAndGet(waited);
        if (waited > 50_000_000L && log.isDebugEnabled()) { // where the look-ahead did not hide a download
            log.debug("sender of portal={} waited {} ms for attachment record={}", part.portalId(),
                    waited / 1_000_000, a.recordName());
        }
        return attachmentPart(part, outcome, replyTo);
    }

    /** An attachment's event: the uploaded file, or the visible notice standing in for an abandoned one. */
    static OutgoingPart attachmentPart(PlannedPart part, AttachmentOutcome outcome, String replyTo) {
        CloudAttachment a = part.attachment();
        return switch (outcome) {
            case AttachmentOutcome.Ready ready -> ready.content().toPart(part.key(), part.guid(), part.portalId(), a,
                    replyTo);
            case AttachmentOutcome.Abandoned abandoned -> new OutgoingPart.Notice(part.key(), part.guid(),
                    part.portalId(), noticeText(a, abandoned), replyTo);
        };
    }

    /** The visible stand-in for an abandoned attachment (its part key stays accounted for). */
    static String noticeText(CloudAttachment a, AttachmentOutcome.Abandoned abandoned) {
        String name = a.filename() == null || a.filename().isBlank() ? "attachment" : a.filename();
        String error = abandoned.lastError() == null ? "" : abandoned.lastError();
        if (error.startsWith(imbridge.core.port.AssetUnavailableException.NOT_ON_DISK)) {
            return "⚠️ The attachment \"" + name + "\" is not in the imported history: its file was never "
                    + "downloaded to this device (" + error + ").";
        }
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

    /**
     * Sends rows now, after whatever the room already has, without moving the portal's cursor: the parts go
     * into the message map, so the backfill skips them when its cursor gets there. For live messages the
     * cursor cannot reach (older than the checkpoint) or that the stall watchdog releases. A tapback is applied
     * against the reactions of the tapbacks before it (an add is sent, a remove redacts what it removes).
     */
    public void sendNow(String portalId, List<MessageRow> rows) throws MatrixException, CancelledException {
        Portal portal = rooms.ensureRoom(portalId);
        java.util.Map<PartKey, String> sentInChunk = new java.util.HashMap<>();
        for (MessageRow row : rows) {
            List<SentPart> sent = new ArrayList<>();
            PlannedReaction reaction = planner.planReaction(row).orElse(null);
            if (reaction != null) {
                String self = row.guidNorm();
                ReactionLedger ledger = new ReactionLedger(() -> tapbacksUpTo(portalId,
                        new BackfillCursor(row.timestampMs(), self)).stream()
                        .filter(earlier -> !Guids.normalize(earlier.guid()).equals(self)).toList());
                SentPart s = sendReaction(portal, reaction, ledger, existingReactions(portal, List.of(reaction)),
                        sentInChunk);
                if (s != null) {
                    sent.add(s);
                }
            }
            List<PlannedPart> parts = planner.plan(row);
            Set<PartKey> existing = parts.isEmpty() ? Set.of()
                    : bridge.existingParts(portalId, parts.stream().map(PlannedPart::key).toList());
            for (PlannedPart part : parts) {
                if (existing.contains(part.key())) {
                    continue;
                }
                try {
                    if (!part.isText()) {
                        attachments.prefetch(portalId, part.attachment());
                    }
                    SentPart s = send(portal, part, sentInChunk);
                    sent.add(s);
                    sentInChunk.put(s.key(), s.eventId());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    bridge.recordSentParts(sent);
                    throw new CancelledException();
                }
            }
            bridge.recordSentParts(sent);
        }
    }
}
