package imbridge.core.backfill;

import imbridge.core.attachment.AttachmentOutcome;
import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.MessageRow;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import imbridge.core.portal.PortalRooms;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Ticker;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one portal's cached history into its room, oldest first, in keyset chunks. Parts are
 * sent strictly in order; after every batch the sent parts and the cursor are committed together,
 * so a restart resumes after the last committed message and re-sends nothing (a part sent but not
 * yet committed is re-sent with the same transaction ID and deduplicated by the homeserver).
 * A part the homeserver refuses stops the portal at its checkpoint with the error recorded: nothing is
 * ever skipped silently. An attachment is awaited in its place (its failed attempts are retried, while the
 * other downloads go on); one abandoned after its retries is replaced by a visible notice with the same
 * part key, so every part is accounted for and the room's order never changes.
 *
 * <p>This class runs a portal from its checkpoint to its end state; its steps are its collaborators:
 * {@link ChunkReader} (what can be sent now), {@link LookAhead} (plans and downloads ahead),
 * {@link ChunkSendStrategy} (single events or batches, through one {@link ChunkCheckpoint}), {@link ReactionApplier},
 * {@link ReadMarkerStep}, and {@link LiveSend} for the out-of-order path.
 */
public final class ForwardBackfill {
    private static final Logger log = LoggerFactory.getLogger(ForwardBackfill.class);

    /**
     * The optional parts of a forward backfill, each with a harmless default ({@link #defaults}).
     *
     * @param isDeleted                 portals deleted meanwhile get no room and no messages
     * @param attachmentsMayStillArrive while true, a message naming attachments the attachment zone has not delivered
     *                                  yet stops the portal (status WAITING) instead of being sent without them, so
     *                                  its parts keep their place in the room
     * @param monitor                   heartbeat and running-portal states for the stall watchdog
     * @param split                     where the homeserver inserts history: new rooms start at their newest messages
     * @param backward                  inserts the rest (null: none); replies and tapbacks pointing into that older
     *                                  history use the event IDs it will give
     * @param ticker                    measures the sender's waits for attachments
     */
    public record Options(
            Predicate<String> isDeleted,
            BooleanSupplier attachmentsMayStillArrive,
            BackfillMonitor monitor,
            HistorySplit split,
            BackwardBackfill backward,
            Ticker ticker) {
        public static Options defaults(Clock clock) {
            return new Options(
                    portalId -> false,
                    () -> false,
                    BackfillMonitor.silent(clock),
                    HistorySplit.none(),
                    null,
                    Ticker.SYSTEM);
        }

        public Options withDeleted(Predicate<String> deleted, BooleanSupplier mayStillArrive) {
            return new Options(deleted, mayStillArrive, monitor, split, backward, ticker);
        }

        public Options withMonitor(BackfillMonitor m) {
            return new Options(isDeleted, attachmentsMayStillArrive, m, split, backward, ticker);
        }

        public Options withOlderHistory(HistorySplit s, BackwardBackfill b) {
            return new Options(isDeleted, attachmentsMayStillArrive, monitor, s, b, ticker);
        }

        public Options withTicker(Ticker t) {
            return new Options(isDeleted, attachmentsMayStillArrive, monitor, split, backward, t);
        }
    }

    private final BridgeStore bridge;
    private final PortalRooms rooms;
    private final Clock clock;
    private final BackfillProgress progress;
    private final Predicate<String> isDeleted;
    private final BackfillMonitor monitor;
    private volatile HistorySplit split;
    private final EventLookup events;
    private final ChunkReader reader;
    private final LookAhead lookAhead;
    private final PartContents contents;
    private final ReactionApplier reactions;
    private final ReadMarkerStep readMarker;
    private final BackfillCheckpoints checkpoints;
    private final SingleEventSends singleEvents;
    private final BatchSends batches;
    private final LiveSend liveSend;
    /** History sends step aside while a run delivers live messages. */
    private final LiveFirst liveFirst = new LiveFirst();

    public ForwardBackfill(
            CloudStore cloud,
            BridgeStore bridge,
            MatrixGateway matrix,
            PortalRooms rooms,
            AttachmentPipeline attachments,
            MessagePartPlanner planner,
            BackfillSettings settings,
            Clock clock,
            BackfillProgress progress) {
        this(cloud, bridge, matrix, rooms, attachments, planner, settings, clock, progress, Options.defaults(clock));
    }

