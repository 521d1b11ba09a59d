package imbridge.sim.hs;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects {@link HsFaults} into Client-Server API calls, either <em>before</em> the request takes effect
 * (the endpoint never runs) or <em>after</em> it took effect (the endpoint ran and its answer is replaced by
 * an error or a dropped connection, as when a proxy or the network loses it). Tests can also script
 * one-shot faults with {@link #failNext}. Decisions are reproducible, see {@link HsFaults}.
 */
public final class FaultInjector {
    private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);
    private static final String AFTER_EFFECT = "imbridge.faultAfterEffect";
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** Room IDs are random; leaving them out of the decision key makes a run with the same requests reproducible. */
    private static final Pattern ROOM_SEGMENT = Pattern.compile("/rooms/[^/]+/");

    private static final byte[] PROXY_502 =
            "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
                    .getBytes(StandardCharsets.UTF_8);

    private final DoubleStats stats;
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Scripted> scripted = new ConcurrentLinkedDeque<>();
    private volatile HsFaults faults;

    FaultInjector(HsFaults faults, DoubleStats stats) {
        this.faults = Objects.requireNonNull(faults, "faults");
        this.stats = stats;
    }

    /** The random faults in force. */
    public HsFaults faults() {
        return faults;
    }

    /** Replaces the random faults (e.g. {@link HsFaults#none()} to stop them); scripted ones stay queued. */
    public void set(HsFaults newFaults) {
        this.faults = Objects.requireNonNull(newFaults, "faults");
    }

    /**
     * The next faultable request whose path contains {@code pathContains} gets {@code kind}, before or after it
     * takes effect. An after-effect fault waits for a matching request that succeeds (one refused by the server
     * took no effect to lose). Scripted faults are used in the order they were queued, on top of the random ones.
     */
    public void failNext(String pathContains, FaultKind kind, boolean afterEffect) {
        if (afterEffect && !kind.canHitAfterEffect()) {
            throw new IllegalArgumentException(kind + " cannot hit after the request took effect");
        }
        scripted.add(new Scripted(pathContains, kind, afterEffect));
    }

    void install(Javalin app) {
        app.before(this::before);
        app.after(this::after);
    }

    private void before(Context ctx) throws InterruptedException {
        if (!isFaultable(ctx.path())) {
            return;
        }
        Decision decision = decide(ctx);
        if (decision == null) {
            return;
        }
        if (decision.kind == FaultKind.SLOW) {
            stats.faultInjected("slow");
            Thread.sleep(faults.slowDelay());
            return;
        }
        if (decision.afterEffect) {
            ctx.attribute(AFTER_EFFECT, decision);
            return;
        }
        stats.faultInjected(label(decision));
        inflict(ctx, decision.kind);
        ctx.skipRemainingHandlers();
    }

    private void after(Context ctx) {
        Decision decision = ctx.attribute(AFTER_EFFECT);
        if (decision == null) {
            return;
        }
        // Only a request that succeeded took effect; an error answer is left as it is.
        if (ctx.statusCode() / 100 != 2) {
            if (decision.script != null) {
                scripted.addFirst(decision.script);
            }
            return;
        }
        stats.faultInjected(label(decision));
        inflict(ctx, decision.kind);
    }

    private Decision decide(Context ctx) {
        for (Scripted s : scripted) {
            if (ctx.path().contains(s.pathContains) && scripted.remove(s)) {
                return new Decision(s.kind, s.afterEffect, s);
            }
        }
        HsFaults current = faults;
        if (!current.enabled()) {
            return null;
        }
        String key = ctx.method() + " " + ROOM_SEGMENT.matcher(ctx.path()).replaceAll("/rooms/*/") + " "
                + Objects.toString(ctx.queryParam("user_id"), "");
        int occurrence = seen.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        long h = mix(current.seed() ^ fnv64(key) ^ (occurrence * GOLDEN));
        double u = (h >>> 11) * 0x1.0p-53;
        if (u >= current.rate()) {
            return null;
        }
        FaultKind[] kinds = current.kinds().stream().sorted().toArray(FaultKind[]::new);
        long h2 = mix(h);
        FaultKind kind = kinds[(int) Long.remainderUnsigned(h2, kinds.length)];
        boolean after = kind.canHitAfterEffect() && (mix(h2) & 1) == 1;
        return new Decision(kind, after, null);
    }

    private void inflict(Context ctx, FaultKind kind) {
        switch (kind) {
            case RATE_LIMIT ->
                HttpSupport.json(
                        ctx,
                        429,
                        Map.of(
                                "errcode",
                                "M_LIMIT_EXCEEDED",
                                "error",
                                "Too Many Requests",
                                "retry_after_ms",
                                faults.retryAfter().toMillis()));
            case BAD_GATEWAY -> ctx.status(502).contentType("text/html").result(PROXY_502);
            case UNAVAILABLE ->
                HttpSupport.json(ctx, 503, Map.of("errcode", "M_UNKNOWN", "error", "Service temporarily unavailable"));
            case DROP -> drop(ctx);
            case SLOW -> throw new IllegalStateException("SLOW is not inflicted as an answer");
        }
    }

    /** Closes the connection without writing anything: the client sees the connection end with no response. */
    private static void drop(Context ctx) {
        Request base = Request.getBaseRequest(ctx.req());
        if (base == null) {
            throw new IllegalStateException("not running on Jetty: cannot drop the connection");
        }
        // Closing the socket (rather than aborting the channel) lets Jetty treat the later write as a quiet EOF.
        base.getHttpChannel().getEndPoint().close();
        log.debug("dropped the connection of {} {}", ctx.method(), ctx.path());
    }

    /** Client-Server and media calls, except the AS ping (a single attempt by design) and the inspection API. */
    static boolean isFaultable(String path) {
        return (path.startsWith("/_matrix/client/") || path.startsWith("/_matrix/media/"))
                && !path.startsWith("/_matrix/client/v1/appservice/");
    }

    private static String label(Decision d) {
        String base = switch (d.kind) {
            case RATE_LIMIT -> "429";
            case BAD_GATEWAY -> "502";
            case UNAVAILABLE -> "503";
            case DROP -> "drop";
            case SLOW -> "slow";
        };
        return d.kind == FaultKind.RATE_LIMIT ? base : base + (d.afterEffect ? "-after" : "-before");
    }

    private static long fnv64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@code script}: the scripted fault this decision came from, null for a random one. */
    private record Decision(FaultKind kind, boolean afterEffect, Scripted script) {}

    private record Scripted(String pathContains, FaultKind kind, boolean afterEffect) {}
}
