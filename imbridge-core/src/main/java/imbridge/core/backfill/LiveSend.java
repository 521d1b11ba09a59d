package imbridge.core.backfill;

import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.model.BackfillCursor;
import imbridge.core.model.Guids;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.SentPart;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.MatrixException;
import imbridge.core.portal.PortalRooms;
import imbridge.core.util.CancelledException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends rows now, after whatever the room already has, without moving the portal's cursor: the parts go into the
 * message map, so the backfill skips them when its cursor gets there. For live messages the cursor cannot reach
 * (older than the checkpoint) or that the stall watchdog releases. A tapback is applied against the reactions of the
 * tapbacks before it (an add is sent, a remove redacts what it removes).
 */
final class LiveSend implements OutOfOrderSender {
    private final PortalRooms rooms;
    private final BridgeStore bridge;
    private final MessagePartPlanner planner;
    private final AttachmentPipeline attachments;
    private final ReactionApplier reactions;
    private final SingleEventSends sends;

    LiveSend(
            PortalRooms rooms,
            BridgeStore bridge,
            MessagePartPlanner planner,
            AttachmentPipeline attachments,
            ReactionApplier reactions,
            SingleEventSends sends) {
        this.rooms = rooms;
        this.bridge = bridge;
        this.planner = planner;
        this.attachments = attachments;
        this.reactions = reactions;
        this.sends = sends;
    }

    @Override
    public void sendNow(String portalId, List<MessageRow> rows) throws MatrixException, CancelledException {
        Portal portal = rooms.ensureRoom(portalId);
        Map<PartKey, String> sentInChunk = new HashMap<>();
        for (MessageRow row : rows) {
            List<SentPart> sent = new ArrayList<>();
            PlannedReaction reaction = planner.planReaction(row).orElse(null);
            if (reaction != null) {
                SentPart s = reactions.send(
                        portal,
                        reaction,
                        ledgerBefore(portalId, row),
                        reactions.existing(portal, List.of(reaction)),
                        sentInChunk);
                if (s != null) {
                    sent.add(s);
                }
            }
            List<PlannedPart> parts = planner.plan(row);
            Set<PartKey> existing = parts.isEmpty()
                    ? Set.of()
                    : bridge.existingParts(
                            portalId, parts.stream().map(PlannedPart::key).toList());
            for (PlannedPart part : parts) {
                if (existing.contains(part.key())) {
                    continue;
                }
                try {
                    if (!part.isText()) {
                        attachments.prefetch(portalId, part.attachment());
                    }
                    SentPart s = sends.send(portal, part, sentInChunk);
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

    /** The reactions standing before the tapback {@code row} (the tapbacks up to it, without itself). */
    private ReactionLedger ledgerBefore(String portalId, MessageRow row) {
        String self = row.guidNorm();
        return new ReactionLedger(() ->
                reactions.tapbacksUpTo(portalId, new BackfillCursor(row.timestampMs(), self)).stream()
                        .filter(earlier -> !Guids.normalize(earlier.guid()).equals(self))
                        .toList());
    }
}
