package imbridge.matrix;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a limit. Javalin's own check looks only at {@code Content-Length}, so a chunked body
 * of any size would be read whole into memory; this stops at the limit either way.
 */
final class BoundedBody {

    private BoundedBody() {}

    /** The body, at most {@code maxBytes} long; longer is 413 {@code M_TOO_LARGE}, unreadable 400. */
    static byte[] read(Context ctx, int maxBytes) throws BadRequestBody {
        if (ctx.req().getContentLengthLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return body;
        } catch (IOException e) {
            throw new BadRequestBody("M_NOT_JSON", "request body is unreadable");
        }
    }

    private static BadRequestBody tooLarge(int maxBytes) {
        return new BadRequestBody(413, "M_TOO_LARGE", "request body is larger than " + maxBytes + " bytes");
    }
}
