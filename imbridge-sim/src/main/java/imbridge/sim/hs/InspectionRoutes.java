package imbridge.sim.hs;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** {@code /_double/...}: unauthenticated, loopback-only views for verifiers and tests. */
final class InspectionRoutes {
    private final RoomService rooms;
    private final MediaRepository media;
    private final DoubleStats stats;

    InspectionRoutes(RoomService rooms, MediaRepository media, DoubleStats stats) {
        this.rooms = rooms;
        this.media = media;
        this.stats = stats;
    }

    void register(Javalin app) {
        app.before("/_double/*", InspectionRoutes::requireLoopback);
        app.get("/_double/rooms", ctx -> HttpSupport.json(ctx, rooms.inspectRooms()));
        app.get("/_double/rooms/{roomId}/events",
                ctx -> HttpSupport.json(ctx, rooms.inspectEvents(ctx.pathParam("roomId"))));
        app.get("/_double/rooms/{roomId}/receipts",
                ctx -> HttpSupport.json(ctx, rooms.inspectReceipts(ctx.pathParam("roomId"))));
        app.delete("/_double/rooms/{roomId}/events/{eventId}", ctx -> {
            rooms.deleteEvent(ctx.pathParam("roomId"), ctx.pathParam("eventId"));
            HttpSupport.emptyObject(ctx);
        });
        app.get("/_double/media/{serverName}/{mediaId}", this::mediaBytes);
        app.get("/_double/stats", ctx -> HttpSupport.json(ctx, stats.snapshot()));
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
