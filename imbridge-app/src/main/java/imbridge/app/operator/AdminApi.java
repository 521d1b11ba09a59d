package imbridge.app.operator;

import imbridge.app.commands.CommandResult;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API: the management room's commands for scripts, answered in JSON by the same handlers
 * ({@link imbridge.app.commands.BridgeCommands}). A command's outcome maps to the status code a script can act on:
 * done 200 (202 when the work goes on in the background), unknown portal 404, refused in the bridge's current
 * state 409, not available yet 503.
 */
final class AdminApi {
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    /** Outcomes of background work (a sync, an attachment retry) kept for the page and for scripts. */
    static final int OUTCOMES_KEPT = 20;

    private final OperatorSources sources;
    private final RecentProblems problems;
    private final Deque<Map<String, Object>> outcomes = new ArrayDeque<>();

    AdminApi(OperatorSources sources, RecentProblems problems) {
        this.sources = sources;
        this.problems = problems;
    }

    void routes(JavalinDefaultRouting r) {
        r.get("/api/status", ctx -> OperatorJson.send(ctx, 200, status()));
        r.get("/api/portals", ctx -> OperatorJson.send(ctx, 200, StatusDocument.portals(sources)));
        r.post("/api/sync", ctx -> answer(ctx, sources.commands().sync(finished("sync")), 202));
        r.post(
                "/api/portals/{portal}/backfill",
                ctx -> answer(ctx, sources.commands().backfill(portal(ctx)), 200));
        r.post(
                "/api/attachments/retry",
                ctx -> answer(ctx, sources.commands().retryAttachments(finished("retry-attachments")), 202));
        r.get("/api/chats/deleted", ctx -> answer(ctx, sources.commands().restorableChats(), 200));
        r.post(
                "/api/chats/{portal}/restore",
                ctx -> answer(ctx, sources.commands().restoreChat(portal(ctx)), 200));
        r.exception(BadRequest.class, (e, ctx) -> OperatorJson.error(ctx, 400, e.getMessage()));
    }

    private Map<String, Object> status() {
        Map<String, Object> doc = StatusDocument.of(sources, problems);
        doc.put("outcomes", outcomes());
        return doc;
    }

    private static String portal(Context ctx) {
        String portal = ctx.pathParam("portal").strip();
        if (portal.isEmpty()) {
            throw new BadRequest("name a portal: its ID (tel:+15551234567, mailto:…, gid:…) or its room ID");
        }
        return portal;
    }

    private static void answer(Context ctx, CommandResult result, int doneStatus) {
        int code = switch (result.kind()) {
            case DONE -> doneStatus;
            case NOT_FOUND -> 404;
            case REFUSED -> 409;
            case NOT_AVAILABLE -> 503;
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", result.kind().name().toLowerCase(Locale.ROOT));
        body.put("message", result.message());
        OperatorJson.send(ctx, code, body);
    }

    /** Where background work reports how it ended: the log, and the outcomes the status shows. */
    private Consumer<String> finished(String action) {
        return message -> {
            log.info("admin API {} finished: {}", action, message);
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put("action", action);
            outcome.put("timeMs", sources.clock().millis());
            outcome.put("message", message);
            synchronized (outcomes) {
                if (outcomes.size() == OUTCOMES_KEPT) {
                    outcomes.removeFirst();
                }
                outcomes.addLast(outcome);
            }
        };
    }

    private List<Map<String, Object>> outcomes() {
        synchronized (outcomes) {
            return new ArrayList<>(outcomes).reversed();
        }
    }

    /** A request the API cannot act on as sent (answered 400 with the message). */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
