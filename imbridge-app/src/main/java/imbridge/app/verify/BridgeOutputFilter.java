package imbridge.app.verify;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link BridgeOutput} one event at a time, for a room read as a stream. Edits are remembered (target → latest body;
 * edits are few) and applied to their target when it passes after them; an edit that arrives after its target is
 * reported by {@link #edited()} so the caller can judge that target again with {@link #withEdits()}.
 */
final class BridgeOutputFilter {
    private final GhostResolver ghosts;
    private final boolean portalRoom;
    private final Map<String, String> editedBodies;

    /** @param portalRoom false for a room without bridge state, whose events all pass unchanged */
    BridgeOutputFilter(GhostResolver ghosts, boolean portalRoom) {
        this(ghosts, portalRoom, new HashMap<>());
    }

    private BridgeOutputFilter(GhostResolver ghosts, boolean portalRoom, Map<String, String> editedBodies) {
        this.ghosts = ghosts;
        this.portalRoom = portalRoom;
        this.editedBodies = editedBodies;
    }

    /** A second pass over the same room that already knows every edit of the first. */
    BridgeOutputFilter withEdits() {
        return new BridgeOutputFilter(ghosts, portalRoom, new HashMap<>(editedBodies));
    }

    /** Event ID → the body its latest edit (so far) gives it. */
    Map<String, String> edited() {
        return editedBodies;
    }

    /** The event as the room's bridged output shows it, or null when it is not part of that output. */
    DeliveredEvent apply(DeliveredEvent e) {
        if (!portalRoom || !e.isRoomMessage()) {
            return e;
        }
        boolean marked = PartMarker.present(e.content());
        if (e.content().isEmpty() || (!marked && !sentForTheBridge(e, ghosts))) {
            return null; // redacted, or written by a real user or the bot (a marked one is judged as a part)
        }
        if (e.content().get("m.relates_to") instanceof Map<?, ?> rel && "m.replace".equals(rel.get("rel_type"))) {
            if (rel.get("event_id") instanceof String target
                    && e.content().get("m.new_content") instanceof Map<?, ?> replacement
                    && replacement.get("body") instanceof String body) {
                editedBodies.put(target, body);
            }
            return null;
        }
        String body = e.eventId() == null ? null : editedBodies.get(e.eventId());
        if (body == null) {
            return e;
        }
        Map<String, Object> content = new LinkedHashMap<>(e.content());
        content.put("body", body);
        return new DeliveredEvent(e.eventId(), e.type(), e.sender(), e.originServerTs(), content, e.stateKey());
    }

    /**
     * An unmarked event the bridge sent: any ghost's, or an edit by the owner's account when it sends the owner's
     * parts (double puppeting). The owner's other unmarked messages are the owner writing from Matrix.
     */
    static boolean sentForTheBridge(DeliveredEvent e, GhostResolver ghosts) {
        if (e.sender() == null) {
            return false;
        }
        return ghosts.handleOf(e.sender()).isPresent()
                || (ghosts.isOwnerAccount(e.sender())
                        && e.content().get("m.relates_to") instanceof Map<?, ?> rel
                        && "m.replace".equals(rel.get("rel_type")));
    }
}
