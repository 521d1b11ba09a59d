package imbridge.app.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads rooms through the standard Client-Server API only, so it works against any homeserver: the rooms the
 * bridge bot is joined to ({@code GET /joined_rooms}), each room's current state ({@code GET /rooms/{id}/state}:
 * the {@code m.bridge} portal ID, the owner's membership and the room name) and its timeline
 * ({@code GET /rooms/{id}/messages?dir=f}, paginated from the room's start, streamed page by page). The timeline
 * order is the order the server returns, never timestamps.
 *
 * <p>Rooms the bot has left (e.g. portals deleted on the Apple side) are not readable this way and are not
 * returned. An event the server repeats across adjacent pages (its stream positions moved while we paginated) is
 * kept once: a duplicate delivery has an event ID of its own. An event a homeserver serves with its latest edit
 * applied (before MSC3925) is read as it was sent ({@link ReplacedContent}).
 */
public final class ClientServerReader implements DeliveredReader {
    private static final Logger log = LoggerFactory.getLogger(ClientServerReader.class);
    private static final int PARALLEL_ROOMS = 4;
    public static final int DEFAULT_PAGE = 1000;
    private static final String MEMBER = "m.room.member";

    private final ClientServerHttp http;
    private final String owner;
    private final Predicate<String> portalFilter;
    private final int pageSize;
    private final ReplacedContent replacedContent;

    /**
     * @param http      acting as the bridge bot (its appservice token and MXID)
     * @param ownerMxid the bridged user, whose membership tells whether a deleted portal's room is gone for them
     */
    public ClientServerReader(ClientServerHttp http, String ownerMxid) {
        this(http, ownerMxid, portalId -> true, DEFAULT_PAGE);
    }

    /**
     * @param portalFilter which rooms to read the timeline of, by their {@code m.bridge} portal ID (null for
     *                     rooms without bridge state); the others are left out of the result
     * @param pageSize     events per {@code /messages} request (servers may cap it)
     */
    public ClientServerReader(ClientServerHttp http, String ownerMxid, Predicate<String> portalFilter, int pageSize) {
        this.http = Objects.requireNonNull(http, "http");
        this.owner = Objects.requireNonNull(ownerMxid, "ownerMxid");
        this.portalFilter = Objects.requireNonNull(portalFilter, "portalFilter");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
        this.pageSize = pageSize;
        this.replacedContent = new ReplacedContent(http);
    }

    @Override
    public List<RoomListing> rooms() {
        JsonNode joined = get("/_matrix/client/v3/joined_rooms", Map.of()).get("joined_rooms");
        if (joined == null || !joined.isArray()) {
            throw new UncheckedIOException(new IOException(
                    http.baseUrl() + "/_matrix/client/v3/joined_rooms did not return a joined_rooms array"));
        }
        List<String> roomIds = new ArrayList<>(joined.size());
        joined.forEach(id -> roomIds.add(id.asText()));
        List<RoomListing> rooms = new ArrayList<>(BoundedParallel.map(roomIds, PARALLEL_ROOMS, this::listing));
        rooms.removeIf(Objects::isNull);
        log.debug(
                "listed {} of {} joined rooms through the Client-Server API of {}",
                rooms.size(),
                roomIds.size(),
                http.baseUrl());
        return rooms;
    }

    /** The room from its current state, or null when the filter leaves it out. */
    private RoomListing listing(String roomId) {
        String roomPath = roomPath(roomId);
        JsonNode state = get(roomPath + "/state", Map.of());
        if (!state.isArray()) {
            throw new UncheckedIOException(new IOException(roomPath + "/state did not return an array of events"));
        }
        List<DeliveredEvent> stateEvents = new ArrayList<>(state.size());
        state.forEach(e -> stateEvents.add(DoubleInspectionReader.event(e)));
        String portalId = BridgeState.portalId(stateEvents);
        if (!portalFilter.test(portalId)) {
            return null;
        }
        return new RoomListing(roomId, portalId, ownerMembership(stateEvents), roomName(stateEvents));
    }

    private String ownerMembership(List<DeliveredEvent> state) {
        for (DeliveredEvent event : state) {
            if (MEMBER.equals(event.type())
                    && owner.equals(event.stateKey())
                    && event.content().get("membership") instanceof String membership) {
                return membership;
            }
        }
        return null;
    }

    private static String roomName(List<DeliveredEvent> state) {
        for (DeliveredEvent event : state) {
            if ("m.room.name".equals(event.type())
                    && "".equals(event.stateKey())
                    && event.content().get("name") instanceof String name) {
                return name;
            }
        }
        return null;
    }

    /**
     * Oldest to newest page by page ({@code dir=f} from the room's start), so the timeline streams in order. An
     * event the server repeats across pages is passed on once: the IDs of this page and the one before are kept, which
     * covers a repeat at a page boundary without holding every ID of a big room.
     */
    @Override
    public void events(RoomListing room, Consumer<DeliveredEvent> sink) {
        String roomPath = roomPath(room.roomId());
        Set<String> previousPage = Set.of();
        String from = null;
        while (true) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("dir", "f");
            query.put("limit", Integer.toString(pageSize));
            if (from != null) {
                query.put("from", from);
            }
            JsonNode page = get(roomPath + "/messages", query);
            JsonNode chunk = page.get("chunk");
            if (chunk == null || !chunk.isArray()) {
                throw new UncheckedIOException(new IOException(roomPath + "/messages returned no chunk array"));
            }
            Set<String> thisPage = new HashSet<>();
            for (JsonNode e : chunk) {
                DeliveredEvent event = DoubleInspectionReader.event(original(roomPath, e));
                String id = event.eventId();
                if (id == null || (!previousPage.contains(id) && thisPage.add(id))) {
                    sink.accept(event);
                }
            }
            JsonNode end = page.get("end");
            // No end token or an empty page: nothing newer remains. The same token again would loop forever.
            if (chunk.isEmpty() || end == null || end.isNull() || end.asText().equals(from)) {
                return;
            }
            previousPage = thisPage;
            from = end.asText();
        }
    }

    /** The event as sent, where the server served it with an edit applied ({@link ReplacedContent}). */
    private JsonNode original(String roomPath, JsonNode event) {
        try {
            return replacedContent.original(roomPath, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String roomPath(String roomId) {
        return "/_matrix/client/v3/rooms/" + HttpGet.segment(roomId);
    }

    private JsonNode get(String path, Map<String, String> query) {
        try {
            return http.json(path, query);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
