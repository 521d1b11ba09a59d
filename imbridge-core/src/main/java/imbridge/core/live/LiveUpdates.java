package imbridge.core.live;

import imbridge.core.backfill.MessagePartPlanner;
import imbridge.core.model.Guids;
import imbridge.core.model.LiveEvent;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import imbridge.core.port.MatrixLiveActions;
import imbridge.core.portal.Handles;
import imbridge.core.portal.PortalIdResolver;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live events that change what is already there rather than add a message: edits, unsends, read
 * receipts (behaviour.md §7.7), renames and participant changes. Each returns null when done, or the reason it
 * dropped the event. A target not bridged yet is changed in the cache, so the backfill sends its final form.
 */
public final class LiveUpdates {
    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);
    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final MatrixGateway matrix;
    private final MatrixLiveActions actions;
    private final LiveAdmission admission;
    private final RecentUnsends unsends;
    private final PortalIdResolver resolver;
    private final String ownerHandle;

    public LiveUpdates(
            CloudStore cloud,
            BridgeStore bridge,
            MatrixGateway matrix,
            MatrixLiveActions actions,
            LiveAdmission admission,
            RecentUnsends unsends,
            PortalIdResolver resolver,
            String ownerHandle) {
        this.cloud = cloud;
        this.bridge = bridge;
        this.matrix = matrix;
        this.actions = actions;
        this.admission = admission;
        this.unsends = unsends;
        this.resolver = resolver;
        this.ownerHandle = Handles.normalize(ownerHandle);
    }

    /**
     * An edit: the cached row takes the new body at once (a message not sent yet goes out with its final text);
     * the room is changed by {@link #applyInRoom} after the portal's next run, when every part of the message
     * that was on its way is in the message map. Returns the drop reason, or null.
     */
    public LiveDropReason edit(LiveEvent e) {
        Optional<MessageRow> target = cloud.messageByGuid(nullToEmpty(e.targetGuid()));
        if (target.isEmpty() || target.get().deleted()) {
            return LiveDropReason.UNKNOWN_TARGET;
        }
        admission.applyEdit(target.get(), nullToEmpty(e.newText()), e.timestampMs());
        return null;
    }

    /** An unsend: remembered (a late copy is dropped), the cached row marked unsent; the room follows later. */
    public LiveDropReason unsend(LiveEvent e) {
        String targetGuid = nullToEmpty(e.targetGuid());
        unsends.record(targetGuid);
        cloud.messageByGuid(targetGuid).ifPresent(admission::applyUnsend);
        return null;
    }

    /**
     * The room side of an edit, unsend or read receipt, once the portal's run has committed what it sent: the
     * edit replaces the text part if it is in the room; the unsend redacts every part in the room and the reactions aimed at it; the receipt
     * moves the reader's marker (a contact's ghost's, or the owner's own) to the message's last part. Idempotent (deterministic
     * transaction IDs), so a repeat after a crash changes nothing.
     */
    public void applyInRoom(LiveEvent e) throws MatrixException {
        Optional<MessageRow> target = cloud.messageByGuid(nullToEmpty(e.targetGuid()));
        if (target.isEmpty()) {
            return;
        }
        MessageRow row = target.get();
        String roomId = roomOf(row.portalId());
        if (roomId == null) {
            return;
        }
        if (e.kind() == LiveEvent.Kind.UNSEND) {
            for (String eventId : BridgedParts.withReactions(cloud, bridge, row)) {
                matrix.redact(roomId, eventId, "unsent");
            }
            return;
        }
        if (e.kind() == LiveEvent.Kind.READ_RECEIPT) {
            List<String> parts = BridgedParts.eventIds(bridge, row);
            if (!parts.isEmpty()) {
                if (isOwnersRead(e)) { // sent as the owner's account, or skipped without it: never by the owner's ghost
                    matrix.markRead(roomId, ownerHandle, parts.getLast(), e.timestampMs());
                    log.info("live: the owner read portal={} up to event={}", row.portalId(), parts.getLast());
                    return;
                }
                String reader = Handles.normalize(e.sender());
                matrix.ensureJoined(roomId, reader);
                matrix.markRead(roomId, reader, parts.getLast(), e.timestampMs());
            }
            return;
        }
        Optional<String> textEvent = bridge.eventIdOf(row.portalId(), PartKey.text(row.guid()));
        if (textEvent.isPresent()) {
            String sender = row.fromMe() ? ownerHandle : Handles.normalize(row.sender());
            matrix.ensureJoined(roomId, sender);
            actions.sendEdit(
                    roomId,
                    sender,
                    textEvent.get(),
                    MessagePartPlanner.editedBody(row, e.newText()),
                    "imb." + Guids.normalize(row.guid()) + ".edit." + e.seq(),
                    e.timestampMs());
        }
    }

    /**
     * A read receipt (behaviour.md §7.7): dropped when stored or for an unknown message. The owner's own read (they
     * read the chat on another device) moves the owner's marker when the gateway sends as the owner's account
     * (double puppeting), and is dropped without it: nobody else may read for them. A contact's receipt of a message
     * that came from CloudKit is dropped. Otherwise the room follows in {@link #applyInRoom} after the portal's next
     * run, once the history and the message are in it: where the original dropped receipts that came before its
     * buffer flush, this waits for them instead.
     */
    public LiveDropReason readReceipt(LiveEvent e) {
        if (e.stored()) {
            return LiveDropReason.STORED_NON_MESSAGE;
        }
        Optional<MessageRow> target = cloud.messageByGuid(nullToEmpty(e.targetGuid()));
        if (target.isEmpty()) {
            return LiveDropReason.UNKNOWN_TARGET;
        }
        if (isOwnersRead(e)) {
            return matrix.doublePuppeting() ? null : LiveDropReason.OWNER_READ_WITHOUT_DOUBLE_PUPPET;
        }
        if (Handles.normalize(e.sender()).isEmpty()) {
            return LiveDropReason.NOTHING_TO_BRIDGE;
        }
        MessageRow row = target.get();
        if (row.recordName() != null && !row.recordName().isBlank()) {
            return LiveDropReason.RECEIPT_FOR_CLOUDKIT_MESSAGE;
        }
        return null;
    }

    /** The owner read it (on another of their devices): flagged as mine, or read under one of the owner's handles. */
    private boolean isOwnersRead(LiveEvent e) {
        return e.fromMe() || resolver.isOwnHandle(Handles.normalize(e.sender()));
    }

    public LiveDropReason rename(LiveEvent e) throws MatrixException {
        if (e.stored()) {
            return LiveDropReason.STORED_NON_MESSAGE;
        }
        String roomId = roomOf(portalOf(e));
        if (roomId == null || e.newText() == null || e.newText().isBlank()) {
            return LiveDropReason.NOTHING_TO_BRIDGE;
        }
        actions.setRoomName(roomId, e.newText().trim());
        return null;
    }

    public LiveDropReason participants(LiveEvent e) throws MatrixException {
        if (e.stored()) {
            return LiveDropReason.STORED_NON_MESSAGE;
        }
        String roomId = roomOf(portalOf(e));
        if (roomId == null) {
            return LiveDropReason.NOTHING_TO_BRIDGE;
        }
        for (String p : e.participants()) {
            String handle = Handles.normalize(p);
            if (!handle.isEmpty() && !resolver.isOwnHandle(handle)) {
                matrix.ensureJoined(roomId, handle);
            }
        }
        return null;
    }

    private String portalOf(LiveEvent e) {
        return resolver.resolveMessage(e.asCloudMessage(), cloud::chatPortalId);
    }

    private String roomOf(String portalId) {
        if (portalId == null || portalId.isEmpty()) {
            return null;
        }
        return bridge.portal(portalId).map(Portal::roomId).orElse(null);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
