package imbridge.core.backfill;

import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackwardTask;
import imbridge.core.model.MessageRow;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.SentPart;
import imbridge.core.port.BackwardTasks;
import imbridge.core.port.BatchSender;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.MatrixException;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts a portal's older history above its room's oldest message (homeservers with batch send), one page per
 * call, each page older than the last. A page is read newest first and sent as batch requests from its newest
 * end: each request goes in above everything sent before it, so the room reads oldest first. The task's position
 * moves with the sent parts in one transaction after every request; a request resent after a crash reuses its
 * deterministic event IDs, so nothing is duplicated. Messages already bridged are skipped by ID, never by time
 * (behaviour.md R1). Replies and reactions pointing at an older message not inserted yet use the event ID it will
 * get; a tapback is sent only when its reaction still stands at the end of the conversation (a later remove took
 * the others down before they were ever shown).
 */
public final class BackwardBackfill {
    private static final Logger log = LoggerFactory.getLogger(BackwardBackfill.class);

    /** What one call did. */
    public enum PageResult {
        MORE,
        DONE,
        FAILED,
        NOTHING_TO_DO
    }

    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final BackwardTasks tasks;
    private final BatchSender sender;
    private final AttachmentPipeline attachments;
    private final MessagePartPlanner planner;
    private final BackwardSettings settings;
    private final Clock clock;
    private final BackfillMonitor monitor;
    private final Predicate<String> isDeleted;

    public BackwardBackfill(
            CloudStore cloud,
            BridgeStore bridge,
            BackwardTasks tasks,
            BatchSender sender,
            AttachmentPipeline attachments,
            MessagePartPlanner planner,
            BackwardSettings settings,
            Clock clock,
            BackfillMonitor monitor,
            Predicate<String> isDeleted) {
        this.cloud = cloud;
        this.bridge = bridge;
        this.tasks = tasks;
        this.sender = sender;
        this.attachments = attachments;
        this.planner = planner;
        this.settings = settings;
        this.clock = clock;
        this.monitor = monitor;
        this.isDeleted = isDeleted;
    }

    /** Whether the portal has history left to insert (an open task and a room to put it in). */
    public boolean hasWork(String portalId) {
        return sender.batchSendingSupported()
                && tasks.backwardTask(portalId).filter(t -> !t.done()).isPresent()
                && bridge.portal(portalId).map(Portal::roomId).isPresent();
    }

    /**
     * Messages that turned up older than the room's oldest message (behaviour.md R1) go in above it: the portal's
     * task is reopened from there (an open one reaches them anyway). Returns the rows it will not insert — those
     * newer than the room's oldest message, which only an append can deliver.
     */
    public List<MessageRow> takeOlderThanRoom(String portalId, List<MessageRow> rows) {
        if (!sender.batchSendingSupported()
                || bridge.portal(portalId).map(Portal::roomId).isEmpty()) {
            return rows;
        }
        Optional<BackfillCursor> oldest = tasks.oldestBridged(portalId);
        if (oldest.isEmpty()) {
            return rows;
        }
        List<MessageRow> rest = new ArrayList<>();
        int older = 0;
        for (MessageRow row : rows) {
            if (before(row, oldest.get())) {
                older++;
            } else {
                rest.add(row);
            }
        }
        if (older > 0) {
            Optional<BackwardTask> task = tasks.backwardTask(portalId);
            if (task.isEmpty() || task.get().done()) {
                long messages = task.map(BackwardTask::messagesDone).orElse(0L);
                long parts = task.map(BackwardTask::partsSent).orElse(0L);
                tasks.saveBackwardTask(
                        new BackwardTask(portalId, oldest.get(), false, messages, parts, null, clock.millis()));
            }
            log.info(
                    "older gap: {} message(s) of portal={} are older than its room's oldest message; inserted "
                            + "above it by backward backfill (reason=OLDER_THAN_ROOM)",
                    older,
                    portalId);
        }
        return rest;
    }

    private static boolean before(MessageRow row, BackfillCursor cursor) {
        return row.timestampMs() < cursor.timestampMs()
                || (row.timestampMs() == cursor.timestampMs() && row.guidNorm().compareTo(cursor.guidNorm()) < 0);
    }