    /** See {@link Options} for the parameters after {@code progress}. */
    public ForwardBackfill(
            CloudStore cloud,
            BridgeStore bridge,
            MatrixGateway matrix,
            PortalRooms rooms,
            AttachmentPipeline attachments,
            MessagePartPlanner planner,
            BackfillSettings settings,
            Clock clock,
            BackfillProgress progress,
            Predicate<String> isDeleted,
            BooleanSupplier attachmentsMayStillArrive) {
        this(
                cloud,
                bridge,
                matrix,
                rooms,
                attachments,
                planner,
                settings,
                clock,
                progress,
                Options.defaults(clock).withDeleted(isDeleted, attachmentsMayStillArrive));
    }

    /** See {@link Options} for the parameters after {@code progress}. */
    public ForwardBackfill(
            CloudStore cloud,
            BridgeStore bridge,
            MatrixGateway matrix,
            PortalRooms rooms,
            AttachmentPipeline attachments,
            MessagePartPlanner planner,
            BackfillSettings settings,
            Clock clock,
            BackfillProgress progress,
            Predicate<String> isDeleted,
            BooleanSupplier attachmentsMayStillArrive,
            BackfillMonitor monitor) {
        this(
                cloud,
                bridge,
                matrix,
                rooms,
                attachments,
                planner,
                settings,
                clock,
                progress,
                Options.defaults(clock)
                        .withDeleted(isDeleted, attachmentsMayStillArrive)
                        .withMonitor(monitor));
    }

    public ForwardBackfill(
            CloudStore cloud,
            BridgeStore bridge,
            MatrixGateway matrix,
            PortalRooms rooms,
            AttachmentPipeline attachments,
            MessagePartPlanner planner,
            BackfillSettings settings,
            Clock clock,
            BackfillProgress progress,
            Options options) {
        this.bridge = bridge;
        this.rooms = rooms;
        this.clock = clock;
        this.progress = progress;
        this.isDeleted = options.isDeleted();
        this.monitor = options.monitor();
        this.split = options.split();
        this.events = new EventLookup(bridge, options.backward());
        this.reader = new ChunkReader(cloud, clock, settings.chunkSize(), options.attachmentsMayStillArrive());
        this.lookAhead = new LookAhead(cloud, bridge, attachments, planner, reader, settings);
        this.contents = new PartContents(attachments, events, options.ticker());
        this.reactions = new ReactionApplier(cloud, bridge, matrix, planner, events, monitor);
        this.readMarker = new ReadMarkerStep(bridge, matrix, planner.ownerHandle());
        this.checkpoints = new BackfillCheckpoints(bridge, clock, progress, monitor);
        this.singleEvents =
                new SingleEventSends(matrix, monitor, contents, reactions, liveFirst, settings.sendBatchParts());
        this.batches = new BatchSends(matrix, contents, reactions);
        this.liveSend = new LiveSend(rooms, bridge, planner, attachments, reactions, singleEvents);
    }

    /**
     * As {@link Options#withOlderHistory}, for callers that build this before the backward backfill: set once,
     * before the first run. New wiring passes both through the constructor's {@link Options}.
     */
    public void splitHistory(HistorySplit split, BackwardBackfill backward) {
        this.split = split;
        events.olderHistoryFrom(backward);
    }

    /** Whether the portal's initial history is in its room (a run now only sends what came since). */
    public boolean historyCommitted(String portalId) {
        return bridge.backfillState(portalId)
                .map(s -> s.status() == BackfillStatus.DONE)
                .orElse(false);
    }

    public BackfillState run(String portalId, CancellationToken cancel) throws CancelledException {
        try {
            return runTracked(portalId, cancel);
        } finally {
            monitor.portalEnded(portalId);
            lookAhead.portalEnded(portalId);
            contents.portalEnded(portalId);
        }
    }

    private BackfillState runTracked(String portalId, CancellationToken cancel) throws CancelledException {
        Optional<BackfillState> saved = bridge.backfillState(portalId);
        BackfillState state = saved.orElseGet(() -> BackfillState.initial(portalId, clock.millis()));
        if (isDeleted.test(portalId)) {
            log.info("forward backfill skipped portal={} reason=PORTAL_DELETED", portalId);
            return state;
        }
        if (state.status() == BackfillStatus.DONE && !reader.anyAfter(portalId, state.cursor())) {
            return state; // caught up: nothing after the checkpoint
        }
        Portal portal;
        try {
            portal = rooms.ensureRoom(portalId);
        } catch (MatrixException e) {
            return checkpoints.fail(state, "room creation failed: " + e.getMessage());
        }
        if (saved.isEmpty()) {
            state = new BackfillState(
                    portalId, state.status(), split.firstCursor(portalId), 0, 0, null, clock.millis());
        }
        boolean sinceHistory = saved.map(s -> s.status() == BackfillStatus.DONE).orElse(false);
        if (!sinceHistory) {
            // A run after the history (a live message) stays DONE: its history is committed whatever this run does,
            // its batches store DONE with their cursor, and a live message waits for no status write at all.
            state = checkpoints.save(state, BackfillStatus.RUNNING);
        }
        monitor.portalStarted(state);
        progress.portalStarted(portalId, state.messagesDone());
        PortalRun run = new PortalRun(reactions.ledgerFor(portalId, state.cursor()), sinceHistory);
        if (!sinceHistory) {
            return sendHistory(portalId, portal, state, run, cancel);
        }
        liveFirst.liveRunStarted();
        try {
            return sendHistory(portalId, portal, state, run, cancel);
        } finally {
            liveFirst.liveRunFinished();
        }
    }

