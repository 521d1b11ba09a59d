package imbridge.sim.hs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** {@code /_double/...}: unauthenticated, loopback-only views for verifiers and tests. */
final class InspectionRoutes {
    static final int DEFAULT_PAGE = 1000;
    static final int MAX_PAGE = 10_000;
    private final RoomInspection rooms;
    private final MediaRepository media;
    private final DoubleStats stats;

    InspectionRoutes(RoomService rooms, MediaRepository media, DoubleStats stats) {
        this.rooms = rooms.inspection();
        this.media = media;
        this.stats = stats;
    }

    void register(Javalin app) {
        app.before("/_double/*", InspectionRoutes::requireLoopback);
        app.get("/_double/rooms", ctx -> HttpSupport.json(ctx, rooms.inspectRooms()));
        app.get("/_double/rooms/{roomId}/events", this::events);
        app.get(
                "/_double/rooms/{roomId}/receipts",
                ctx -> HttpSupport.json(ctx, rooms.inspectReceipts(ctx.pathParam("roomId"))));
        app.delete("/_double/rooms/{roomId}/events/{eventId}", ctx -> {
            rooms.deleteEvent(ctx.pathParam("roomId"), ctx.pathParam("eventId"));
            HttpSupport.emptyObject(ctx);
        });
        app.get("/_double/media/{serverName}/{mediaId}", this::mediaBytes);
        app.get("/_double/stats", ctx -> HttpSupport.json(ctx, stats.snapshot()));
    }

    /**
     * Without {@code limit}: the whole timeline as one array (what tests and small tools read), written event by
     * event so a large room is never one big buffer. With {@code limit} (and {@code from}, the previous page's
     * {@code next}): {@code {"chunk":[...],"next":"s<n>"|null}} in timeline order, so verifiers hold one page.
     */
    private void events(Context ctx) throws IOException {
        String roomId = ctx.pathParam("roomId");
        if (ctx.queryParam("limit") == null && ctx.queryParam("from") == null) {
            List<ObjectNode> events = rooms.inspectEvents(roomId);
            stream(ctx, g -> {
                g.writeStartArray();
                for (ObjectNode event : events) {
                    g.writeTree(event);
                }
                g.writeEndArray();
            });
            return;
        }
        int limit = HttpSupport.intParam(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        RoomInspection.InspectionPage page = rooms.inspectPage(roomId, HttpSupport.streamToken(ctx, "from"), limit);
        stream(ctx, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("chunk");
            for (Event event : page.chunk()) {
                g.writeTree(event.toInspectionJson());
            }
            g.writeEndArray();
            if (page.next() == null) {
                g.writeNullField("next");
            } else {
                g.writeStringField("next", "s" + page.next());
            }
            g.writeEndObject();
        });
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static void stream(Context ctx, Body body) throws IOException {
        ctx.status(200).contentType("application/json");
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(ctx.outputStream())) {
            body.write(g);
        }
    }

    private void mediaBytes(Context ctx) {
        MediaRepository.Media item = media.download(ctx.pathParam("serverName"), ctx.pathParam("mediaId"));
        ctx.status(200).contentType(item.contentType()).result(item.bytes());
    }

    private static void requireLoopback(Context ctx) {
        try {
            if (!InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress()) {
                throw MatrixException.forbidden("The inspection API is only served on loopback");
            }
        } catch (UnknownHostException e) {
            throw MatrixException.forbidden("The inspection API is only served on loopback");
        }
    }
}
