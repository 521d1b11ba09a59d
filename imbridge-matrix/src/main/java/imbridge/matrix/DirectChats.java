package imbridge.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.core.port.MatrixException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's {@code m.direct} account data, with double puppeting: a DM portal room is listed under its counterpart
 * ghost, so the owner's clients show it as a direct chat. The content is read, merged and written back as the owner
 * (masquerading), keeping every other entry the owner's clients put there; a room already listed is not written
 * again, so a restart adds nothing twice. Calls are serialised: two portals merged at once would lose one of them.
 * A failure is only logged (the room works without it) and the next call for that room tries again.
 */
final class DirectChats {
    private static final Logger log = LoggerFactory.getLogger(DirectChats.class);
    static final String TYPE = "m.direct";

    private final MatrixClient client;
    private final OwnerAccount owner;
    private final GhostNames ghosts;
    /** Rooms known to be listed in this run: later calls for them cost nothing. */
    private final Set<String> listed = ConcurrentHashMap.newKeySet();
    /** Rooms whose failure was already reported at WARN: a homeserver that keeps refusing is told once per room. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    DirectChats(MatrixClient client, OwnerAccount owner, GhostNames ghosts) {
        this.client = client;
        this.owner = owner;
        this.ghosts = ghosts;
    }

    /** Lists {@code roomId} as the owner's direct chat with the ghost of {@code counterpartHandle}. */
    void list(String roomId, String counterpartHandle) {
        if (!owner.puppeting() || owner.isOwnHandle(counterpartHandle) || listed.contains(roomId)) {
            return; // without the owner's account nobody may write it; a chat with oneself has no counterpart
        }
        synchronized (this) {
            try {
                merge(roomId, ghosts.userId(counterpartHandle));
                listed.add(roomId);
            } catch (MatrixException e) {
                if (warned.add(roomId)) {
                    log.warn(
                            "m.direct of {} not updated for room {} (tried again later): {}",
                            owner.userId(),
                            roomId,
                            e.getMessage());
                } else {
                    log.debug(
                            "m.direct of {} still not updated for room {}: {}", owner.userId(), roomId, e.getMessage());
                }
            }
        }
    }

    private void merge(String roomId, String counterpart) throws MatrixException {
        String path =
                AppserviceSession.CLIENT_V3 + "/user/" + MatrixClient.segment(owner.userId()) + "/account_data/" + TYPE;
        ObjectNode content = current(path);
        JsonNode existing = content.path(counterpart);
        ArrayNode rooms = JsonNodeFactory.instance.arrayNode();
        if (existing.isArray()) {
            for (JsonNode room : existing) {
                if (room.asText().equals(roomId)) {
                    return; // already there (an earlier run, or the owner's client)
                }
                rooms.add(room);
            }
        }
        rooms.add(roomId);
        content.set(counterpart, rooms);
        client.putJson(path, java.util.Map.of(), owner.userId(), content);
        log.info("m.direct of {}: room {} listed as the direct chat with {}", owner.userId(), roomId, counterpart);
    }

    /** The owner's {@code m.direct} content, empty when they have none yet. */
    private ObjectNode current(String path) throws MatrixException {
        try {
            JsonNode content = client.get(path, owner.userId());
            return content.isObject() ? ((ObjectNode) content).deepCopy() : JsonNodeFactory.instance.objectNode();
        } catch (MatrixException e) {
            if ("M_NOT_FOUND".equals(e.errcode())) {
                return JsonNodeFactory.instance.objectNode();
            }
            throw e;
        }
    }
}
