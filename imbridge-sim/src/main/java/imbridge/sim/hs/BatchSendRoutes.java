package imbridge.sim.hs;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Beeper batch send, served only when {@code com.beeper.batch_sending} is advertised (otherwise the path is
 * unknown: 404 {@code M_UNRECOGNIZED}, as on a homeserver without it).
 */
final class BatchSendRoutes {
    static final String PATH = "/_matrix/client/unstable/com.beeper.backfill/rooms/{roomId}/batch_send";

    private final Authenticator auth;
    private final RoomService rooms;

    BatchSendRoutes(Authenticator auth, RoomService rooms) {
        this.auth = auth;
        this.rooms = rooms;
    }

    void register(Javalin app) {
        app.post(PATH, this::batchSend);
    }

    private void batchSend(Context ctx) {
        Requester requester = auth.require(ctx);
        BatchSendRequest request = BatchSendRequest.parse(HttpSupport.jsonBody(ctx));
        HttpSupport.json(ctx, Map.of("event_ids", rooms.batchSend(requester, ctx.pathParam("roomId"), request)));
    }
}
