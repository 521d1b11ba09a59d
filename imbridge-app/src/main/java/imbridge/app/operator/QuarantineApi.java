package imbridge.app.operator;

import imbridge.core.port.EventQuarantine;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/quarantine[?limit=N]}: what the homeserver's transactions carried that the bridge could not use
 * (the transactions themselves were acknowledged), newest first, with the total. Read-only.
 */
final class QuarantineApi {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private final EventQuarantine quarantine;

    QuarantineApi(EventQuarantine quarantine) {
        this.quarantine = quarantine;
    }

    void list(Context ctx) {
        int limit = limit(ctx.queryParam("limit"));
        List<Map<String, Object>> entries =
                quarantine.newest(limit).stream().map(QuarantineApi::row).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", quarantine.count());
        body.put("entries", entries);
        OperatorJson.send(ctx, 200, body);
    }

    private static int limit(String param) {
        if (param == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(param.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new AdminApi.BadRequest("limit must be a number from 1 to " + MAX_LIMIT + ", got '" + param + "'");
    }

    private static Map<String, Object> row(EventQuarantine.Stored stored) {
        EventQuarantine.Entry e = stored.entry();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("txnId", e.txnId());
        row.put("section", e.section());
        row.put("position", e.position());
        row.put("eventId", e.eventId());
        row.put("reason", e.reason());
        row.put("receivedMs", stored.receivedMs());
        row.put("rawJson", e.rawJson());
        return row;
    }
}