    /** Sends the portal's next page of older history. */
    public PageResult runPage(String portalId, CancellationToken cancel) throws CancelledException {
        Optional<BackwardTask> open = tasks.backwardTask(portalId).filter(t -> !t.done());
        Optional<Portal> portal = bridge.portal(portalId).filter(p -> p.roomId() != null);
        if (open.isEmpty()) {
            return PageResult.NOTHING_TO_DO;
        }
        if (portal.isEmpty() || isDeleted.test(portalId)) {
            tasks.deleteBackwardTask(portalId); // behaviour.md F17: no task without a room
            log.info("backward backfill dropped portal={} reason=NO_ROOM", portalId);
            return PageResult.NOTHING_TO_DO;
        }
        BackwardTask task = open.get();
        List<MessageRow> page = cloud.messagesBefore(portalId, task.before(), settings.pageMessages());
        if (page.isEmpty()) {
            return complete(portalId, task);
        }
        try {
            task = sendPage(portal.get(), task, page, cancel);
        } catch (MatrixException e) {
            log.error(
                    "backward backfill of portal={} stopped before {}: {} (retried on its next run)",
                    portalId,
                    task.before(),
                    e.getMessage());
            tasks.saveBackwardTask(new BackwardTask(
                    portalId,
                    task.before(),
                    false,
                    task.messagesDone(),
                    task.partsSent(),
                    e.getMessage(),
                    clock.millis()));
            attachments.warnAbandoned(portalId);
            return PageResult.FAILED;
        }
        if (page.size() < settings.pageMessages()) {
            return complete(portalId, task);
        }
        return PageResult.MORE;
    }

    private PageResult complete(String portalId, BackwardTask task) {
        tasks.saveBackwardTask(new BackwardTask(
                portalId, task.before(), true, task.messagesDone(), task.partsSent(), null, clock.millis()));
        attachments.warnAbandoned(portalId); // one WARN for the pages of the whole backward run
        log.info(
                "backward backfill complete portal={} messages={} parts={}",
                portalId,
                task.messagesDone(),
                task.partsSent());
        return PageResult.DONE;
    }

    /** One page, newest first: sent as requests from its newest end, each committed with the task's new position. */
    private BackwardTask sendPage(
            Portal portal, BackwardTask task, List<MessageRow> newestFirst, CancellationToken cancel)
            throws MatrixException, CancelledException {
        String portalId = portal.portalId();
        Map<MessageRow, List<PlannedPart>> planned = new IdentityHashMap<>(); // rows are records: identity is enough
        List<PartKey> keys = new ArrayList<>();
        for (MessageRow row : newestFirst) {
            List<PlannedPart> parts = planner.plan(row);
            planned.put(row, parts);
            parts.forEach(p -> keys.add(p.key()));
            planner.planReaction(row).filter(r -> !r.remove()).ifPresent(r -> keys.add(r.key()));
        }
        Set<PartKey> existing = keys.isEmpty() ? Set.of() : new HashSet<>(bridge.existingParts(portalId, keys));
        for (MessageRow row : newestFirst) {
            for (PlannedPart p : planned.get(row)) {
                if (!p.isText() && !existing.contains(p.key())) {
                    attachments.prefetch(portalId, p.attachment());
                }
            }
        }
        Set<String> standing = null; // tapbacks whose reaction stands at the end (read when the page has one)
        int max = Math.max(1, sender.maxBatchItems());
        List<MessageRow> group = new ArrayList<>();
        int groupItems = 0;
        for (MessageRow row : newestFirst) {
            cancel.throwIfCancelled();
            int items = planned.get(row).size() + (planner.planReaction(row).isPresent() ? 1 : 0);
            if (!group.isEmpty() && groupItems + items > max) {
                task = sendGroup(portal, task, group, planned, existing, standing);
                group = new ArrayList<>();
                groupItems = 0;
            }
            if (standing == null && planner.planReaction(row).isPresent()) {
                standing = standingTapbacks(portalId);
            }
            group.add(row);
            groupItems += items;
        }
        return sendGroup(portal, task, group, planned, existing, standing);
    }

