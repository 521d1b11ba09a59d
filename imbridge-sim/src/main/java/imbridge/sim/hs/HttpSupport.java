package imbridge.sim.hs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Request/response plumbing shared by the route classes. */
final class HttpSupport {
    /** Bodies of JSON endpoints; events themselves are further limited to 64 KiB. */
    static final long MAX_JSON_BYTES = 10L * 1024 * 1024;

    private HttpSupport() {}

    static void json(Context ctx, Object body) {
        json(ctx, 200, body);
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    static void emptyObject(Context ctx) {
        json(ctx, Json.object());
    }

    static ObjectNode jsonBody(Context ctx) {
        return Json.parseObject(body(ctx, MAX_JSON_BYTES), false);
    }

    /** For endpoints whose body is optional (join, leave, invite reasons). */
    static ObjectNode jsonBodyOrEmpty(Context ctx) {
        return Json.parseObject(body(ctx, MAX_JSON_BYTES), true);
    }

    /** Reads at most {@code limit} bytes; a larger body is refused with 413 {@code M_TOO_LARGE}. */
    static byte[] body(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw MatrixException.tooLarge("Upload request body is too large");
        }
        int cap = (int) Math.min(limit + 1, Integer.MAX_VALUE - 8);
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(cap);
            if (bytes.length > limit) {
                throw MatrixException.tooLarge("Upload request body is too large");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read request body", e);
        }
    }

    /** {@code ts} is honoured only for appservice requests (timestamp massaging); others get "now". */
    static Long massagedTimestamp(Context ctx, Requester requester) {
        String raw = ctx.queryParam("ts");
        if (raw == null || !requester.appservice()) {
            return null;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("Query parameter \"ts\" must be an integer");
        }
    }

    /** Pagination tokens look like {@code s<position>}. */
    static Long streamToken(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.length() < 2 || raw.charAt(0) != 's') {
            throw MatrixException.invalidParam("Invalid " + name + " token: " + raw);
        }
        try {
            return Long.parseLong(raw.substring(1));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("Invalid " + name + " token: " + raw);
        }
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("Query parameter \"" + name + "\" must be an integer");
        }
        if (value < min) {
            throw MatrixException.invalidParam("Query parameter \"" + name + "\" must be at least " + min);
        }
        return Math.min(value, max);
    }
}
