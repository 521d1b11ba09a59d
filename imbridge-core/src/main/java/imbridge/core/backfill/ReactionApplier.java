package imbridge.core.backfill;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.MessageRow;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.SentPart;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tapbacks in the room: an add becomes an {@code m.reaction} on its target's event, a remove redacts the reaction it
 * takes down. Each is applied against a {@link ReactionLedger} of the tapbacks before it, so a repeat adds nothing and
 * a remove finds its add even when an earlier run bridged it. Counts what it sent, redacted and skipped.
 */
final class ReactionApplier {
    private static final Logger log = LoggerFactory.getLogger(ReactionApplier.class);

    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final MatrixGateway matrix;
    private final MessagePartPlanner planner;
    private final EventLookup events;
    private final BackfillMonitor monitor;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong redacted = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    ReactionApplier(
            CloudStore cloud,
            BridgeStore bridge,
            MatrixGateway matrix,
            MessagePartPlanner planner,
            EventLookup events,
            BackfillMonitor monitor) {
        this.cloud = cloud;
        this.bridge = bridge;
        this.matrix = matrix;
        this.planner = planner;
        this.events = events;
        this.monitor = monitor;
    }

    /** Each row's tapback, or null where the row is not one. */
    List<PlannedReaction> plan(List<MessageRow> rows) {
        List<PlannedReaction> out = new ArrayList<>(rows.size());
        for (MessageRow row : rows) {
            out.add(planner.planReaction(row).orElse(null));
        }
        return out;
    }

    /** The adds among {@code reactions} the message map already has (sent by an earlier run). */
    Set<PartKey> existing(Portal portal, List<PlannedReaction> reactions) {
        List<PartKey> keys = reactions.stream()
                .filter(r -> r != null && !r.remove())
                .map(PlannedReaction::key)
                .toList();
        return keys.isEmpty() ? Set.of() : bridge.existingParts(portal.portalId(), keys);
    }

    /**
     * The run's reaction ledger. A run that resumes after a checkpoint replays the tapbacks before it (read from
     * the cache when the first tapback of the run needs them), so a remove finds an add bridged by an earlier run.
     */
    ReactionLedger ledgerFor(String portalId, BackfillCursor start) {
        if (BackfillCursor.START.equals(start)) {
            return ReactionLedger.fresh();
        }
        return new ReactionLedger(() -> tapbacksUpTo(portalId, start));
    }

    /** The tapbacks of the portal up to {@code upTo}, oldest first. */
    List<PlannedReaction> tapbacksUpTo(String portalId, BackfillCursor upTo) {
        List<PlannedReaction> out = new ArrayList<>();
        for (MessageRow row : cloud.tapbacksUpTo(portalId, upTo)) {
            planner.planReaction(row).ifPresent(out::add);
        }
        return out;
    }

    /** Single-send path: a tapback add sent as its reaction, or a remove applied; the sent part or null. */
    SentPart send(
            Portal portal,
            PlannedReaction r,
            ReactionLedger ledger,
            Set<PartKey> existing,
            Map<PartKey, String> sentInChunk)
            throws MatrixException {
        OutgoingPart.Reaction outgoing = forBatch(portal, r, ledger, existing, sentInChunk);
        if (outgoing == null) {
            return null;
        }
        matrix.ensureJoined(portal.roomId(), r.senderHandle());
        String eventId = matrix.send(portal.roomId(), r.senderHandle(), outgoing, r.timestampMs());
        monitor.beat();
        sent.incrementAndGet();
        return new SentPart(portal.portalId(), r.key(), r.guid(), portal.roomId(), eventId, r.timestampMs());
    }

    /**
     * The reaction to send, alone or in a batch (null when nothing is to be sent); a remove is applied now.
     */
    OutgoingPart.Reaction forBatch(
            Portal portal,
            PlannedReaction r,
            ReactionLedger ledger,
            Set<PartKey> existing,
            Map<PartKey, String> sentInChunk)
            throws MatrixException {
        if (r.remove()) {
            redactRemoved(portal, r, ledger, sentInChunk);
            return null;
        }
        return toSend(portal, r, ledger, existing, sentInChunk);
    }

    /** Reactions a batch delivered. */
    void sentInBatch(long count) {
        sent.addAndGet(count);
    }

    /** The part keys a reaction needs events for first: its target's parts (an add) or the add it removes. */
    static List<PartKey> waitsFor(PlannedReaction r, ReactionLedger ledger) {
        if (r.remove()) {
            String addGuid = ledger.removes(r);
            return addGuid == null ? List.of() : List.of(PartKey.reaction(addGuid));
        }
        return r.targetKeys();
    }

    /**
     * An add's reaction, or null: a repeat of a standing reaction adds nothing, one already in the message map was
     * sent by an earlier run, one whose target was never bridged is skipped (forward order bridges every target
     * before its tapbacks, so a target missing now never gets an event), and so is one whose target was unsent or
     * deleted (its events are redacted); a skipped tapback is logged and counted.
     */
    private OutgoingPart.Reaction toSend(
            Portal portal,
            PlannedReaction r,
            ReactionLedger ledger,
            Set<PartKey> existing,
            Map<PartKey, String> sentInChunk) {
        if (!ledger.add(r) || existing.contains(r.key())) {
            return null;
        }
        String target = events.sentEventOf(portal.portalId(), r.targetKeys(), sentInChunk);
        if (target == null) {
            target = events.onceInserted(portal.portalId(), r.targetGuid(), r.targetKeys());
        }
        if (target == null) {
            return skip(portal, r, "TARGET_NOT_BRIDGED");
        }
        if (targetWithdrawn(r)) {
            return skip(portal, r, "TARGET_UNSENT"); // its event was redacted: the reaction would outlive it
        }
        return new OutgoingPart.Reaction(r.key(), r.guid(), r.portalId(), target, r.emoji());
    }

    /** True when the tapback's target was unsent or deleted after it was bridged (its parts are redacted). */
    private boolean targetWithdrawn(PlannedReaction r) {
        return cloud.messageByGuid(r.targetGuid())
                .map(m -> m.deleted() || m.extras().unsent())
                .orElse(false);
    }

    private OutgoingPart.Reaction skip(Portal portal, PlannedReaction r, String reason) {
        skipped.incrementAndGet();
        log.info(
                "reaction skipped portal={} tapback={} target={} reason={}",
                portal.portalId(),
                r.guid(),
                r.targetGuid(),
                reason);
        return null;
    }

    /** A remove: redacts the reaction it takes down when that was bridged; nothing otherwise. */
    private void redactRemoved(
            Portal portal, PlannedReaction r, ReactionLedger ledger, Map<PartKey, String> sentInChunk)
            throws MatrixException {
        String addGuid = ledger.remove(r);
        if (addGuid == null) {
            return;
        }
        String eventId = events.sentEventOf(portal.portalId(), List.of(PartKey.reaction(addGuid)), sentInChunk);
        if (eventId == null) {
            return; // its add was never bridged (its target had no event)
        }
        matrix.redact(portal.roomId(), eventId, "tapback removed");
        monitor.beat();
        redacted.incrementAndGet();
    }

    long sent() {
        return sent.get();
    }

    long redacted() {
        return redacted.get();
    }

    long skipped() {
        return skipped.get();
    }
}
