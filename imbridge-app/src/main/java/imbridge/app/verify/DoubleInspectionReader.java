package imbridge.app.verify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads rooms and events through the homeserver double's inspection API (wire-contracts.md §2):
 * {@code GET /_double/rooms} and {@code GET /_double/rooms/{roomId}/events?limit=&from=} page by page in timeline
 * order. Only the double has this API. A double that answers the paged request with the whole timeline as one
 * array (an older one) is read that way.
 */
public final class DoubleInspectionReader implements DeliveredReader {
    private static final Logger log = LoggerFactory.getLogger(DoubleInspectionReader.class);
    private static final TypeReference<Map<String, Object>> CONTENT = new TypeReference<>() {};

    public static final String DEFAULT_OWNER = "@user:localhost";
    public static final int DEFAULT_PAGE = 1000;

    private final String base;
    private final HttpGet get;
    private final String owner;
    private final int pageSize;

    /** Reads memberships of the demo's user, {@value #DEFAULT_OWNER}. */
    public DoubleInspectionReader(String hsBaseUrl, HttpClient http) {
        this(hsBaseUrl, http, DEFAULT_OWNER);
    }

    /** @param ownerMxid the bridged user whose membership tells whether a room was deleted for them */
    public DoubleInspectionReader(String hsBaseUrl, HttpClient http, String ownerMxid) {
        this(hsBaseUrl, http, ownerMxid, DEFAULT_PAGE);
    }

    /** @param pageSize events per inspection request */
    public DoubleInspectionReader(String hsBaseUrl, HttpClient http, String ownerMxid, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
        this.base = HttpGet.trimSlash(hsBaseUrl);
        this.get = new HttpGet(http, Map.of());
        this.owner = Objects.requireNonNull(ownerMxid, "ownerMxid");
        this.pageSize = pageSize;
    }

    @Override
    public List<RoomListing> rooms() {
        JsonNode rooms = getJson(URI.create(base + "/_double/rooms"));
        if (!rooms.isArray()) {
            throw new UncheckedIOException(new IOException(base + "/_double/rooms did not return a JSON array"));
        }
        List<RoomListing> result = new ArrayList<>(rooms.size());
        for (JsonNode listing : rooms) {
            result.add(listing(listing));
        }
        log.debug("listed {} rooms of the homeserver double at {}", result.size(), base);
        return result;
    }

    private RoomListing listing(JsonNode listing) {
        String roomId = listing.path("roomId").asText(null);
        if (roomId == null) {
            throw new UncheckedIOException(new IOException("room listing without roomId: " + listing));
        }
        JsonNode listedPortal = listing.get("bridgePortalId");
        String portalId = listedPortal == null || listedPortal.isNull() ? null : listedPortal.asText();
        JsonNode membership = listing.path("members").get(owner);
        JsonNode name = listing.get("name");
        RoomListing listed = new RoomListing(
                roomId,
                portalId,
                membership == null || !membership.isTextual() ? null : membership.asText(),
                name == null || !name.isTextual() ? null : name.asText());
        if (portalId != null) {
            return listed;
        }
        // the double lists only m.bridge; a room may carry the legacy uk.half-shot.bridge state alone
        List<DeliveredEvent> bridgeState = new ArrayList<>();
        events(listed, e -> {
            if (e.stateKey() != null
                    && (BridgeState.M_BRIDGE.equals(e.type()) || BridgeState.HALF_SHOT_BRIDGE.equals(e.type()))) {
                bridgeState.add(e);
            }
        });
        return new RoomListing(roomId, BridgeState.portalId(bridgeState), listed.ownerMembership(), listed.name());
    }

    @Override
    public void events(RoomListing room, Consumer<DeliveredEvent> sink) {
        String path = base + "/_double/rooms/" + HttpGet.segment(room.roomId()) + "/events?limit=" + pageSize;
        String from = null;
        do {
            JsonNode page = getJson(URI.create(from == null ? path : path + "&from=" + HttpGet.segment(from)));
            if (page.isArray()) { // an older double: the whole room at once
                page.forEach(e -> sink.accept(event(e)));
                return;
            }
            JsonNode chunk = page.get("chunk");
            if (chunk == null || !chunk.isArray()) {
                throw new UncheckedIOException(new IOException(path + " returned no chunk array"));
            }
            chunk.forEach(e -> sink.accept(event(e)));
            JsonNode next = page.get("next");
            String following = next == null || next.isNull() ? null : next.asText();
            if (following != null && following.equals(from)) {
                throw new UncheckedIOException(new IOException(path + " returned the same next token twice: " + from));
            }
            from = following;
        } while (from != null);
    }

    static DeliveredEvent event(JsonNode e) {
        JsonNode content = e.get("content");
        Map<String, Object> map =
                content != null && content.isObject() ? Json.MAPPER.convertValue(content, CONTENT) : Map.of();
        JsonNode stateKey = e.get("state_key");
        return new DeliveredEvent(
                e.path("event_id").asText(null),
                e.path("type").asText(""),
                e.path("sender").asText(null),
                e.path("origin_server_ts").asLong(),
                map,
                stateKey == null || stateKey.isNull() ? null : stateKey.asText());
    }

    private JsonNode getJson(URI uri) {
        try {
            return get.json(uri);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
