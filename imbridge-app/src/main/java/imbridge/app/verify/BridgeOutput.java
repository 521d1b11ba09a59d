package imbridge.app.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of a portal room's timeline that is the bridge's output, as a reader in a Matrix client sees it:
 * unmarked messages of real users (the owner writing from Matrix) and of the bot are not bridged parts; a redacted
 * message (an unsent one) shows nothing; an {@code m.replace} edit is not a part of its own but changes the
 * body of the event it replaces (the latest edit wins).
 */
final class BridgeOutput {
    private BridgeOutput() {}

    static DeliveredRoom of(DeliveredRoom room, GhostResolver ghosts) {
        if (room.portalId() == null) {
            return room;
        }
        Map<String, String> editedBodies = new HashMap<>();
        List<DeliveredEvent> kept = new ArrayList<>(room.timeline().size());
        for (DeliveredEvent e : room.timeline()) {
            if (!e.isRoomMessage()) {
                kept.add(e);
                continue;
            }
            boolean marked = PartMarker.present(e.content());
            if (e.content().isEmpty() || (!marked && !BridgeOutputFilter.sentForTheBridge(e, ghosts))) {
                continue; // redacted, or written by a real user or the bot (a marked one is judged as a part)
            }
            if (e.content().get("m.relates_to") instanceof Map<?, ?> rel && "m.replace".equals(rel.get("rel_type"))) {
                if (rel.get("event_id") instanceof String target
                        && e.content().get("m.new_content") instanceof Map<?, ?> replacement
                        && replacement.get("body") instanceof String body) {
                    editedBodies.put(target, body);
                }
                continue;
            }
            kept.add(e);
        }
        if (editedBodies.isEmpty() && kept.size() == room.timeline().size()) {
            return room;
        }
        List<DeliveredEvent> out = new ArrayList<>(kept.size());
        for (DeliveredEvent e : kept) {
            String body = e.eventId() == null ? null : editedBodies.get(e.eventId());
            if (body == null) {
                out.add(e);
            } else {
                Map<String, Object> content = new LinkedHashMap<>(e.content());
                content.put("body", body);
                out.add(new DeliveredEvent(
                        e.eventId(), e.type(), e.sender(), e.originServerTs(), content, e.stateKey()));
            }
        }
        return new DeliveredRoom(room.roomId(), room.portalId(), out, room.ownerMembership());
    }
}
