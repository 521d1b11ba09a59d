package imbridge.app.verify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads rooms and events through the homeserver double's inspection API (wire-contracts §2):
 * {@code GET /_double/rooms} and {@code GET /_double/rooms/{roomId}/events}. Only the double has this API.
 */
public final class DoubleInspectionReader implements DeliveredReader {
    private static final Logger log = LoggerFactory.getLogger(DoubleInspectionReader.class);
    private static final int PARALLEL_ROOMS = 8;
    private static final TypeReference<Map<String, Object>> CONTENT = new TypeReference<>() {
    };

    public static final String DEFAULT_OWNER = "@user:localhost";

    private final String base;
    private final HttpGet get;
    private final String owner;

    /** Reads memberships of the demo's user, {@value #DEFAULT_OWNER}. */
    public DoubleInspectionReader(String hsBaseUrl, HttpClient http) {
        this(hsBaseUrl, http, DEFAULT_OWNER);
    }

    /** @param ownerMxid the bridged user whose membership tells whether a room was deleted for them */
    public DoubleInspectionReader(String hsBaseUrl, HttpClient http, String ownerMxid) {
        this.base = HttpGet.trimSlash(hsBaseUrl);
        this.get = new HttpGet(http, Map.of());
        this.owner = Objects.requireNonNull(ownerMxid, "ownerMxid");
    }

    @Override
    public List<DeliveredRoom> read() {
        JsonNode rooms = getJson(URI.create(base + "/_double/rooms"));
        if (!rooms.isArray()) {
            throw new UncheckedIOException(new IOException(base + "/_double/rooms did not return a JSON array"));
        }
        List<JsonNode> listed = new ArrayList<>();
        rooms.forEach(listed::add);
        List<DeliveredRoom> result = BoundedParallel.map(listed, PARALLEL_ROOMS, this::room);
        log.debug("read {} rooms from the homeserver double at {}", result.size(), base);
        return result;
    }

    private DeliveredRoom room(JsonNode listing) {
        String roomId = listing.path("roomId").asText(null);
        if (roomId == null) {
            throw new UncheckedIOException(new IOException("room listing without roomId: " + listing));
        }
        JsonNode events = getJson(URI.create(base + "/_double/rooms/" + HttpGet.segment(roomId) + "/events"));
        List<DeliveredEvent> timeline = new ArrayList<>(events.size());
        events.forEach(e -> timeline.add(event(e)));
        JsonNode listedPortal = listing.get("bridgePortalId");
        String portalId = listedPortal == null || listedPortal.isNull()
                ? BridgeState.portalId(timeline) : listedPortal.asText();
        JsonNode membership = listing.path("members").get(owner);
        return new DeliveredRoom(roomId, portalId, timeline,
                membership == null || !membership.isTextual() ? null : membership.asText());
    }

    static DeliveredEvent event(JsonNode e) {
        JsonNode content = e.get("content");
        Map<String, Object> map = content != null && content.isObject()
                ? Json.MAPPER.convertValue(content, CONTENT) : Map.of();
        JsonNode stateKey = e.get("state_key");
        return new DeliveredEvent(e.path("event_id").asText(null), e.path("type").asText(""),
                e.path("sender").asText(null), e.path("origin_server_ts").asLong(),
                map, stateKey == null || stateKey.isNull() ? null : stateKey.asText());
    }

    private JsonNode getJson(URI uri) {
        try {
            return get.json(uri);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