    /** The run's sends from the checkpoint on, chunk by chunk, and its end state. */
    private BackfillState sendHistory(
            String portalId, Portal portal, BackfillState state, PortalRun run, CancellationToken cancel)
            throws CancelledException {
        while (true) {
            cancel.throwIfCancelled();
            ChunkReader.Chunk chunk = reader.next(portalId, state.cursor());
            if (chunk == null) {
                break;
            }
            ChunkCheckpoint.Result result = chunk.rows().isEmpty()
                    ? new ChunkCheckpoint.Result(state, null)
                    : sendChunk(portal, chunk.rows(), state, cancel, run);
            state = result.state();
            if (result.error() != null) {
                return checkpoints.fail(state, result.error());
            }
            if (chunk.waiting()) {
                log.info(
                        "forward backfill portal={} waits at cursor={}: the next message names attachments not "
                                + "synced yet (reason=ATTACHMENT_NOT_YET_SYNCED)",
                        portalId,
                        state.cursor());
                state = checkpoints.save(state, BackfillStatus.WAITING);
                progress.portalFinished(portalId, true, null);
                return state;
            }
            if (chunk.last()) {
                break;
            }
        }
        boolean stored = state.status() == BackfillStatus.DONE && state.lastError() == null; // a live run's batches
        state = stored
                ? checkpoints.withStatus(state, BackfillStatus.DONE, null)
                : checkpoints.save(state, BackfillStatus.DONE);
        readMarker.afterRun(portal, run);
        progress.historyCommitted(portalId);
        progress.portalFinished(portalId, true, null);
        log.info(
                "forward backfill complete portal={} messages={} parts={} (this run waited {} ms for attachments)",
                portalId,
                state.messagesDone(),
                state.partsSent(),
                contents.attachmentWaitMs(portalId));
        return state;
    }

    /** Plans one chunk, starts its downloads (and the next chunk's), and sends it with the homeserver's strategy. */
    private ChunkCheckpoint.Result sendChunk(
            Portal portal, List<MessageRow> rows, BackfillState state, CancellationToken cancel, PortalRun run)
            throws CancelledException {
        LookAhead.Started started = lookAhead.start(portal, rows, state, run.historyCommitted());
        ChunkPlan plan = started.plan();
        List<PlannedReaction> planned = reactions.plan(rows);
        Set<PartKey> existingReactions = reactions.existing(portal, planned);
        for (int i = 0; i < rows.size(); i++) {
            run.noteRow(rows.get(i), plan.planned().get(i));
        }
        ChunkSendStrategy strategy = batches.available() ? batches : singleEvents;
        return strategy.send(
                new ChunkSendStrategy.Work(
                        portal, plan, planned, existingReactions, run, started.sendPosition(), cancel),
                new ChunkCheckpoint(checkpoints, rows, state));
    }

    /** Portals holding rows from the future whose time has come (each returned once). */
    public List<String> dueDeferred() {
        return reader.dueDeferred();
    }

    /** Tapback adds sent as {@code m.reaction} (both send paths), counting each reaction once per send. */
    public long reactionsSent() {
        return reactions.sent();
    }

    /** Reactions redacted because a later tapback removed them. */
    public long reactionsRedacted() {
        return reactions.redacted();
    }

    /** Tapback adds not sent because their target message was never bridged (no part, or not before them). */
    public long reactionsSkipped() {
        return reactions.skipped();
    }

    /** An attachment's event: the uploaded file, or the visible notice standing in for an abandoned one. */
    static OutgoingPart attachmentPart(PlannedPart part, AttachmentOutcome outcome, String replyTo) {
        return PartContents.attachmentPart(part, outcome, replyTo);
    }

    /** The out-of-order path: see {@link LiveSend}. */
    public void sendNow(String portalId, List<MessageRow> rows) throws MatrixException, CancelledException {
        liveSend.sendNow(portalId, rows);
    }
}
