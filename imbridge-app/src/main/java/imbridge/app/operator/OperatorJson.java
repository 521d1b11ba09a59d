package imbridge.app.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Map;

/** JSON answers of the operator listener, written with the listener's own mapper (no global Javalin mapper). */
final class OperatorJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OperatorJson() {}

    static void send(Context ctx, int status, Object body) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the operator API's answer", e);
        }
        ctx.status(status)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .result(text);
    }

    static void error(Context ctx, int status, String message) {
        send(ctx, status, Map.of("error", message));
    }
}
