package imbridge.sim.hs;

import imbridge.sim.SimTicker;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.eclipse.jetty.http.UriCompliance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Matrix homeserver double: a real HTTP server speaking enough of the Client-Server and Application Service
 * APIs for a bridge, enforcing what Synapse enforces (tokens, namespaces, membership, power levels,
 * transaction idempotency), pushing transactions to the appservice, and exposing {@code /_double/...}
 * for verifiers. All state is in memory.
 */
public final class HomeserverDouble implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HomeserverDouble.class);
    private static final String MATRIX_ERROR = "imbridge.matrixError";

    private final HsConfig config;
    private final UserDirectory users;
    private final Map<String, String> realUserTokens;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final TransactionPusher pusher;
    private final DoubleStats stats;
    private final FaultInjector faults;
    private final Authenticator auth;
    private final AppserviceScope scope;
    private final RoomService rooms;
    private final MediaRepository media;
    /** Times pings and accepted events; the JVM's timer ({@link SimTicker#SYSTEM}), so a demo can join the times. */
    private final SimTicker ticker = SimTicker.SYSTEM;

    private Javalin app;

    private HomeserverDouble(HsConfig config) {
        this.config = config;
        Clock clock = Clock.systemUTC();
        this.stats = new DoubleStats();
        this.users = new UserDirectory();
        this.scope = new AppserviceScope(config.registration(), config.serverName());
        users.register(scope.senderUserId());
        this.realUserTokens = new LinkedHashMap<>();
        for (String realUser : config.realUsers()) {
            UserDirectory.UserAccount account = users.register(realUser);
            if (account != null) {
                account.displayName(realUser.substring(1, realUser.indexOf(':')));
            }
            realUserTokens.put(realUser, users.issueToken(realUser));
        }
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hs-double-appservice-push");
            thread.setDaemon(true);
            return thread;
        });
        String url = config.registration().url();
        this.pusher = url == null
                ? null
                : new TransactionPusher(
                        url,
                        config.registration().hsToken(),
                        http,
                        scheduler,
                        stats,
                        config.compat().legacy());
        if (url == null) {
            log.info("appservice registration has no url: transactions will not be pushed");
        }
        Consumer<Event> sink = pusher == null ? event -> {} : pusher::enqueue;
        this.rooms = new RoomService(config.serverName(), users, scope, sink, stats, clock, config.compat());
        this.media = new MediaRepository(config.serverName(), config.maxUploadBytes(), clock);
        this.auth = new Authenticator(scope, users, realUserTokens.keySet());
        this.faults = new FaultInjector(config.faults(), stats);
        this.app = buildApp();
    }

    /** A fresh HTTP front end over the (kept) state: used at start and at every {@link #restart()}. */
    private Javalin buildApp() {
        Javalin javalin = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.router.ignoreTrailingSlashes = true;
            // Bodies are read and limited by HttpSupport; this only keeps Javalin's own readers out of the way.
            cfg.http.maxRequestSize = Math.max(config.maxUploadBytes(), HttpSupport.MAX_JSON_BYTES);
            // State keys such as "imessage://tel:+1555…" arrive percent-encoded with %2F; Synapse accepts them.
            cfg.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.LEGACY));
        });
        faults.install(javalin);
        new ClientRoutes(
                        auth,
                        users,
                        scope,
                        rooms,
                        new AppservicePinger(config.registration(), http, ticker),
                        config.unstableFeatures(),
                        config.serverName(),
                        config.compat())
                .register(javalin);
        new RoomRoutes(auth, rooms).register(javalin);
        if (config.batchSending()) {
            new BatchSendRoutes(auth, rooms).register(javalin);
        }
        new MediaRoutes(auth, media, !config.compat().legacy()).register(javalin);
        new InspectionRoutes(rooms, media, stats).register(javalin);
        installErrorHandling(javalin, stats, config.compat().legacy());
        return javalin;
    }

    /**
     * Starts timing the message events that sends and batch sends store (see {@link AcceptTimes}); call before the
     * traffic to be timed.
     *
     * @param keyOf the key of an event's content (a bridge's message marker), or null for events not counted
     */
    public AcceptTimes recordAcceptTimes(
            java.util.function.Function<com.fasterxml.jackson.databind.node.ObjectNode, String> keyOf) {
        AcceptTimes times = new AcceptTimes(keyOf, ticker);
        rooms.recordAcceptTimes(times);
        return times;
    }

    /** Starts the server on {@code cfg.bind():cfg.port()} (port 0 = ephemeral). */
    public static HomeserverDouble start(HsConfig cfg) {
        HomeserverDouble hs = new HomeserverDouble(cfg);
        try {
            hs.app.start(cfg.bind(), cfg.port());
        } catch (RuntimeException e) {
            hs.close();
            throw e;
        }
        log.info("homeserver double for {} listening on {}", cfg.serverName(), hs.baseUrl());
        return hs;
    }

    /**
     * A homeserver restart: the HTTP server stops (open connections are cut, clients see connection errors
     * until it is back) and starts again on the same port. Rooms, events, users, media and send-transaction
     * memory are kept, as a database would keep them; the appservice transaction counter starts again at 1
     * and un-acknowledged events are re-pushed first (see {@link TransactionPusher#restart()}).
     */
    public synchronized void restart() {
        int port = app.port();
        app.stop();
        if (pusher != null) {
            pusher.restart();
        }
        stats.restart();
        app = buildApp();
        app.start(config.bind(), port);
        log.info("homeserver double restarted on {}", baseUrl());
    }

    /** The counters of {@code GET /_double/stats} (sends, batches, faults injected, restarts, …). */
    public Map<String, Object> stats() {
        return stats.snapshot();
    }

    /** Random and scripted fault injection into Client-Server calls; changeable while running. */
    public FaultInjector faults() {
        return faults;
    }

    /** {@code http://<bind>:<port>}; a wildcard bind is reported as loopback. */
    public String baseUrl() {
        String host = config.bind();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    public synchronized int port() {
        return app.port();
    }

    public String serverName() {
        return config.serverName();
    }

    public HsConfig config() {
        return config;
    }

    /** The access token of a configured real user; tests use it to act as that user. */
    public String accessTokenOf(String realUserId) {
        String token = realUserTokens.get(realUserId);
        if (token == null) {
            throw new IllegalArgumentException(
                    realUserId + " is not a configured real user; configured: " + realUserTokens.keySet());
        }
        return token;
    }

    @Override
    public synchronized void close() {
        if (pusher != null) {
            pusher.close();
        }
        app.stop();
        scheduler.shutdownNow();
        http.shutdownNow();
    }

    /** @param legacy unknown endpoints answer 400 {@code M_UNRECOGNIZED}, as old Synapse did (404/405 otherwise) */
    private static void installErrorHandling(Javalin app, DoubleStats stats, boolean legacy) {
        app.exception(MatrixException.class, (e, ctx) -> respond(ctx, e, stats));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            String errcode = switch (status) {
                case 404, 405 -> "M_UNRECOGNIZED";
                case 413 -> "M_TOO_LARGE";
                default -> "M_UNKNOWN";
            };
            boolean unrecognized = status == 404 || status == 405;
            respond(
                    ctx,
                    new MatrixException(
                            unrecognized && legacy ? 400 : status,
                            errcode,
                            unrecognized ? "Unrecognized request" : e.getMessage()),
                    stats);
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.error("homeserver double failed on {} {}", ctx.method(), ctx.path(), e);
            respond(ctx, new MatrixException(500, "M_UNKNOWN", "Internal server error: " + e), stats);
        });
        app.error(404, ctx -> {
            if (ctx.attribute(MATRIX_ERROR) == null) {
                respond(ctx, new MatrixException(legacy ? 400 : 404, "M_UNRECOGNIZED", "Unrecognized request"), stats);
            }
        });
    }

    private static void respond(Context ctx, MatrixException e, DoubleStats stats) {
        ctx.attribute(MATRIX_ERROR, e.errcode());
        stats.rejected(e.errcode());
        HttpSupport.json(ctx, e.status(), e.body());
    }
}
