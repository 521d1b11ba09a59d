package imbridge.core.live;

import imbridge.core.backfill.BackfillQueue;
import imbridge.core.backfill.MessagePartPlanner;
import imbridge.core.backfill.OutOfOrderSender;
import imbridge.core.backfill.PlannedPart;
import imbridge.core.backfill.StallHook;
import imbridge.core.backfill.StallReport;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.LiveInbox;
import imbridge.core.port.MatrixException;
import imbridge.core.util.CancelledException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets admitted (HELD) live messages into their rooms and completes their inbox entries. A portal whose
 * history is committed runs at once on the backfill queue's live lane; one still waiting for its initial
 * backfill keeps its live messages behind its history (they sit after it in the cache's order). After each
 * run of a portal its held entries are completed once their parts are in the message map; a message older
 * than the portal's checkpoint (the cursor will never reach it) is sent out of order. When the watchdog
 * declares a backfill stalled, the stalled portals' held messages are released the same way, with a WARN.
 */
public final class LiveDelivery implements StallHook {
    private static final Logger log = LoggerFactory.getLogger(LiveDelivery.class);

    private final LiveInbox inbox;
    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final MessagePartPlanner planner;
    private final BackfillQueue queue;
    private final OutOfOrderSender outOfOrder;
    private final RoomUpdater roomUpdater;
    private final LiveLatencyMeter latency;

    /** Applies a held edit or unsend to the room ({@link LiveUpdates#applyInRoom}). */
    @FunctionalInterface
    public interface RoomUpdater {
        void apply(imbridge.core.model.LiveEvent event) throws MatrixException;
    }

    public LiveDelivery(
            LiveInbox inbox,
            CloudStore cloud,
            BridgeStore bridge,
            MessagePartPlanner planner,
            BackfillQueue queue,
            OutOfOrderSender outOfOrder,
            RoomUpdater roomUpdater) {
        this(
                inbox,
                cloud,
                bridge,
                planner,
                queue,
                outOfOrder,
                roomUpdater,
                new LiveLatencyMeter(
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), java.time.Clock.systemUTC()));
    }

    /** @param latency times each message from its receipt until it is in its room */
    public LiveDelivery(
            LiveInbox inbox,
            CloudStore cloud,
            BridgeStore bridge,
            MessagePartPlanner planner,
            BackfillQueue queue,
            OutOfOrderSender outOfOrder,
            RoomUpdater roomUpdater,
            LiveLatencyMeter latency) {
        this.latency = latency;
        this.roomUpdater = roomUpdater;
        this.inbox = inbox;
        this.cloud = cloud;
        this.bridge = bridge;
        this.planner = planner;
        this.queue = queue;
        this.outOfOrder = outOfOrder;
    }

    /** A live message was admitted for the portal. */
    public void admitted(String portalId) {
        queue.enqueueLive(portalId);
    }

    /** The processor took a live entry out of the inbox (its latency stages start). */
    void taken(LiveInbox.Entry entry) {
        latency.taken(entry);
    }

    /** A live message was admitted for the portal: the portal runs on the live lane. */
    void admitted(LiveInbox.Entry entry, String portalId) {
        latency.admitted(entry);
        queue.enqueueLive(portalId);
    }

    /** A live entry was dropped, not delivered. */
    void dropped(LiveInbox.Entry entry) {
        latency.forget(entry);
    }

    /** After a backfill run of the portal: complete what is in the room, send what the cursor passed by. */
    public void portalFinished(String portalId) {
        List<LiveInbox.Entry> held = inbox.held(portalId);
        if (held.isEmpty()) {
            return;
        }
        Optional<BackfillState> state = bridge.backfillState(portalId);
        boolean done = state.map(s -> s.status() == BackfillStatus.DONE).orElse(false);
        List<LiveInbox.Entry> behindCursor = new ArrayList<>();
        for (LiveInbox.Entry entry : held) {
            if (entry.event().kind() != imbridge.core.model.LiveEvent.Kind.MESSAGE) {
                applyToRoom(entry);
                continue;
            }
            switch (statusOf(entry, portalId)) {
                case IN_ROOM -> {
                    inbox.complete(entry.id());
                    latency.delivered(entry);
                }
                case PENDING -> {
                    if (done && behind(entry, state.get())) {
                        behindCursor.add(entry);
                    }
                }
            }
        }
        if (!behindCursor.isEmpty()) {
            log.info(
                    "live: {} held message(s) of portal={} are at or before its checkpoint; what of them is not in "
                            + "the room yet goes after its newest event (reason=OLDER_THAN_CHECKPOINT)",
                    behindCursor.size(),
                    portalId);
            sendOutOfOrder(portalId, behindCursor);
        }
    }

    private void applyToRoom(LiveInbox.Entry entry) {
        try {
            roomUpdater.apply(entry.event());
            inbox.complete(entry.id());
        } catch (MatrixException e) {
            log.warn(
                    "live: {} of {} not applied yet ({}); retried after the portal's next run",
                    entry.event().kind(),
                    entry.event().targetGuid(),
                    e.getMessage());
        }
    }

    /** The watchdog's call: history made no progress for the stall timeout, so held messages go now. */
    @Override
    public void onStall(StallReport report) {
        for (String portalId : report.portalIds()) {
            List<LiveInbox.Entry> held = inbox.held(portalId).stream()
                    .filter(e -> e.event().kind() == imbridge.core.model.LiveEvent.Kind.MESSAGE)
                    .filter(e -> statusOf(e, portalId) == HeldStatus.PENDING)
                    .toList();
            if (!held.isEmpty()) {
                log.warn(
                        "live: backfill of portal={} stalled for {} ms; releasing {} held live message(s) ahead of "
                                + "the rest of its history",
                        portalId,
                        report.silentMs(),
                        held.size());
                sendOutOfOrder(portalId, held);
            }
        }
    }

    private enum HeldStatus {
        IN_ROOM,
        PENDING
    }

    /**
     * IN_ROOM when nothing is left to show (deleted meanwhile) or every part, reaction included, is in the
     * message map; a tapback removal is never "in the room" by itself (it only redacts): it completes once the
     * cursor has passed it, through the out-of-order path, whose redaction is idempotent.
     */
    private HeldStatus statusOf(LiveInbox.Entry entry, String portalId) {
        Optional<MessageRow> row = cloud.messageByGuid(entry.event().guid());
        if (row.isEmpty() || row.get().deleted()) {
            return HeldStatus.IN_ROOM;
        }
        List<PartKey> keys = new ArrayList<>(
                planner.plan(row.get()).stream().map(PlannedPart::key).toList());
        Optional<imbridge.core.backfill.PlannedReaction> reaction = planner.planReaction(row.get());
        if (reaction.isPresent()) {
            if (reaction.get().remove()) {
                return HeldStatus.PENDING;
            }
            keys.add(reaction.get().key());
        }
        if (keys.isEmpty() || bridge.existingParts(portalId, keys).size() == keys.size()) {
            return HeldStatus.IN_ROOM;
        }
        return HeldStatus.PENDING;
    }

    private static boolean behind(LiveInbox.Entry entry, BackfillState state) {
        long ts = entry.event().timestampMs();
        long cursorTs = state.cursor().timestampMs();
        String cursorGuid =
                state.cursor().guidNorm() == null ? "" : state.cursor().guidNorm();
        return ts < cursorTs || (ts == cursorTs && entry.event().guidNorm().compareTo(cursorGuid) <= 0);
    }

    private void sendOutOfOrder(String portalId, List<LiveInbox.Entry> entries) {
        List<MessageRow> rows = entries.stream()
                .map(e -> cloud.messageByGuid(e.event().guid()))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparingLong(MessageRow::timestampMs).thenComparing(MessageRow::guidNorm))
                .toList();
        try {
            outOfOrder.sendNow(portalId, rows);
            entries.forEach(e -> {
                inbox.complete(e.id());
                latency.delivered(e);
            });
        } catch (MatrixException e) {
            log.error(
                    "live: could not send {} message(s) to portal={}: {} (kept; retried after its next run)",
                    rows.size(),
                    portalId,
                    e.getMessage());
        } catch (CancelledException e) {
            log.info("live: out-of-order send to portal={} cancelled", portalId);
        }
    }
}
