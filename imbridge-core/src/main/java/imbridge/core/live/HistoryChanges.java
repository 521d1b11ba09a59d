package imbridge.core.live;

import imbridge.core.backfill.MessagePartPlanner;
import imbridge.core.model.Guids;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import imbridge.core.port.MatrixLiveActions;
import imbridge.core.portal.Handles;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a later read of the history says about messages already in their rooms: an edit replaces the text part's
 * body, an unsend or a deletion redacts every bridged part and the reactions aimed at it. This is how importing a newer chat.db or backup
 * applies edits and deletions (a re-read row carries its final state), and it serves a CloudKit re-sync the same
 * way. Messages not in a room yet need nothing: their backfill reads the updated cache.
 *
 * <p>Idempotent: an edit's transaction ID is derived from the message and its edit time, and a redaction of an
 * already redacted event creates nothing new, so a page replayed after a crash changes nothing.
 */
public final class HistoryChanges {
    private static final Logger log = LoggerFactory.getLogger(HistoryChanges.class);

    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final MatrixGateway matrix;
    private final MatrixLiveActions actions;
    private final String ownerHandle;
    private final AtomicLong edits = new AtomicLong();
    private final AtomicLong redactions = new AtomicLong();

    public HistoryChanges(
            CloudStore cloud, BridgeStore bridge, MatrixGateway matrix, MatrixLiveActions actions, String ownerHandle) {
        this.cloud = cloud;
        this.bridge = bridge;
        this.matrix = matrix;
        this.actions = actions;
        this.ownerHandle = Handles.normalize(ownerHandle);
    }

    /** After a message page committed: edited and unsent rows whose parts are already in a room. */
    public void pageIngested(List<MessageRow> rows) {
        for (MessageRow row : rows) {
            if (row.deleted()) {
                continue; // a conversation deleted on the Matrix side: its room is gone, nothing to change
            }
            if (row.extras().unsent()) {
                redactBridged(row, "unsent");
            } else if (row.extras().editedAtMs() > 0) {
                replaceText(row);
            }
        }
    }

    /**
     * After a page's tombstones committed: the tombstoned messages' bridged parts are redacted. The local Apple
     * sources name message records by GUID; a CloudKit record name finds no message here and changes nothing.
     */
    public void tombstoned(List<String> recordNames) {
        for (String name : recordNames) {
            cloud.messageByGuid(name).ifPresent(row -> redactBridged(row, "deleted"));
        }
    }

    public long editsSent() {
        return edits.get();
    }

    public long partsRedacted() {
        return redactions.get();
    }

    private void replaceText(MessageRow row) {
        Optional<String> textEvent = bridge.eventIdOf(row.portalId(), PartKey.text(row.guid()));
        String roomId = roomOf(row.portalId());
        if (textEvent.isEmpty() || roomId == null) {
            return;
        }
        String sender = row.fromMe() ? ownerHandle : Handles.normalize(row.sender());
        try {
            matrix.ensureJoined(roomId, sender);
            actions.sendEdit(
                    roomId,
                    sender,
                    textEvent.get(),
                    MessagePartPlanner.editedBody(row, row.text()), // the body rules of a sent message
                    "imb." + Guids.normalize(row.guid()) + ".edit.at."
                            + row.extras().editedAtMs(),
                    row.extras().editedAtMs());
            edits.incrementAndGet();
            log.info("history edit applied guid={} portal={}", row.guid(), row.portalId());
        } catch (MatrixException e) {
            log.warn("history edit of guid={} not applied: {}", row.guid(), e.getMessage());
        }
    }

    private void redactBridged(MessageRow row, String reason) {
        String roomId = roomOf(row.portalId());
        if (roomId == null) {
            return;
        }
        for (String eventId : BridgedParts.withReactions(cloud, bridge, row)) {
            try {
                matrix.redact(roomId, eventId, reason);
                redactions.incrementAndGet();
                log.info("history {} applied: guid={} event={} redacted", reason, row.guid(), eventId);
            } catch (MatrixException e) {
                log.warn("history {} of guid={} not applied to {}: {}", reason, row.guid(), eventId, e.getMessage());
            }
        }
    }

    private String roomOf(String portalId) {
        return bridge.portal(portalId)
                .map(Portal::roomId)
                .filter(r -> r != null && !r.isBlank())
                .orElse(null);
    }
}
