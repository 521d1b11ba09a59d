package imbridge.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.port.MatrixException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every gateway class shares: the retrying {@link MatrixClient}, who the bot is, how handles map to ghosts,
 * what the start-up handshake learned about the homeserver, and whether the gateway was closed. Also the request
 * shapes several of them use (room paths, message sends, reasons, answers that must carry a field), so each is
 * written once.
 */
final class AppserviceSession {
    static final String CLIENT_V3 = "/_matrix/client/v3";

    private final MatrixConfig cfg;
    private final MatrixClient client;
    private final GhostNames ghosts;
    private final String bot;
    private volatile HomeserverCapabilities capabilities;
    private volatile boolean closed;

    AppserviceSession(MatrixConfig cfg, MatrixClient client) {
        this.cfg = cfg;
        this.client = client;
        this.ghosts = GhostNames.of(cfg);
        this.bot = cfg.botUserId();
    }

    MatrixConfig cfg() {
        return cfg;
    }

    MatrixClient client() {
        return client;
    }

    GhostNames ghosts() {
        return ghosts;
    }

    /** The bridge bot's MXID. */
    String bot() {
        return bot;
    }

    /** What the handshake learned; null before it ran. */
    HomeserverCapabilities capabilities() {
        return capabilities;
    }

    void capabilities(HomeserverCapabilities caps) {
        this.capabilities = caps;
    }

    /** The homeserver's media upload limit, or the spec's usual default before the handshake ran. */
    long maxUploadBytes() {
        HomeserverCapabilities caps = capabilities;
        return caps == null ? HomeserverCapabilities.DEFAULT_MAX_UPLOAD_BYTES : caps.maxUploadBytes();
    }

    /** Every public gateway call starts here: a closed gateway takes no more requests. */
    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("gateway is closed");
        }
    }

    void close() {
        closed = true;
        client.close();
    }

    /** {@code /_matrix/client/v3/rooms/{roomId}}, the room escaped. */
    static String roomPath(String roomId) {
        return CLIENT_V3 + "/rooms/" + MatrixClient.segment(roomId);
    }

    /**
     * {@code PUT /rooms/{roomId}/send/{type}/{txnId}} as {@code sender}: the transaction ID makes a retry land once.
     * {@code query} carries the timestamp massaging ({@code ts}) when there is one. Returns the event ID.
     */
    String sendEvent(
            String roomId,
            String type,
            String txnId,
            Map<String, String> query,
            String sender,
            Map<String, Object> content,
            String what)
            throws MatrixException {
        String path = roomPath(roomId) + "/send/" + type + "/" + MatrixClient.segment(txnId);
        return requireText(client.putJson(path, query, sender, content), "event_id", what);
    }

    /** The {@code ts} query of a timestamp-massaged send; none for an unknown time (0). */
    static Map<String, String> tsQuery(long timestampMs) {
        return timestampMs > 0 ? Map.of("ts", Long.toString(timestampMs)) : Map.of();
    }

    static Map<String, Object> withReason(Map<String, Object> body, String reason) {
        if (reason == null || reason.isBlank()) {
            return body;
        }
        Map<String, Object> out = new LinkedHashMap<>(body);
        out.put("reason", reason);
        return out;
    }

    /** Refused or unknown: what a room we are not (or no longer) in answers. */
    static boolean isRefusedOrUnknown(MatrixException e) {
        return "M_FORBIDDEN".equals(e.errcode()) || "M_NOT_FOUND".equals(e.errcode());
    }

    static String requireText(JsonNode answer, String field, String what) throws MatrixException {
        String value = answer.path(field).asText("");
        if (value.isEmpty()) {
            throw new MatrixRequestException(MatrixErrors.BAD_RESPONSE, 200, what + " answer has no " + field, null);
        }
        return value;
    }
}
