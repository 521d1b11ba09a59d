package imbridge.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixLiveActions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link MatrixLiveActions}: live edits as the sender's ghost (or the owner's account, double puppeting), room renames and notices as the bot. */
public final class LiveActionsGateway implements MatrixLiveActions {
    private static final Logger log = LoggerFactory.getLogger(LiveActionsGateway.class);

    private final AppserviceSession session;
    private final GhostMembers members;

    LiveActionsGateway(AppserviceSession session, GhostMembers members) {
        this.session = session;
        this.members = members;
    }

    /**
     * An {@code m.replace} edit of {@code targetEventId} as the handle's ghost (a live edit of a message already
     * in the room). {@code txnId} identifies the edit, so a repeated one lands once. The target's part marker goes
     * into {@code m.new_content} too: homeservers that apply edits server-side (Synapse before MSC3925) serve the
     * target with that content, and the marker must survive it.
     */
    @Override
    public String sendEdit(
            String roomId, String senderHandle, String targetEventId, String newBody, String txnId, long timestampMs)
            throws MatrixException {
        session.checkOpen();
        String ghost = members.ensureJoined(roomId, senderHandle);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("msgtype", "m.text");
        content.put("body", "* " + newBody);
        Map<String, Object> newContent = new LinkedHashMap<>();
        newContent.put("msgtype", "m.text");
        newContent.put("body", newBody);
        Object marker = markerOf(roomId, targetEventId);
        if (marker != null) {
            newContent.put(PartContent.MARKER, marker);
        }
        content.put("m.new_content", newContent);
        content.put("m.relates_to", Map.of("rel_type", "m.replace", "event_id", targetEventId));
        return session.sendEvent(
                roomId,
                "m.room.message",
                txnId,
                AppserviceSession.tsQuery(timestampMs),
                ghost,
                members.owner().contentFrom(ghost, content),
                "edit");
    }

    /** The {@code com.imbridge.part} marker of an event in the room, or null when it has none or cannot be read. */
    private Object markerOf(String roomId, String eventId) {
        try {
            JsonNode event = session.client()
                    .get(AppserviceSession.roomPath(roomId) + "/event/" + MatrixClient.segment(eventId), session.bot());
            JsonNode marker = event.path("content").get(PartContent.MARKER);
            return marker != null && marker.isObject() ? marker : null; // Jackson writes a JsonNode value as it is
        } catch (MatrixException e) {
            log.info("Part marker of {} not readable ({}); the edit goes without it", eventId, e.getMessage());
            return null;
        }
    }

    /** Renames a portal room (a group renamed on the Apple side), as the bot. */
    @Override
    public void setRoomName(String roomId, String name) throws MatrixException {
        session.checkOpen();
        session.client()
                .putJson(
                        AppserviceSession.roomPath(roomId) + "/state/m.room.name",
                        Map.of(),
                        session.bot(),
                        Map.of("name", name));
    }

    /**
     * The bot posts an {@code m.notice} (command answers in the management room). {@code txnId} makes a
     * retried or repeated answer land once, e.g. {@code "reply." + commandEventId}.
     */
    @Override
    public String sendBotNotice(String roomId, String txnId, String body) throws MatrixException {
        return sendBotNotice(roomId, txnId, body, null);
    }

    /** As {@link #sendBotNotice(String, String, String)}, as a reply to {@code inReplyTo} when not null. */
    public String sendBotNotice(String roomId, String txnId, String body, String inReplyTo) throws MatrixException {
        session.checkOpen();
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("msgtype", "m.notice");
        content.put("body", body);
        if (inReplyTo != null) {
            content.put("m.relates_to", Map.of("m.in_reply_to", Map.of("event_id", inReplyTo)));
        }
        return session.sendEvent(roomId, "m.room.message", txnId, Map.of(), session.bot(), content, "send");
    }
}
