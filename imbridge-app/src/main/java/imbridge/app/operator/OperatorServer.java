package imbridge.app.operator;

import imbridge.app.config.OperatorConfig;
import imbridge.core.lifecycle.Service;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator listener on {@code metrics.listen}: {@code /metrics} (Prometheus text), the dashboard at {@code /}
 * (static files from the jar) and the admin API under {@code /api}. The page itself holds no data, so it is served
 * to anyone who reaches the listener; everything under {@code /api} requires the admin token when one is configured
 * (a {@code Bearer} header: 401 without one, 403 with a wrong one). {@code /metrics} stays open for scrapers.
 * No request needs a body of any size: larger than {@link #MAX_BODY_BYTES} is refused 413, headers larger than
 * {@link #MAX_HEADER_BYTES} 431 (docs/security.md).
 */
public final class OperatorServer implements Service {
    private static final Logger log = LoggerFactory.getLogger(OperatorServer.class);
    /** One of the dashboard's files, under {@code /operator/} in the jar. */
    private record Page(String resource, String contentType) {}

    private static final Map<String, Page> PAGES = Map.of(
            "/", new Page("index.html", "text/html; charset=utf-8"),
            "/dashboard.css", new Page("dashboard.css", "text/css; charset=utf-8"),
            "/dashboard.js", new Page("dashboard.js", "text/javascript; charset=utf-8"));
    /** No inline code, nothing from elsewhere: the page runs only its own files. */
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'none'";
    /** The admin API's requests carry no body worth more than this. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Jetty's default, made explicit. */
    static final int MAX_HEADER_BYTES = 8 * 1024;

    private final OperatorConfig config;
    private final AdminApi api;
    private final Supplier<String> metrics;
    private final byte[] tokenDigest;
    private final QuarantineApi quarantine;
    private volatile Javalin app;

    /** @param metrics the Prometheus exposition of the bridge's registry (called per scrape) */
    public OperatorServer(OperatorConfig config, OperatorSources sources, Supplier<String> metrics) {
        this(config, sources, metrics, null);
    }

    /** @param quarantine what appservice transactions carried that could not be used ({@code /api/quarantine}) */
    public OperatorServer(
            OperatorConfig config,
            OperatorSources sources,
            Supplier<String> metrics,
            imbridge.core.port.EventQuarantine quarantine) {
        this.quarantine = quarantine == null ? null : new QuarantineApi(quarantine);
        this.config = config;
        this.api = new AdminApi(sources, RecentProblems.installed());
        this.metrics = metrics;
        this.tokenDigest = config.tokenRequired() ? sha256(config.adminToken()) : null;
    }

    @Override
    public String name() {
        return "operator-listener";
    }

    @Override
    public synchronized void start() {
        if (app != null) {
            throw new IllegalStateException("operator listener already started");
        }
        app = Javalin.create(c -> {
                    c.showJavalinBanner = false;
                    c.startupWatcherEnabled = false;
                    c.useVirtualThreads = true;
                    c.http.maxRequestSize = MAX_BODY_BYTES;
                    c.jetty.modifyHttpConfiguration(http -> {
                        http.setRequestHeaderSize(MAX_HEADER_BYTES);
                        http.setSendServerVersion(false);
                    });
                    c.jetty.defaultHost = config.host();
                    c.jetty.defaultPort = config.port();
                    c.router.mount(this::routes);
                })
                .start();
        log.info(
                "Operator listener on http://{}:{}/ (dashboard, /api, /metrics){}",
                config.host(),
                port(),
                config.tokenRequired() ? "; /api requires the admin token" : "");
    }

    public int port() {
        Javalin running = app;
        if (running == null) {
            throw new IllegalStateException("operator listener not started");
        }
        return running.port();
    }

    @Override
    public synchronized void stop(Duration grace) {
        if (app != null) {
            app.jettyServer().server().setStopTimeout(grace.toMillis());
            app.stop();
            app = null;
        }
    }

    private void routes(JavalinDefaultRouting r) {
        r.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.get()));
        PAGES.forEach((path, page) -> r.get(path, ctx -> serve(ctx, page)));
        r.before("/api/*", this::authenticate);
        r.before(OperatorServer::refuseLargeBodies);
        api.routes(r);
        if (quarantine != null) {
            r.get("/api/quarantine", quarantine::list);
        }
    }

    private void authenticate(Context ctx) {
        if (tokenDigest == null) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            OperatorJson.error(ctx, 401, "this API requires the admin token (header 'Authorization: Bearer …')");
            ctx.skipRemainingHandlers();
        } else if (!MessageDigest.isEqual(
                tokenDigest, sha256(header.substring(7).strip()))) {
            OperatorJson.error(ctx, 403, "wrong admin token");
            ctx.skipRemainingHandlers();
        }
    }

    /** Declared too large: refused before any handler (which never reads a body) runs. */
    private static void refuseLargeBodies(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BODY_BYTES) {
            OperatorJson.error(ctx, 413, "request body is larger than " + MAX_BODY_BYTES + " bytes");
            ctx.skipRemainingHandlers();
        }
    }

    private static void serve(Context ctx, Page page) {
        try (InputStream in = OperatorServer.class.getResourceAsStream("/operator/" + page.resource())) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the dashboard file " + page.resource());
            }
            ctx.contentType(page.contentType())
                    .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Cache-Control", "no-cache")
                    .result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compared as digests, in constant time: the token's length and prefix leak nothing. */
    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
