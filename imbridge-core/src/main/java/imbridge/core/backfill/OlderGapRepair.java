package imbridge.core.backfill;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackfillState;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.MatrixException;
import imbridge.core.util.CancelledException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * behaviour.md R1: a sync can bring messages older than what a portal's room already shows (CloudKit lagging
 * behind live traffic). Forward backfill resumes after its checkpoint, so it would never send them; skipping
 * them would lose them. This notices such rows as their page is ingested, and after the portal's next run sends
 * the ones still missing from the room after its newest event (the only place left for them), with an INFO
 * line (reason {@code OLDER_THAN_CHECKPOINT}). Where the homeserver inserts history, the ones older than the
 * room's oldest message go in above it instead ({@link BackwardBackfill}). A message whose parts are all in the
 * room is left alone.
 */
public final class OlderGapRepair {
    private static final Logger log = LoggerFactory.getLogger(OlderGapRepair.class);

    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final MessagePartPlanner planner;
    private final BackfillQueue queue;
    private final OutOfOrderSender sender;
    private final BackwardBackfill backward;
    private final Map<String, Set<String>> pending = new ConcurrentHashMap<>();

    public OlderGapRepair(
            CloudStore cloud,
            BridgeStore bridge,
            MessagePartPlanner planner,
            BackfillQueue queue,
            OutOfOrderSender sender) {
        this(cloud, bridge, planner, queue, sender, null);
    }

    /** @param backward where the homeserver inserts history, gaps older than the whole room go in above it */
    public OlderGapRepair(
            CloudStore cloud,
            BridgeStore bridge,
            MessagePartPlanner planner,
            BackfillQueue queue,
            OutOfOrderSender sender,
            BackwardBackfill backward) {
        this.backward = backward;
        this.cloud = cloud;
        this.bridge = bridge;
        this.planner = planner;
        this.queue = queue;
        this.sender = sender;
    }

    /** A page of messages was ingested: remember those behind their portal's checkpoint and not in its room. */
    public void pageIngested(List<MessageRow> rows) {
        Map<String, Optional<BackfillState>> states = new java.util.HashMap<>();
        for (MessageRow row : rows) {
            if (row.deleted() || row.portalId() == null || row.portalId().isBlank()) {
                continue;
            }
            Optional<BackfillState> state = states.computeIfAbsent(row.portalId(), bridge::backfillState);
            if (state.isEmpty() || !behind(row, state.get().cursor()) || !missingFromRoom(row)) {
                continue;
            }
            pending.computeIfAbsent(row.portalId(), k -> ConcurrentHashMap.newKeySet())
                    .add(row.guid());
        }
        states.keySet().stream().filter(pending::containsKey).forEach(queue::enqueueLive);
    }

    /** After a run of the portal: what is still missing goes now. */
    public void portalFinished(String portalId) {
        Set<String> guids = pending.remove(portalId);
        if (guids == null) {
            return;
        }
        List<MessageRow> rows = new ArrayList<>();
        for (String guid : guids) {
            cloud.messageByGuid(guid)
                    .filter(r -> !r.deleted() && missingFromRoom(r))
                    .ifPresent(rows::add);
        }
        if (rows.isEmpty()) {
            return;
        }
        rows.sort(Comparator.comparingLong(MessageRow::timestampMs).thenComparing(MessageRow::guidNorm));
        if (backward != null) {
            int before = rows.size();
            rows = backward.takeOlderThanRoom(portalId, rows);
            if (rows.size() < before) {
                queue.enqueueHistory(portalId);
            }
            if (rows.isEmpty()) {
                return;
            }
        }
        log.info(
                "older gap: {} message(s) of portal={} arrived older than its checkpoint; sent after the room's "
                        + "newest event (reason=OLDER_THAN_CHECKPOINT)",
                rows.size(),
                portalId);
        try {
            sender.sendNow(portalId, rows);
        } catch (MatrixException e) {
            log.error(
                    "older gap of portal={} not delivered: {} (retried after its next run)", portalId, e.getMessage());
            rows.forEach(r -> pending.computeIfAbsent(portalId, k -> ConcurrentHashMap.newKeySet())
                    .add(r.guid()));
        } catch (CancelledException e) {
            log.info("older gap of portal={} not delivered: shutting down", portalId);
        }
    }

    private boolean missingFromRoom(MessageRow row) {
        List<PartKey> keys =
                new ArrayList<>(planner.plan(row).stream().map(PlannedPart::key).toList());
        planner.planReaction(row).filter(r -> !r.remove()).ifPresent(r -> keys.add(r.key()));
        return !keys.isEmpty() && bridge.existingParts(row.portalId(), keys).size() < keys.size();
    }

    private static boolean behind(MessageRow row, BackfillCursor cursor) {
        String guid = cursor.guidNorm() == null ? "" : cursor.guidNorm();
        return row.timestampMs() < cursor.timestampMs()
                || (row.timestampMs() == cursor.timestampMs() && row.guidNorm().compareTo(guid) <= 0);
    }
}
