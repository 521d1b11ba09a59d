package imbridge.app.verify;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads rooms through the standard Client-Server API only, so it works against any homeserver: the rooms the
 * bridge bot is joined to ({@code GET /joined_rooms}), each room's current state ({@code GET /rooms/{id}/state}:
 * the {@code m.bridge} portal ID and the owner's membership) and its whole timeline
 * ({@code GET /rooms/{id}/messages?dir=b}, paginated back to the room's start, then reversed). The timeline
 * order is the order the server returns, never timestamps.
 *
 * <p>Rooms the bot has left (e.g. portals deleted on the Apple side) are not readable this way and are not
 * returned. An event the server repeats across pages (its stream positions moved while we paginated) is kept
 * once: a duplicate delivery has an event ID of its own.
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
    }

    @Override
    public List<DeliveredRoom> read() {
        JsonNode joined = get("/_matrix/client/v3/joined_rooms", Map.of()).get("joined_rooms");
        if (joined == null || !joined.isArray()) {
            throw new UncheckedIOException(new IOException(http.baseUrl()
                    + "/_matrix/client/v3/joined_rooms did not return a joined_rooms array"));
        }
        List<String> roomIds = new ArrayList<>(joined.size());
        joined.forEach(id -> roomIds.add(id.asText()));
        List<DeliveredRoom> rooms = new ArrayList<>(BoundedParallel.map(roomIds, PARALLEL_ROOMS, this::room));
        rooms.removeIf(Objects::isNull);
        log.debug("read {} of {} joined rooms through the Client-Server API of {}", rooms.size(), roomIds.size(),
                http.baseUrl());
        return rooms;
    }

    /** The room, or null when the filter leaves it out. */
    private DeliveredRoom room(String roomId) {
        String roomPath = "/_matrix/client/v3/rooms/" + HttpGet.segment(roomId);
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
        return new DeliveredRoom(roomId, portalId, timeline(roomPath), ownerMembership(stateEvents));
    }

    private String ownerMembership(List<DeliveredEvent> state) {
        for (DeliveredEvent event : state) {
            if (MEMBER.equals(event.type()) && owner.equals(event.stateKey())
                    && event.content().get("membership") instanceof String membership) {
                return membership;
            }
        }
        return null;
    }

    /** Newest to oldest page by page, then reversed into timeline order. */
    private List<DeliveredEvent> timeline(String roomPath) {
        List<DeliveredEvent> newestFirst = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String from = null;
        while (true) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("dir", "b");
            query.put("limit", Integer.toString(pageSize));
            if (from != null) {
                query.put("from", from);
            }
            JsonNode page = get(roomPath + "/messages", query);
            JsonNode chunk = page.get("chunk");
            if (chunk == null || !chunk.isArray()) {
                throw new UncheckedIOException(new IOException(roomPath + "/messages returned no chunk array"));
            }
            for (JsonNode e : chunk) {
                DeliveredEvent event = DoubleInspectionReader.event(e);
                if (event.eventId() == null || seen.add(event.eventId())) {
                    newestFirst.add(event);
                }
            }
            JsonNode end = page.get("end");
            // No end token: nothing older remains. The same token again would loop forever.
            if (end == null || end.isNull() || end.asText().equals(from)) {
                break;
            }
            from = end.asText();
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private JsonNode get(String path, Map<String, String> query) {
        try {
            return http.json(path, query);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
