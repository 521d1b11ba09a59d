package imbridge.sim.cloudkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live push endpoints (wire-contracts.md §1, "Live stream"): {@code GET /live/v1/stream} (NDJSON, long-lived),
 * {@code POST /live/v1/ack} and {@code POST /live/v1/send}. Authentication is the CloudKit API's.
 */
final class LiveApi {

    static final String STREAM = "/live/v1/stream";
    static final String ACK = "/live/v1/ack";
    static final String SEND = "/live/v1/send";

    private static final Logger log = LoggerFactory.getLogger(LiveApi.class);

    private final LiveFeed feed;

    LiveApi(LiveFeed feed) {
        this.feed = feed;
    }

    /** Streams until the connection is replaced, dropped, or the client goes away (requests run on virtual threads). */
    void stream(Context ctx) throws IOException, InterruptedException {
        LiveFeed.Connection connection = feed.connect();
        ctx.res().setStatus(200);
        ctx.res().setContentType("application/x-ndjson");
        ctx.res().setHeader("Cache-Control", "no-store");
        OutputStream out = ctx.res().getOutputStream();
        try {
            out.flush(); // commits the headers at once: the client learns it is connected before any event
            for (byte[] line = feed.next(connection); line != null; line = feed.next(connection)) {
                out.write(line);
                out.flush();
            }
        } catch (IOException e) {
            log.info("live stream connection {} ended by the client: {}", connection.id(), e.toString());
        } finally {
            feed.disconnected(connection);
        }
    }

    void ack(Context ctx) {
        JsonNode body = Json.readObject(ctx.bodyAsBytes());
        JsonNode seq = body.get("seq");
        if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber()) {
            error(ctx, 400, "BAD_REQUEST", "seq must be an integer");
            return;
        }
        try {
            feed.ack(seq.asLong());
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "BAD_REQUEST", e.getMessage());
            return;
        }
        ctx.status(204);
    }

    void send(Context ctx) {
        JsonNode body;
        try {
            body = Json.readObject(ctx.bodyAsBytes());
        } catch (CloudKitException e) {
            error(ctx, 400, "BAD_REQUEST", e.reason());
            return;
        }
        String to = body.path("to").isTextual() ? body.get("to").asText().strip() : "";
        JsonNode text = body.get("text");
        JsonNode file = body.get("file");
        LiveFeed.Outgoing outgoing;
        if (to.isEmpty()) {
            error(ctx, 400, "BAD_REQUEST", "'to' (tel:…, mailto:… or gid:<uuid>) is required");
            return;
        }
        if (text != null && file == null && text.isTextual() && !text.asText().isBlank()) {
            outgoing = new LiveFeed.Outgoing(text.asText(), null, null, null);
        } else if (file != null && text == null && file.isObject()) {
            String filename = file.path("filename").asText("");
            String mime = file.path("mimeType").asText("");
            byte[] data;
            try {
                data = Base64.getDecoder().decode(file.path("dataBase64").asText(""));
            } catch (IllegalArgumentException e) {
                error(ctx, 400, "BAD_REQUEST", "file.dataBase64 is not base64: " + e.getMessage());
                return;
            }
            if (filename.isBlank() || mime.isBlank() || !file.path("dataBase64").isTextual()) {
                error(ctx, 400, "BAD_REQUEST", "file needs filename, mimeType and dataBase64");
                return;
            }
            outgoing = new LiveFeed.Outgoing(null, filename, mime, data);
        } else {
            error(ctx, 400, "BAD_REQUEST", "exactly one of a non-blank 'text' or a 'file' object is required");
            return;
        }
        String guid;
        try {
            guid = feed.send(to, outgoing);
        } catch (NoSuchElementException e) {
            error(ctx, 404, "NOT_FOUND", e.getMessage());
            return;
        }
        ctx.contentType("application/json").result(Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("guid", guid);
            g.writeEndObject();
        }));
    }

    private static void error(Context ctx, int status, String code, String reason) {
        ctx.status(status).contentType("application/json").result(Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("errorCode", code);
            g.writeStringField("reason", reason);
            g.writeEndObject();
        }));
    }
}
