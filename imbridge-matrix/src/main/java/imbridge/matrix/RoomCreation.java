package imbridge.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import imbridge.core.port.MatrixException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code createRoom} as the bot, for portal rooms and the management room. Each room carries state that identifies
 * it (the bridge info of its portal, or a nonce), so a request whose answer was lost is not repeated blindly: before
 * the retry, the bot's rooms are searched for the one the lost attempt created.
 * <p>
 * A DM room is always named (after its counterpart, by the DM name template), so no client names it after its
 * members, and the bot and the owner's own ghosts are listed as {@value #FUNCTIONAL_MEMBERS} service members, so a
 * client never counts them as the other side of the conversation.
 */
final class RoomCreation {
    private static final Logger log = LoggerFactory.getLogger(RoomCreation.class);
    private static final int BOT_POWER_LEVEL = 100;
    /** Element's state event naming members that are part of the service, not of the conversation. */
    static final String FUNCTIONAL_MEMBERS = "io.element.functional_members";

    private final AppserviceSession session;
    private final MatrixClient client;
    private final OwnerAccount owner;
    private final String dmRoomNameTemplate;
    /** A handle as its ghost shows it: the address book's name, else the formatted handle. */
    private final Function<String, String> shownName;
    /** Portal rooms created or found in this run, by portal ID. */
    private final Map<String, String> roomsByPortal = new ConcurrentHashMap<>();

    RoomCreation(
            AppserviceSession session,
            OwnerAccount owner,
            String dmRoomNameTemplate,
            Function<String, String> shownName) {
        this.session = session;
        this.client = session.client();
        this.owner = owner;
        this.dmRoomNameTemplate = dmRoomNameTemplate;
        this.shownName = shownName;
    }

    /** The portal room with the bridge state, the ghosts and the owner invited; returns the room ID. */
    String createPortalRoom(RoomSpec spec, List<String> memberGhosts) throws MatrixException {
        String bot = session.bot();
        List<String> invite = new ArrayList<>();
        invite.add(session.cfg().ownerUserId());
        invite.addAll(memberGhosts);

        Map<String, Object> bridgeInfo = BridgeStateContent.content(bot, spec.portalId());
        String stateKey = BridgeStateContent.stateKey(spec.portalId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("visibility", "private");
        body.put("preset", "private_chat");
        body.put("is_direct", spec.kind() == PortalKind.DM);
        String name = roomName(spec);
        if (name != null) {
            body.put("name", name);
        }
        body.put("invite", invite);
        body.put(
                "initial_state",
                List.of(
                        stateEvent("m.bridge", stateKey, bridgeInfo),
                        stateEvent("uk.half-shot.bridge", stateKey, bridgeInfo),
                        stateEvent(FUNCTIONAL_MEMBERS, "", Map.of("service_members", serviceMembers()))));
        body.put("power_level_content_override", Map.of("users", Map.of(bot, BOT_POWER_LEVEL)));

        String roomId = create(
                body,
                () -> roomCreatedEarlier(
                        "m.bridge",
                        stateKey,
                        state -> spec.portalId()
                                .equals(state.path("channel").path("id").asText())));
        roomsByPortal.put(spec.portalId(), roomId);
        return roomId;
    }

    /**
     * The management room: a private DM between the bot and the owner (invited), marked with
     * {@value AppserviceGateway#MANAGEMENT_STATE} state. Returns the room ID.
     */
    String createManagementRoom() throws MatrixException {
        String owner = session.cfg().ownerUserId();
        String nonce = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("visibility", "private");
        body.put("preset", "private_chat");
        body.put("is_direct", true);
        body.put("name", AppserviceGateway.MANAGEMENT_ROOM_NAME);
        body.put("topic", "Send \"help\" for the bridge's commands.");
        body.put("invite", List.of(owner));
        body.put(
                "initial_state",
                List.of(stateEvent(AppserviceGateway.MANAGEMENT_STATE, "", Map.of("owner", owner, "nonce", nonce))));
        String roomId = create(
                body,
                () -> roomCreatedEarlier(
                        AppserviceGateway.MANAGEMENT_STATE,
                        "",
                        state -> nonce.equals(state.path("nonce").asText())));
        log.info("Created management room {} with {}", roomId, owner);
        return roomId;
    }

    /**
     * A group's own name (null without one); a DM's by the template, after the contact's name or else the
     * counterpart's handle as people write it.
     */
    private String roomName(RoomSpec spec) {
        String given = spec.name() == null || spec.name().isBlank() ? null : spec.name();
        if (spec.kind() != PortalKind.DM || spec.memberHandles().isEmpty()) {
            return given;
        }
        String counterpart = spec.memberHandles().getFirst();
        return NameTemplate.render(
                dmRoomNameTemplate, counterpart, given != null ? given : shownName.apply(counterpart));
    }

    /** The bot, and the ghosts of the owner's own handles (which send the owner's messages without a puppet). */
    private List<String> serviceMembers() {
        List<String> members = new ArrayList<>();
        members.add(session.bot());
        owner.ownHandles().stream().sorted().map(session.ghosts()::userId).forEach(members::add);
        return members;
    }

    /** The room was left for good: it no longer counts as one of this run's rooms. */
    void forgetRoom(String roomId) {
        roomsByPortal.values().removeIf(roomId::equals);
    }

    private String create(Map<String, Object> body, RetryGuard alreadyCreated) throws MatrixException {
        return AppserviceSession.requireText(
                client.postJson(AppserviceSession.CLIENT_V3 + "/createRoom", session.bot(), body, alreadyCreated),
                "room_id",
                "createRoom");
    }

    /**
     * Before repeating a {@code createRoom} whose answer was lost: a room the bot is in, not known from this
     * run, whose {@code type}/{@code stateKey} state {@code matches} is the one the earlier attempt created
     * (null if there is none).
     */
    private JsonNode roomCreatedEarlier(String type, String stateKey, Predicate<JsonNode> matches)
            throws MatrixException {
        String bot = session.bot();
        for (JsonNode joinedRoom :
                client.get(AppserviceSession.CLIENT_V3 + "/joined_rooms", bot).path("joined_rooms")) {
            String roomId = joinedRoom.asText();
            if (roomsByPortal.containsValue(roomId)) {
                continue;
            }
            try {
                JsonNode state = client.get(
                        AppserviceSession.roomPath(roomId) + "/state/" + MatrixClient.segment(type) + "/"
                                + MatrixClient.segment(stateKey),
                        bot);
                if (matches.test(state)) {
                    log.info("createRoom had taken effect before its answer was lost: room {} ({})", roomId, type);
                    return JsonNodeFactory.instance.objectNode().put("room_id", roomId);
                }
            } catch (MatrixException e) {
                if (!AppserviceSession.isRefusedOrUnknown(e)) {
                    throw e;
                }
            }
        }
        return null;
    }

    private static Map<String, Object> stateEvent(String type, String stateKey, Map<String, Object> content) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("state_key", stateKey);
        event.put("content", content);
        return event;
    }
}
