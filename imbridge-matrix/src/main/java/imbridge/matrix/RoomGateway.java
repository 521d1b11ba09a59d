package imbridge.matrix;

import static imbridge.matrix.AppserviceSession.roomPath;
import static imbridge.matrix.AppserviceSession.withReason;

import imbridge.core.model.OutgoingPart;
import imbridge.core.model.RoomSpec;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MatrixGateway} over the Client-Server API as an appservice: the bot creates portal rooms, ghosts join and
 * send with timestamp massaging, the bot redacts, ghosts move read markers, the bot leaves deleted portals.
 */
public final class RoomGateway implements MatrixGateway {
    private static final Logger log = LoggerFactory.getLogger(RoomGateway.class);

    private final AppserviceSession session;
    private final GhostMembers members;
    private final RoomCreation creation;
    private final BotRooms botRooms;
    private final MatrixMedia media;
    private final DirectChats directChats;

    RoomGateway(
            AppserviceSession session,
            GhostMembers members,
            RoomCreation creation,
            BotRooms botRooms,
            MatrixMedia media,
            DirectChats directChats) {
        this.directChats = directChats;
        this.session = session;
        this.members = members;
        this.creation = creation;
        this.botRooms = botRooms;
        this.media = media;
    }

    @Override
    public String createRoom(RoomSpec spec) throws MatrixException {
        session.checkOpen();
        Set<String> memberGhosts = new LinkedHashSet<>();
        spec.memberHandles().forEach(h -> memberGhosts.add(session.ghosts().userId(h)));
        String roomId = creation.createPortalRoom(spec, new ArrayList<>(memberGhosts));
        log.info(
                "Created room {} for portal {} ({}, {} ghosts)",
                roomId,
                spec.portalId(),
                spec.kind(),
                memberGhosts.size());
        for (String handle : spec.memberHandles()) {
            try {
                members.ensureJoined(roomId, handle);
            } catch (MatrixException e) {
                // The room exists now; failing here would make the caller create a second one.
                // send() joins the ghost again before its first message.
                log.warn("Ghost of {} could not join new room {} yet: {}", handle, roomId, e.getMessage());
            }
        }
        try {
            members.joinOwner(roomId);
        } catch (MatrixException e) {
            log.warn("The owner's account could not join new room {} yet: {}", roomId, e.getMessage());
        }
        return roomId;
    }

    @Override
    public void ensureJoined(String roomId, String handle) throws MatrixException {
        session.checkOpen();
        members.ensureJoined(roomId, handle);
    }

    @Override
    public String send(String roomId, String senderHandle, OutgoingPart part, long timestampMs) throws MatrixException {
        session.checkOpen();
        Map<String, Object> content = PartContent.render(part);
        long started = System.nanoTime(); // a duration measured, not a time of day: no clock to inject
        String eventId = members.asJoined(
                roomId,
                senderHandle,
                sender -> session.sendEvent(
                        roomId,
                        PartContent.eventType(part),
                        part.key().txnId(),
                        AppserviceSession.tsQuery(timestampMs),
                        sender,
                        members.owner().contentFrom(sender, content),
                        "send"));
        session.client().stats().send();
        session.client().stats().sendTook(java.time.Duration.ofNanos(System.nanoTime() - started));
        return eventId;
    }

    /**
     * Redacts an event as the bot (power level 100 in the rooms it creates), with an optional reason
     * (behaviour.md §BF6.6). The transaction ID is derived from the event ID, so a retry, or a second
     * redaction of the same event, does not create a second redaction. Returns the redaction's event ID.
     */
    @Override
    public String redact(String roomId, String eventId, String reason) throws MatrixException {
        session.checkOpen();
        String path = roomPath(roomId) + "/redact/" + MatrixClient.segment(eventId) + "/"
                + MatrixClient.segment(redactionTxnId(eventId));
        return AppserviceSession.requireText(
                session.client().putJson(path, Map.of(), session.bot(), withReason(Map.of(), reason)),
                "event_id",
                "redact");
    }

    /**
     * Moves the read receipt of {@code readerHandle}'s ghost to {@code eventId} (the remote side read up to
     * there), with the time it was read for servers that honour {@code com.beeper.read.extra}
     * (behaviour.md §BF6.6). A read by one of the owner's own handles moves the owner's own receipt when double
     * puppeting is on, and is skipped without it: the ghost of the owner's handle reading would only add a
     * member the owner does not need to see. Idempotent.
     */
    @Override
    public void markRead(String roomId, String readerHandle, String eventId, long readAtMs) throws MatrixException {
        session.checkOpen();
        if (members.owner().isOwnHandle(readerHandle) && !members.owner().puppeting()) {
            log.debug("read by the owner in {} not mirrored: double puppeting is off", roomId);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("m.read", eventId);
        if (readAtMs > 0) {
            body.put("com.beeper.read.extra", Map.of("ts", readAtMs));
        }
        members.asJoined(
                roomId,
                readerHandle,
                ghost -> session.client().postJson(roomPath(roomId) + "/read_markers", ghost, body));
    }

    @Override
    public boolean doublePuppeting() {
        return members.owner().puppeting();
    }

    @Override
    public void listAsDirect(String roomId, String counterpartHandle) {
        session.checkOpen();
        directChats.list(roomId, counterpartHandle);
    }

    /** See {@link BotRooms#deleteRoom}: the owner is kicked and the bot leaves. Idempotent. */
    @Override
    public void deleteRoom(String roomId, String reason) throws MatrixException {
        session.checkOpen();
        botRooms.deleteRoom(roomId, reason);
    }

    @Override
    public String uploadMedia(byte[] data, String mimeType, String filename) throws MatrixException {
        session.checkOpen();
        return media.upload(data, mimeType, filename);
    }

    /** Conduit keys send transactions by (user, device, txnId) only, so the ID must differ per target event. */
    private static String redactionTxnId(String eventId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_8));
            return "imb.redact." + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
