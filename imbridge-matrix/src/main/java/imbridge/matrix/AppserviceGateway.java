package imbridge.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import imbridge.core.model.ContactCard;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import imbridge.core.port.BatchSender;
import imbridge.core.port.ContactBook;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import imbridge.core.util.Waiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * {@link MatrixGateway} over the Client-Server API as an appservice: the bot creates rooms and
 * invites, ghosts (one per remote handle) join and send with timestamp massaging; where the homeserver
 * advertises it, history goes in through Beeper batch send ({@link BatchSender}).
 * Call {@link #start()} (the handshake) before anything else.
 * <p>
 * Every request is retried by {@link MatrixClient} on transport errors and 429/502/503/504. Requests
 * that may have taken effect before a failed answer are safe to repeat: {@code /send} carries the part's
 * transaction ID, batch events carry deterministic event IDs, joins and leaves are idempotent, and a
 * {@code createRoom} is only repeated after checking that the failed attempt did not create the room.
 */
public final class AppserviceGateway implements MatrixGateway, BatchSender, imbridge.core.port.MatrixLiveActions, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppserviceGateway.class);
    private static final String CLIENT_V3 = "/_matrix/client/v3";
    private static final String BATCH_SEND = "/_matrix/client/unstable/com.beeper.backfill/rooms/";
    private static final int BOT_POWER_LEVEL = 100;
    /** State event marking the bot's DM with the owner as the bridge's management room. */
    static final String MANAGEMENT_STATE = "com.imbridge.management";
    static final String MANAGEMENT_ROOM_NAME = "iMessage bridge";

    private final MatrixConfig cfg;
    private final MatrixClient client;
    private final StartupHandshake handshake;
    private final GhostNames ghosts;
    private final String bot;
    private final String idServer;
    /** Ghosts registered (or found already registered) with their display name set, by MXID. */
    private final Set<String> readyGhosts = ConcurrentHashMap.newKeySet();
    /** {@code roomId + " " + ghost MXID} of memberships known to be joined. */
    private final Set<String> joined = ConcurrentHashMap.newKeySet();
    /** Portal rooms created or found in this run, by portal ID. */
    private final Map<String, String> roomsByPortal = new ConcurrentHashMap<>();
    private volatile HomeserverCapabilities capabilities;
    private volatile boolean closed;
    /** Names and photos of ghosts; {@link ContactBook#NONE} shows the raw handle (the CloudKit path). */
    private volatile ContactBook contacts = ContactBook.NONE;
    private final GhostAvatars avatars;

    public AppserviceGateway(MatrixConfig cfg, HttpClient http, Waiter waiter) {
        this.cfg = cfg;
        this.client = new MatrixClient(cfg, http, waiter);
        this.handshake = new StartupHandshake(cfg, client);
        this.ghosts = GhostNames.of(cfg);
        this.bot = cfg.botUserId();
        this.idServer = DeterministicEventIds.idServer(cfg.domain());
        this.avatars = new GhostAvatars(client, this::uploadMedia);
    }

    /**
     * The start-up handshake (bridge-framework §6.4): spec versions and feature flags, the bot
     * registered, {@code whoami} confirming the as_token acts as the bot, the AS ping where supported,
     * the media upload limit. Our appservice HTTP server must already be listening (for the ping).
     */
    public HomeserverCapabilities start() throws MatrixException {
        checkOpen();
        HomeserverCapabilities caps = handshake.run();
        capabilities = caps;
        return caps;
    }

    /** Counters of every request, retry (by cause), send and batch so far. */
    public MatrixStats.Snapshot stats() {
        return client.stats().snapshot();
    }

    /**
     * Asks the homeserver to ping our appservice API (bridge-framework §6.4 step 3) and returns the
     * round trip it measured. A single attempt: the endpoint answers 50x on purpose when it cannot
     * reach us, and the caller decides whether to try again.
     */
    public Duration pingAppservice(String transactionId) throws MatrixException {
        checkOpen();
        String path = "/_matrix/client/v1/appservice/" + MatrixClient.segment(cfg.appserviceId()) + "/ping";
        JsonNode answer = client.postJson(path, bot, Map.of("transaction_id", transactionId), 1);
        if (!answer.path("duration_ms").canConvertToLong()) {
            throw new MatrixException(MatrixErrors.BAD_RESPONSE, 200, "ping answer has no duration_ms", null);
        }
        return Duration.ofMillis(answer.path("duration_ms").asLong());
    }

    /** What {@link #start()} learned; null before it ran. */
    public HomeserverCapabilities capabilities() {
        return capabilities;
    }

    public GhostNames ghostNames() {
        return ghosts;
    }

    /**
     * Where ghosts get their display name and avatar from, for ghosts set up from now on (the person's address
     * book for a local Apple source). Without it a ghost shows its raw handle.
     */
    public void useContacts(ContactBook book) {
        this.contacts = book == null ? ContactBook.NONE : book;
    }

    /** Contact photos that could not be set as an avatar in this run (logged with reason AVATAR_NOT_SET). */
    public long avatarsNotSet() {
        return avatars.notSet();
    }

    @Override
    public String createRoom(RoomSpec spec) throws MatrixException {
        checkOpen();
        Set<String> memberGhosts = new LinkedHashSet<>();
        spec.memberHandles().forEach(h -> memberGhosts.add(ghosts.userId(h)));
        List<String> invite = new ArrayList<>();
        invite.add(cfg.ownerUserId());
        invite.addAll(memberGhosts);

        Map<String, Object> bridgeInfo = BridgeStateContent.content(bot, spec.portalId());
        String stateKey = BridgeStateContent.stateKey(spec.portalId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("visibility", "private");
        body.put("preset", "private_chat");
        body.put("is_direct", spec.kind() == PortalKind.DM);
        if (spec.name() != null && !spec.name().isBlank()) { // a group's name, or a DM's contact
            body.put("name", spec.name());
        }
        body.put("invite", invite);
        body.put("initial_state", List.of(
                stateEvent("m.bridge", stateKey, bridgeInfo),
                stateEvent("uk.half-shot.bridge", stateKey, bridgeInfo)));
        body.put("power_level_content_override", Map.of("users", Map.of(bot, BOT_POWER_LEVEL)));

        String roomId = requireText(client.postJson(CLIENT_V3 + "/createRoom", bot, body,
                () -> roomCreatedEarlier("m.bridge", stateKey,
                        state -> spec.portalId().equals(state.path("channel").path("id").asText()))),
                "room_id", "createRoom");
        roomsByPortal.put(spec.portalId(), roomId);
        log.info("Created room {} for portal {} ({}, {} ghosts)", roomId, spec.portalId(), spec.kind(),
                memberGhosts.size());
        for (String handle : spec.memberHandles()) {
            try {
                ensureJoined(roomId, handle);
            } catch (MatrixException e) {
                // The room exists now; failing here would make the caller create a second one.
                // send() joins the ghost again before its first message.
                log.warn("Ghost of {} could not join new room {} yet: {}", handle, roomId, e.getMessage());
            }
        }
        return roomId;
    }

    @Override
    public void ensureJoined(String roomId, String handle) throws MatrixException {
        checkOpen();
        String ghost = ghosts.userId(handle);
        String membership = membershipKey(roomId, ghost);
        if (joined.contains(membership)) {
            return;
        }
        ensureGhost(handle, ghost);
        String joinPath = CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId) + "/join";
        try {
            client.postJson(joinPath, ghost, Map.of());
        } catch (MatrixException e) {
            if (!"M_FORBIDDEN".equals(e.errcode())) {
                throw e;
            }
            // Not invited (e.g. a sender who was not a member when the room was created): bot invites, ghost joins.
            client.postJson(CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId) + "/invite", bot,
                    Map.of("user_id", ghost));
            client.postJson(joinPath, ghost, Map.of());
        }
        joined.add(membership);
    }

    @Override
    public String send(String roomId, String senderHandle, OutgoingPart part, long timestampMs)
            throws MatrixException {
        checkOpen();
        ensureJoined(roomId, senderHandle);
        Map<String, String> query = new LinkedHashMap<>();
        if (timestampMs > 0) {
            query.put("ts", Long.toString(timestampMs));
        }
        String ghost = ghosts.userId(senderHandle);
        String path = CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId) + "/send/"
                + PartContent.eventType(part) + "/" + MatrixClient.segment(part.key().txnId());
        Map<String, Object> content = PartContent.render(part);
        JsonNode answer;
        try {
            answer = client.putJson(path, query, ghost, content);
        } catch (MatrixException e) {
            if (!"M_FORBIDDEN".equals(e.errcode()) || !joined.remove(membershipKey(roomId, ghost))) {
                throw e;
            }
            // Our membership cache was stale (the ghost left or was kicked): join again and retry once.
            ensureJoined(roomId, senderHandle);
            answer = client.putJson(path, query, ghost, content);
        }
        String eventId = requireText(answer, "event_id", "send");
        client.stats().send();
        return eventId;
    }

    /** The bot accepts an invite (e.g. the owner opening a management room with it). Idempotent. */
    public void joinRoomAsBot(String roomId) throws MatrixException {
        checkOpen();
        client.postJson(CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId) + "/join", bot, Map.of());
    }

    /** The bot leaves a room or rejects an invite (e.g. a second management room). Idempotent. */
    public void leaveRoomAsBot(String roomId, String reason) throws MatrixException {
        checkOpen();
        client.postJson(CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId) + "/leave", bot,
                withReason(Map.of(), reason));
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
        checkOpen();
        String path = CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId) + "/send/m.room.message/"
                + MatrixClient.segment(txnId);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("msgtype", "m.notice");
        content.put("body", body);
        if (inReplyTo != null) {
            content.put("m.relates_to", Map.of("m.in_reply_to", Map.of("event_id", inReplyTo)));
        }
        return requireText(client.putJson(path, Map.of(), bot, content), "event_id", "send");
    }

    /**
     * Creates the management room: a private DM between the bot and the owner (invited), marked with
     * {@value #MANAGEMENT_STATE} state so a {@code createRoom} whose answer was lost is found instead of
     * repeated. Returns the room ID.
     */
    public String createManagementRoom() throws MatrixException {
        checkOpen();
        String owner = cfg.ownerUserId();
        String nonce = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("visibility", "private");
        body.put("preset", "private_chat");
        body.put("is_direct", true);
        body.put("name", MANAGEMENT_ROOM_NAME);
        body.put("topic", "Send \"help\" for the bridge's commands.");
        body.put("invite", List.of(owner));
        body.put("initial_state", List.of(stateEvent(MANAGEMENT_STATE, "", Map.of("owner", owner, "nonce", nonce))));
        String roomId = requireText(client.postJson(CLIENT_V3 + "/createRoom", bot, body,
                () -> roomCreatedEarlier(MANAGEMENT_STATE, "", state -> nonce.equals(state.path("nonce").asText()))),
                "room_id", "createRoom");
        log.info("Created management room {} with {}", roomId, owner);
        return roomId;
    }

    /** Whether the bot is joined to the room (as the homeserver sees it now). */
    public boolean isBotJoined(String roomId) throws MatrixException {
        checkOpen();
        for (JsonNode joinedRoom : client.get(CLIENT_V3 + "/joined_rooms", bot).path("joined_rooms")) {
            if (roomId.equals(joinedRoom.asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A user's current membership in a room the bot is joined to ({@code join}, {@code invite}, {@code leave},
     * {@code ban}, …), or {@code "none"} when the room has no member event for them.
     */
    public String membership(String roomId, String userId) throws MatrixException {
        checkOpen();
        return membershipIn(CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId), userId);
    }

    /**
     * Redacts an event as the bot (power level 100 in the rooms it creates), with an optional reason
     * (bridge-framework §6.6). The transaction ID is derived from the event ID, so a retry, or a second
     * redaction of the same event, does not create a second redaction. Returns the redaction's event ID.
     */
    @Override
    public String redact(String roomId, String eventId, String reason) throws MatrixException {
        checkOpen();
        String path = CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId) + "/redact/"
                + MatrixClient.segment(eventId) + "/" + MatrixClient.segment(redactionTxnId(eventId));
        return requireText(client.putJson(path, Map.of(), bot, withReason(Map.of(), reason)), "event_id", "redact");
    }

    /**
     * Moves the read receipt of {@code readerHandle}'s ghost to {@code eventId} (the remote side read up to
     * there), with the time it was read for servers that honour {@code com.beeper.read.extra}
     * (bridge-framework §6.6). Only the user's own double puppet could move the owner's read marker, and
     * imbridge has none, so the owner's reads on Apple devices are not mirrored. Idempotent.
     */
    @Override
    public void markRead(String roomId, String readerHandle, String eventId, long readAtMs) throws MatrixException {
        checkOpen();
        ensureJoined(roomId, readerHandle);
        String ghost = ghosts.userId(readerHandle);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("m.read", eventId);
        if (readAtMs > 0) {
            body.put("com.beeper.read.extra", Map.of("ts", readAtMs));
        }
        String path = CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId) + "/read_markers";
        try {
            client.postJson(path, ghost, body);
        } catch (MatrixException e) {
            if (!"M_FORBIDDEN".equals(e.errcode()) || !joined.remove(membershipKey(roomId, ghost))) {
                throw e;
            }
            ensureJoined(roomId, readerHandle);
            client.postJson(path, ghost, body);
        }
    }

    /**
     * An {@code m.replace} edit of {@code targetEventId} as the handle's ghost (a live edit of a message already
     * in the room). {@code txnId} identifies the edit, so a repeated one lands once.
     */
    @Override
    public String sendEdit(String roomId, String senderHandle, String targetEventId, String newBody, String txnId,
                           long timestampMs) throws MatrixException {
        checkOpen();
        ensureJoined(roomId, senderHandle);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("msgtype", "m.text");
        content.put("body", "* " + newBody);
        content.put("m.new_content", Map.of("msgtype", "m.text", "body", newBody));
        content.put("m.relates_to", Map.of("rel_type", "m.replace", "event_id", targetEventId));
        Map<String, String> query = timestampMs > 0 ? Map.of("ts", Long.toString(timestampMs)) : Map.of();
        String path = CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId) + "/send/m.room.message/"
                + MatrixClient.segment(txnId);
        return requireText(client.putJson(path, query, ghosts.userId(senderHandle), content), "event_id", "edit");
    }

    /** The bytes of an {@code mxc://server/id} file (the owner's outgoing media), via the authenticated endpoint. */
    public byte[] downloadMedia(String mxcUrl) throws MatrixException {
        checkOpen();
        if (mxcUrl == null || !mxcUrl.startsWith("mxc://") || mxcUrl.indexOf('/', 6) < 0) {
            throw new MatrixException("M_INVALID_PARAM", 400, "not an mxc:// URI: " + mxcUrl, null);
        }
        String rest = mxcUrl.substring(6);
        int slash = rest.indexOf('/');
        String path = "/_matrix/client/v1/media/download/" + MatrixClient.segment(rest.substring(0, slash)) + "/"
                + MatrixClient.segment(rest.substring(slash + 1));
        return client.getBytes(path, bot);
    }

    /** Renames a portal room (a group renamed on the Apple side), as the bot. */
    @Override
    public void setRoomName(String roomId, String name) throws MatrixException {
        checkOpen();
        client.putJson(CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId) + "/state/m.room.name", Map.of(), bot,
                Map.of("name", name));
    }

    @Override
    public boolean batchSendingSupported() {
        HomeserverCapabilities caps = capabilities;
        return caps != null && caps.batchSending();
    }

    @Override
    public int maxBatchItems() {
        return cfg.maxBatchEvents();
    }

    @Override
    public String eventIdFor(String roomId, imbridge.core.model.PartKey key) {
        return DeterministicEventIds.of(roomId, key, idServer);
    }

    /**
     * One Beeper {@code batch_send} request as the bot (bridge-framework §6.7). Senders' ghosts are
     * registered (with display names) but not joined. Returns the deterministic event IDs.
     */
    @Override
    public List<String> sendBatch(String roomId, List<BatchItem> items, boolean forward) throws MatrixException {
        checkOpen();
        if (!batchSendingSupported()) {
            throw new IllegalStateException("the homeserver does not advertise " + HomeserverCapabilities.BATCH_SENDING
                    + " (or start() has not run); send parts one by one instead");
        }
        if (items.size() > cfg.maxBatchEvents()) {
            throw new IllegalArgumentException("a batch holds at most " + cfg.maxBatchEvents() + " items, got "
                    + items.size());
        }
        if (items.isEmpty()) {
            return List.of();
        }
        List<String> eventIds = new ArrayList<>(items.size());
        List<Map<String, Object>> events = new ArrayList<>(items.size());
        for (BatchItem item : items) {
            String ghost = ghosts.userId(item.senderHandle());
            ensureGhost(item.senderHandle(), ghost);
            String eventId = DeterministicEventIds.of(roomId, item.part().key(), idServer);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", PartContent.eventType(item.part()));
            event.put("sender", ghost);
            event.put("origin_server_ts", item.timestampMs());
            event.put("event_id", eventId);
            event.put("room_id", roomId);
            event.put("content", PartContent.render(item.part()));
            events.add(event);
            eventIds.add(eventId);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("forward", forward);
        body.put("forward_if_no_messages", !forward);
        body.put("send_notification", false);
        body.put("events", events);
        JsonNode answer = client.postJson(BATCH_SEND + MatrixClient.segment(roomId) + "/batch_send", bot, body);
        JsonNode returned = answer.path("event_ids");
        if (!returned.isArray() || returned.size() != eventIds.size()) {
            throw new MatrixException(MatrixErrors.BAD_RESPONSE, 200, "batch_send answered " + returned.size()
                    + " event IDs for " + eventIds.size() + " events", null);
        }
        client.stats().batch(items.size());
        return eventIds;
    }

    /**
     * Kicks the owner (with the reason) and has the bot leave, so the room disappears for the user.
     * Ghosts stay: they are ours, invisible to the user once the owner is out, and kicking each one
     * would cost a request per member. Idempotent: a room already left (or one the homeserver no
     * longer knows) is success, and so is an owner who already left when the bot is still in.
     */
    @Override
    public void deleteRoom(String roomId, String reason) throws MatrixException {
        checkOpen();
        String roomPath = CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId);
        String owner = cfg.ownerUserId();
        try {
            client.postJson(roomPath + "/kick", bot, withReason(Map.of("user_id", owner), reason));
        } catch (MatrixException e) {
            if (!isRefusedOrUnknown(e)) {
                throw e;
            }
            if (!isBotJoined(roomId)) {
                log.info("Room {} was already deleted for {} (bot not in it)", roomId, owner);
                forgetRoom(roomId);
                return;
            }
            String ownerMembership = membershipIn(roomPath, owner);
            if (!"leave".equals(ownerMembership) && !"ban".equals(ownerMembership)) {
                throw e;
            }
        }
        try {
            client.postJson(roomPath + "/leave", bot, withReason(Map.of(), reason));
        } catch (MatrixException e) {
            if (!isRefusedOrUnknown(e) || isBotJoined(roomId)) {
                throw e;
            }
        }
        forgetRoom(roomId);
        log.info("Deleted room {} for {} ({})", roomId, owner, reason);
    }

    @Override
    public String uploadMedia(byte[] data, String mimeType, String filename) throws MatrixException {
        checkOpen();
        long limit = maxUploadBytes();
        if (data.length > limit) {
            throw new MatrixException("M_TOO_LARGE", 413,
                    "media of " + data.length + " bytes exceeds the homeserver's upload limit of " + limit, null);
        }
        Map<String, String> query = filename == null || filename.isEmpty() ? Map.of() : Map.of("filename", filename);
        String contentType = mimeType == null || mimeType.isBlank() ? "application/octet-stream" : mimeType;
        JsonNode answer = client.postBytes("/_matrix/media/v3/upload", query, bot, data, contentType);
        return requireText(answer, "content_uri", "upload");
    }

    @Override
    public void close() {
        closed = true;
        client.close();
    }

    /**
     * Before repeating a {@code createRoom} whose answer was lost: a room the bot is in, not known from this
     * run, whose {@code type}/{@code stateKey} state {@code matches} is the one the earlier attempt created
     * (null if there is none).
     */
    private JsonNode roomCreatedEarlier(String type, String stateKey, Predicate<JsonNode> matches)
            throws MatrixException {
        for (JsonNode joinedRoom : client.get(CLIENT_V3 + "/joined_rooms", bot).path("joined_rooms")) {
            String roomId = joinedRoom.asText();
            if (roomsByPortal.containsValue(roomId)) {
                continue;
            }
            try {
                JsonNode state = client.get(CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId)
                        + "/state/" + MatrixClient.segment(type) + "/" + MatrixClient.segment(stateKey), bot);
                if (matches.test(state)) {
                    log.info("createRoom had taken effect before its answer was lost: room {} ({})", roomId, type);
                    return JsonNodeFactory.instance.objectNode().put("room_id", roomId);
                }
            } catch (MatrixException e) {
                if (!isRefusedOrUnknown(e)) {
                    throw e;
                }
            }
        }
        return null;
    }

    private void ensureGhost(String handle, String ghost) throws MatrixException {
        if (readyGhosts.contains(ghost)) {
            return;
        }
        handshake.register(ghosts.localpart(handle));
        Optional<ContactCard> card = contacts.lookup(handle);
        String name = card.map(ContactCard::displayName).filter(n -> !n.isBlank()).orElse(handle);
        client.putJson(CLIENT_V3 + "/profile/" + MatrixClient.segment(ghost) + "/displayname", Map.of(), ghost,
                Map.of("displayname", name));
        if (card.isPresent() && card.get().hasPhoto()) {
            avatars.set(handle, ghost, card.get());
        }
        readyGhosts.add(ghost);
    }

    /** The user's current membership as the bot sees it; {@code "none"} when there is no member event. */
    private String membershipIn(String roomPath, String userId) throws MatrixException {
        try {
            return client.get(roomPath + "/state/m.room.member/" + MatrixClient.segment(userId), bot)
                    .path("membership").asText("none");
        } catch (MatrixException e) {
            if ("M_NOT_FOUND".equals(e.errcode())) {
                return "none";
            }
            throw e;
        }
    }

    /** Drops cached ghost memberships of a room we left, so nothing trusts them later. */
    private void forgetRoom(String roomId) {
        joined.removeIf(key -> key.startsWith(roomId + " "));
        roomsByPortal.values().removeIf(roomId::equals);
    }

    private static boolean isRefusedOrUnknown(MatrixException e) {
        return "M_FORBIDDEN".equals(e.errcode()) || "M_NOT_FOUND".equals(e.errcode());
    }

    private static Map<String, Object> withReason(Map<String, Object> body, String reason) {
        if (reason == null || reason.isBlank()) {
            return body;
        }
        Map<String, Object> out = new LinkedHashMap<>(body);
        out.put("reason", reason);
        return out;
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

    private static String membershipKey(String roomId, String ghost) {
        return roomId + " " + ghost;
    }

    private long maxUploadBytes() {
        HomeserverCapabilities caps = capabilities;
        return caps == null ? HomeserverCapabilities.DEFAULT_MAX_UPLOAD_BYTES : caps.maxUploadBytes();
    }

    private static Map<String, Object> stateEvent(String type, String stateKey, Map<String, Object> content) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("state_key", stateKey);
        event.put("content", content);
        return event;
    }

    private static String requireText(JsonNode answer, String field, String what) throws MatrixException {
        String value = answer.path(field).asText("");
        if (value.isEmpty()) {
            throw new MatrixException(MatrixErrors.BAD_RESPONSE, 200, what + " answer has no " + field, null);
        }
        return value;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("gateway is closed");
        }
    }
}
