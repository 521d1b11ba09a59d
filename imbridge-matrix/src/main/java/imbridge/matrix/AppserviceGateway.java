package imbridge.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link MatrixGateway} over the Client-Server API as an appservice: the bot creates rooms and
 * invites, ghosts (one per remote handle) join and send with timestamp massaging.
 * Call {@link #start()} (the handshake) before anything else.
 */
public final class AppserviceGateway implements MatrixGateway, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppserviceGateway.class);
    private static final String CLIENT_V3 = "/_matrix/client/v3";
    private static final int BOT_POWER_LEVEL = 100;

    private final MatrixConfig cfg;
    private final MatrixClient client;
    private final GhostNames ghosts;
    private final String bot;
    /** Ghosts registered (or found already registered) with their display name set, by MXID. */
    private final Set<String> readyGhosts = ConcurrentHashMap.newKeySet();
    /** {@code roomId + " " + ghost MXID} of memberships known to be joined. */
    private final Set<String> joined = ConcurrentHashMap.newKeySet();
    private volatile HomeserverCapabilities capabilities;
    private volatile boolean closed;

    public AppserviceGateway(MatrixConfig cfg, HttpClient http, Sleeper sleeper) {
        this.cfg = cfg;
        this.client = new MatrixClient(cfg, http, sleeper);
        this.ghosts = GhostNames.of(cfg);
        this.bot = cfg.botUserId();
    }

    /**
     * The start-up handshake (bridge-framework §6.4): spec versions and feature flags, the bot
     * registered, {@code whoami} confirming the as_token acts as the bot, the media upload limit.
     */
    public HomeserverCapabilities start() throws MatrixException {
        JsonNode versions = fetchVersions();
        List<String> specVersions = new ArrayList<>();
        versions.path("versions").forEach(v -> specVersions.add(v.asText()));
        boolean batchSending = versions.path("unstable_features").path("com.beeper.batch_sending").asBoolean(false);
        HomeserverCapabilities caps = new HomeserverCapabilities(specVersions, batchSending,
                HomeserverCapabilities.DEFAULT_MAX_UPLOAD_BYTES);
        if (!caps.supportsAtLeast(1, 4)) {
            throw new MatrixException(MatrixErrors.UNSUPPORTED_HOMESERVER, 0,
                    "homeserver advertises " + specVersions + "; Matrix v1.4 or newer is required", null);
        }
        registerBot();
        String whoami = client.get(CLIENT_V3 + "/account/whoami", bot).path("user_id").asText("");
        if (!whoami.equals(bot)) {
            throw new MatrixException(MatrixErrors.BAD_RESPONSE, 200,
                    "whoami answered '" + whoami + "' instead of " + bot + "; check as_token and the registration",
                    null);
        }
        caps = new HomeserverCapabilities(specVersions, batchSending, fetchMaxUpload());
        capabilities = caps;
        log.info("Homeserver {}: spec versions {}, batch sending {}, max upload {} bytes, bot {}",
                cfg.homeserverUrl(), caps.specVersions(), caps.batchSending(), caps.maxUploadBytes(), bot);
        return caps;
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
        if (spec.kind() == PortalKind.GROUP && spec.name() != null && !spec.name().isBlank()) {
            body.put("name", spec.name());
        }
        body.put("invite", invite);
        body.put("initial_state", List.of(
                stateEvent("m.bridge", stateKey, bridgeInfo),
                stateEvent("uk.half-shot.bridge", stateKey, bridgeInfo)));
        body.put("power_level_content_override", Map.of("users", Map.of(bot, BOT_POWER_LEVEL)));

        String roomId = requireText(client.postJson(CLIENT_V3 + "/createRoom", bot, body), "room_id", "createRoom");
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
        String path = CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId) + "/send/m.room.message/"
                + MatrixClient.segment(part.key().txnId());
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
        return requireText(answer, "event_id", "send");
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
    }

    private JsonNode fetchVersions() throws MatrixException {
        try {
            return client.get("/_matrix/client/versions", null);
        } catch (MatrixException e) {
            if (!"M_FORBIDDEN".equals(e.errcode())) {
                throw e;
            }
            // Some homeservers check the token here and refuse an unregistered bot: register and ask again.
            registerBot();
            return client.get("/_matrix/client/versions", null);
        }
    }

    private void registerBot() throws MatrixException {
        register(cfg.botLocalpart());
    }

    /** Registers a namespaced user; one that already exists is fine. */
    private void register(String localpart) throws MatrixException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "m.login.application_service");
        body.put("username", localpart);
        body.put("inhibit_login", true);
        try {
            client.postJson(CLIENT_V3 + "/register", null, body);
        } catch (MatrixException e) {
            if (!"M_USER_IN_USE".equals(e.errcode())) {
                throw e;
            }
        }
    }

    private void ensureGhost(String handle, String ghost) throws MatrixException {
        if (readyGhosts.contains(ghost)) {
            return;
        }
        register(ghosts.localpart(handle));
        client.putJson(CLIENT_V3 + "/profile/" + MatrixClient.segment(ghost) + "/displayname", Map.of(), ghost,
                Map.of("displayname", handle));
        readyGhosts.add(ghost);
    }

    private static String membershipKey(String roomId, String ghost) {
        return roomId + " " + ghost;
    }

    private long maxUploadBytes() {
        HomeserverCapabilities caps = capabilities;
        return caps == null ? HomeserverCapabilities.DEFAULT_MAX_UPLOAD_BYTES : caps.maxUploadBytes();
    }

    private long fetchMaxUpload() {
        try {
            long size = client.get("/_matrix/client/v1/media/config", bot).path("m.upload.size").asLong(0);
            return size > 0 ? size : HomeserverCapabilities.DEFAULT_MAX_UPLOAD_BYTES;
        } catch (MatrixException e) {
            log.warn("Media config unavailable ({}); assuming an upload limit of {} bytes", e.getMessage(),
                    HomeserverCapabilities.DEFAULT_MAX_UPLOAD_BYTES);
            return HomeserverCapabilities.DEFAULT_MAX_UPLOAD_BYTES;
        }
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
