package imbridge.core.backfill;

import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.model.BackfillState;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plans chunks and starts their downloads ahead of the sender. The chunk being sent and the next one are fetched
 * ahead, so slow and stalled downloads hide behind the sends and the pipeline does not drain at chunk boundaries.
 * Download slots go to the long pole first (the running portal with the most parts left), then to the others, each
 * nearest to its sender first ({@link LongPoleFirst}).
 */
final class LookAhead {
    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final AttachmentPipeline attachments;
    private final MessagePartPlanner planner;
    private final ChunkReader reader;
    /** Per running portal: how many planned parts its sender has passed (the look-ahead's reference point). */
    private final Map<String, AtomicLong> positions = new ConcurrentHashMap<>();
    /** Which running portal's look-ahead downloads go first. */
    private final LongPoleFirst downloadPriority;

    LookAhead(
            CloudStore cloud,
            BridgeStore bridge,
            AttachmentPipeline attachments,
            MessagePartPlanner planner,
            ChunkReader reader,
            BackfillSettings settings) {
        this.cloud = cloud;
        this.bridge = bridge;
        this.attachments = attachments;
        this.planner = planner;
        this.reader = reader;
        // a lead of the whole look-ahead (this chunk and the next): strict priority; one send batch is "small"
        this.downloadPriority = new LongPoleFirst(2L * settings.chunkSize(), settings.sendBatchParts());
    }

    /**
     * Plans the chunk about to be sent and starts its downloads and those of the chunk after it.
     *
     * @return the plan, and the portal's send position, which the sender moves past each planned part
     */
    Started start(Portal portal, List<MessageRow> rows, BackfillState state, boolean historyCommitted) {
        AtomicLong sendPosition = sendPosition(portal.portalId(), state, historyCommitted);
        ChunkPlan plan = plan(portal, rows, sendPosition.get());
        prefetch(portal, plan);
        List<MessageRow> next = reader.followingChunk(portal.portalId(), rows);
        if (!next.isEmpty()) {
            prefetch(portal, plan(portal, next, plan.endPosition()));
        }
        return new Started(plan, sendPosition);
    }

    record Started(ChunkPlan plan, AtomicLong sendPosition) {}

    void portalEnded(String portalId) {
        positions.remove(portalId);
        downloadPriority.ended(portalId);
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

    private void prefetch(Portal portal, ChunkPlan plan) {
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
    private AtomicLong sendPosition(String portalId, BackfillState state, boolean historyCommitted) {
        return positions.computeIfAbsent(portalId, k -> {
            AtomicLong position = new AtomicLong();
            // A live run sends only what came since its history: its planned parts are its work (no count of the
            // portal's rows, which costs a big chat's size on every live message).
            long left = historyCommitted ? 0 : cloud.portalMessageCount(portalId) - state.messagesDone();
            downloadPriority.started(portalId, left, position);
            return position;
        });
    }
}
