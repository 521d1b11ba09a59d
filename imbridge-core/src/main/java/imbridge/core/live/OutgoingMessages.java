package imbridge.core.live;

import imbridge.core.matrixside.OwnerMessage;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.SentPart;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.LiveSource;
import imbridge.core.port.LiveSourceException;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixLiveActions;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matrix → iMessage: the owner's messages in portal rooms go to Apple, and the UUID Apple assigns is put in
 * the message map against the owner's own Matrix event (behaviour.md §7.6). Its APNs echo and its CloudKit copy
 * then find the message already bridged and add nothing, even if the portal is deleted in between. A
 * failure is shown in the room as a notice from the bot; nothing is retried behind the owner's back.
 */
public final class OutgoingMessages {
    private static final Logger log = LoggerFactory.getLogger(OutgoingMessages.class);

    /** Fetches the bytes of an {@code mxc://} file the owner sent. */
    @FunctionalInterface
    public interface MediaDownloader {
        byte[] download(String mxcUrl) throws MatrixException;
    }

    private final LiveSource source;
    private final BridgeStore bridge;
    private final MatrixLiveActions actions;
    private final MediaDownloader media;
    private final String ownerUserId;

    public OutgoingMessages(
            LiveSource source,
            BridgeStore bridge,
            MatrixLiveActions actions,
            MediaDownloader media,
            String ownerUserId) {
        this.source = source;
        this.bridge = bridge;
        this.actions = actions;
        this.media = media;
        this.ownerUserId = ownerUserId;
    }

    /** Whether the room is a portal's room (for the Matrix event router). */
    public boolean isPortalRoom(String roomId) {
        return bridge.portalByRoom(roomId).isPresent();
    }

    public void handle(OwnerMessage message) throws MatrixException {
        if (!ownerUserId.equals(message.sender())) {
            log.info(
                    "outgoing: ignoring a message from {} in {} (only the owner's messages go to iMessage)",
                    message.sender(),
                    message.roomId());
            return;
        }
        Optional<Portal> portal = bridge.portalByRoom(message.roomId());
        if (portal.isEmpty()) {
            return;
        }
        String portalId = portal.get().portalId();
        try {
            LiveSource.Outgoing out = message.isFile()
                    ? new LiveSource.Outgoing.File(
                            message.filename(), message.mimeType(), media.download(message.mxcUrl()))
                    : new LiveSource.Outgoing.Text(message.body());
            String uuid = source.send(portalId, out);
            PartKey key = message.isFile() ? PartKey.attachment(uuid, 0) : PartKey.text(uuid);
            bridge.recordSentParts(List.of(
                    new SentPart(portalId, key, uuid, message.roomId(), message.eventId(), message.timestampMs())));
            log.info("outgoing: {} in portal={} sent to iMessage as {}", message.eventId(), portalId, uuid);
        } catch (LiveSourceException | MatrixException e) {
            log.warn("outgoing: {} in portal={} not delivered: {}", message.eventId(), portalId, e.getMessage());
            actions.sendBotNotice(
                    message.roomId(),
                    "imb.outfail." + message.eventId(),
                    "⚠️ Your message was not delivered to iMessage: " + e.getMessage());
        }
    }
}