    /** One batch request for a group of rows (newest first), inserted above the room; then the checkpoint. */
    private BackwardTask sendGroup(
            Portal portal,
            BackwardTask task,
            List<MessageRow> newestFirst,
            Map<MessageRow, List<PlannedPart>> planned,
            Set<PartKey> existing,
            Set<String> standing)
            throws MatrixException, CancelledException {
        List<MessageRow> rows = newestFirst.reversed();
        List<BatchSender.BatchItem> items = new ArrayList<>();
        List<PartKey> itemKeys = new ArrayList<>();
        List<String> itemGuids = new ArrayList<>();
        for (MessageRow row : rows) {
            for (PlannedPart part : planned.get(row)) {
                if (existing.contains(part.key())) {
                    continue;
                }
                items.add(new BatchSender.BatchItem(part.senderHandle(), outgoing(portal, part), part.timestampMs()));
                itemKeys.add(part.key());
                itemGuids.add(part.guid());
            }
            Optional<PlannedReaction> reaction = planner.planReaction(row);
            if (reaction.isPresent()
                    && !reaction.get().remove()
                    && !existing.contains(reaction.get().key())
                    && standing != null
                    && standing.contains(reaction.get().guid())) {
                PlannedReaction r = reaction.get();
                String target = targetEventId(portal, r.targetGuid(), r.targetKeys());
                if (target == null) {
                    log.info(
                            "reaction skipped portal={} tapback={} target={} reason=TARGET_NOT_BRIDGED",
                            portal.portalId(),
                            r.guid(),
                            r.targetGuid());
                } else {
                    items.add(new BatchSender.BatchItem(
                            r.senderHandle(),
                            new OutgoingPart.Reaction(r.key(), r.guid(), r.portalId(), target, r.emoji()),
                            r.timestampMs()));
                    itemKeys.add(r.key());
                    itemGuids.add(r.guid());
                }
            }
        }
        List<SentPart> sent = new ArrayList<>(items.size());
        if (!items.isEmpty()) {
            List<String> eventIds = sender.sendBatch(portal.roomId(), items, false);
            monitor.beat();
            for (int k = 0; k < items.size(); k++) {
                sent.add(new SentPart(
                        portal.portalId(),
                        itemKeys.get(k),
                        itemGuids.get(k),
                        portal.roomId(),
                        eventIds.get(k),
                        items.get(k).timestampMs()));
            }
        }
        MessageRow oldest = rows.getFirst();
        BackwardTask next = new BackwardTask(
                task.portalId(),
                new BackfillCursor(oldest.timestampMs(), oldest.guidNorm()),
                false,
                task.messagesDone() + rows.size(),
                task.partsSent() + sent.size(),
                null,
                clock.millis());
        tasks.commitBackwardBatch(sent, next);
        return next;
    }

    private OutgoingPart outgoing(Portal portal, PlannedPart part) throws CancelledException {
        String replyTo = part.replyTargetKeys().isEmpty()
                ? null
                : targetEventId(portal, part.replyToGuid(), part.replyTargetKeys());
        if (part.isText()) {
            return new OutgoingPart.Text(part.key(), part.guid(), part.portalId(), part.text(), replyTo, part.html());
        }
        try {
            return ForwardBackfill.attachmentPart(part, attachments.await(part.portalId(), part.attachment()), replyTo);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    /**
     * The event a reply or reaction points at: the bridged part, else — for a message of this portal still to be
     * inserted by a later page — the deterministic ID its part will get. Null when the target is not in the cache.
     */
    private String targetEventId(Portal portal, String targetGuid, List<PartKey> candidates) {
        for (PartKey key : candidates) {
            Optional<String> bridged = bridge.eventIdOf(portal.portalId(), key);
            if (bridged.isPresent()) {
                return bridged.get();
            }
        }
        return cloud.messageByGuid(targetGuid)
                .filter(r -> !r.deleted() && portal.portalId().equals(r.portalId()))
                .map(target -> predictedEventId(portal, target, candidates))
                .orElse(null);
    }

    /**
     * For forward backfill: the event ID a reply's or tapback's target will get when this portal's open task inserts
     * it (it is older than where the task stands), so the relation holds although the target comes later.
     */
    public Optional<String> eventIdOnceInserted(String portalId, String targetGuid, List<PartKey> candidates) {
        Optional<BackwardTask> task = tasks.backwardTask(portalId).filter(t -> !t.done());
        Optional<Portal> portal = bridge.portal(portalId).filter(p -> p.roomId() != null);
        if (task.isEmpty() || portal.isEmpty() || targetGuid == null || !sender.batchSendingSupported()) {
            return Optional.empty();
        }
        return cloud.messageByGuid(targetGuid)
                .filter(r -> !r.deleted()
                        && portalId.equals(r.portalId())
                        && before(r, task.get().before()))
                .map(target -> predictedEventId(portal.get(), target, candidates));
    }

    private String predictedEventId(Portal portal, MessageRow target, List<PartKey> candidates) {
        List<PartKey> planned =
                planner.plan(target).stream().map(PlannedPart::key).toList();
        return candidates.stream()
                .filter(planned::contains)
                .findFirst()
                .map(key -> sender.eventIdFor(portal.roomId(), key))
                .orElse(null);
    }

    /** GUIDs of the portal's tapback adds whose reaction still stands after all its tapbacks, in order. */
    private Set<String> standingTapbacks(String portalId) {
        ReactionLedger ledger = ReactionLedger.fresh();
        Set<String> standing = new HashSet<>();
        BackfillCursor cursor = BackfillCursor.START;
        while (true) {
            List<MessageRow> rows = cloud.messagesAfter(portalId, cursor, 5000);
            for (MessageRow row : rows) {
                planner.planReaction(row).ifPresent(r -> {
                    if (r.remove()) {
                        standing.remove(ledger.remove(r));
                    } else if (ledger.add(r)) {
                        standing.add(r.guid());
                    }
                });
            }
            if (rows.size() < 5000) {
                return standing;
            }
            cursor = new BackfillCursor(
                    rows.getLast().timestampMs(), rows.getLast().guidNorm());
        }
    }
}
