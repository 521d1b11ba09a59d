package imbridge.sim.cloudkit;

import io.javalin.http.Context;

/** Writes CloudKit error bodies: {@code {"serverErrorCode","reason","retryAfter"}}. */
final class ErrorResponses {

    private ErrorResponses() {}

    static void write(Context ctx, CloudKitException error) {
        write(ctx, error.code(), error.reason(), error.retryAfterSeconds());
    }

    static void write(Context ctx, ServerErrorCode code, String reason, Integer retryAfterSeconds) {
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("serverErrorCode", code.name());
            g.writeStringField("reason", reason);
            if (retryAfterSeconds != null) {
                g.writeNumberField("retryAfter", retryAfterSeconds);
            }
            g.writeEndObject();
        });
        ctx.status(code.httpStatus()).contentType("application/json").result(body);
    }
}
