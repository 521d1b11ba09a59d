package imbridge.matrix;

import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.lifecycle.Service;
import imbridge.core.port.EventQuarantine;
import imbridge.core.port.StoreUnavailableException;
import imbridge.core.port.TransactionLog;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.router.EndpointNotFound;
import io.javalin.router.JavalinDefaultRouting;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Application Service API the homeserver calls (behaviour.md §BF6.2): transactions, user and
 * room-alias queries, ping, and the {@code /_matrix/mau} health probes.
 * <p>
 * Transactions are handled one at a time, in arrival order, and acknowledged only after the handler
 * returned and the transaction was recorded in the {@link TransactionLog}. The handler only gets events
 * it has not seen: a replayed transaction (same txnId, same events) is acknowledged without calling it,
 * events already processed under another txnId are left out, and new events under a reused txnId (a
 * homeserver that restarted its counter) are handled normally. With a persistent log this holds across
 * restarts of either side.
 * <p>
 * A transaction is never refused for its content: only a missing or wrong token and a body that is not an object
 * with an {@code events} array get an error. Events the bridge cannot use are put in the {@link EventQuarantine}
 * with the reason (see {@link TransactionBody}) and the rest is handled, because a homeserver retries a refused
 * transaction forever and holds back everything after it.
 */
public final class AppserviceServer implements Service, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppserviceServer.class);

    /** Transactions carry up to a few hundred events; generous, but bounded (larger: 413 M_TOO_LARGE). */
    static final int MAX_REQUEST_BYTES = 64 * 1024 * 1024;
    /** Jetty's default, made explicit: a request line and headers larger than this get 431. */
    static final int MAX_HEADER_BYTES = 8 * 1024;

    private static final String APP_V1 = "/_matrix/app/v1";
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

    private final MatrixConfig cfg;
    private final TransactionHandler handler;
    private final TransactionDeduplicator dedup;
    private final EventQuarantine quarantine;
    private final GhostNames ghosts;
    private final ObjectMapper json = new ObjectMapper();
    private final byte[] hsTokenDigest;
    private final int maxBodyBytes;
    private final ReentrantLock transactionLock = new ReentrantLock(true);
    /** The last transaction could not be stored (the database refused writes). */
    private volatile boolean storeRefusing;

    private volatile Javalin app;
    private volatile boolean ready;
    /** Where transactions are counted by outcome; nowhere until {@link #recordTo} names a registry. */
    private volatile io.micrometer.core.instrument.MeterRegistry meters =
            new io.micrometer.core.instrument.composite.CompositeMeterRegistry();

    /** With an in-memory log: dedup does not survive a restart of the bridge (tests, tools). */
    public AppserviceServer(MatrixConfig cfg, TransactionHandler handler) {
        this(cfg, handler, new InMemoryTransactionLog());
    }

    /** With a persistent {@code log} (the store's), dedup survives restarts of either side. */
    public AppserviceServer(MatrixConfig cfg, TransactionHandler handler, TransactionLog log) {
        this(cfg, handler, log, new InMemoryEventQuarantine());
    }

    /** With a persistent {@code quarantine} (the store's), what could not be used stays listed across restarts. */
    public AppserviceServer(
            MatrixConfig cfg, TransactionHandler handler, TransactionLog log, EventQuarantine quarantine) {
        this(cfg, handler, log, quarantine, MAX_REQUEST_BYTES);
    }

    /** With a smaller body limit than {@link #MAX_REQUEST_BYTES}, so tests can cross it cheaply. */
    AppserviceServer(
            MatrixConfig cfg,
            TransactionHandler handler,
            TransactionLog log,
            EventQuarantine quarantine,
            int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.cfg = cfg;
        this.quarantine = quarantine;
        this.handler = handler;
        this.dedup = new TransactionDeduplicator(log, Clock.systemUTC(), TransactionDeduplicator.DEFAULT_RETENTION);
        this.ghosts = GhostNames.of(cfg);
        this.hsTokenDigest = sha256(cfg.hsToken());
    }

    @Override
    public String name() {
        return "appservice-server";
    }

    @Override
    public synchronized void start() {
        if (app != null) {
            throw new IllegalStateException("appservice server already started");
        }
        app = Javalin.create(config -> {
                    config.showJavalinBanner = false;
                    config.startupWatcherEnabled = false;
                    config.useVirtualThreads = true;
                    config.http.maxRequestSize = maxBodyBytes;
                    config.jetty.modifyHttpConfiguration(http -> {
                        http.setRequestHeaderSize(MAX_HEADER_BYTES);
                        http.setSendServerVersion(false);
                    });
                    config.jetty.defaultHost = cfg.listenHost();
                    config.jetty.defaultPort = cfg.listenPort();
                    config.router.mount(this::routes);
                })
                .start();
        ready = true;
        log.info("Appservice API listening on {}:{}", cfg.listenHost(), port());
    }

    public int port() {
        Javalin running = app;
        if (running == null) {
            throw new IllegalStateException("appservice server not started");
        }
        return running.port();
    }

    /** The URL the homeserver can reach us at: {@code publicUrl} if configured, else derived from the bound port. */
    public String url() {
        return cfg.publicUrl() != null
                ? cfg.publicUrl()
                : "http://" + MatrixConfig.reachableHost(cfg.listenHost()) + ":" + port();
    }

    /** Stops listening; requests in progress get Jetty's own stop timeout to finish. */
    @Override
    public synchronized void close() {
        ready = false;
        if (app != null) {
            app.stop();
            app = null;
        }
    }

    /**
     * Stops listening; requests in progress get up to {@code grace} to finish. A transaction cut short is not
     * acknowledged, so the homeserver sends it again to the next start.
     */
    @Override
    public synchronized void stop(Duration grace) {
        if (app != null) {
            app.jettyServer().server().setStopTimeout(grace.toMillis());
        }
        close();
    }

    private void routes(JavalinDefaultRouting r) {
        // Legacy unprefixed paths are what pre-r0.1 homeservers call; same handlers.
        for (String base : List.of(APP_V1, "")) {
            r.put(base + "/transactions/{txnId}", authenticated(this::transaction));
            r.get(base + "/users/{userId}", authenticated(this::userQuery));
            r.get(base + "/rooms/{alias}", authenticated(ctx -> error(ctx, 404, "M_NOT_FOUND", "no such room alias")));
        }
        r.post(APP_V1 + "/ping", authenticated(this::ping));
        r.get("/_matrix/mau/live", ctx -> ok(ctx));
        r.get("/_matrix/mau/ready", ctx -> {
            if (ready) {
                ok(ctx);
            } else {
                error(ctx, 500, "M_UNKNOWN", "not ready");
            }
        });
        // Only the homeserver learns which requests are not served: without its token, 401 like everything else.
        r.exception(EndpointNotFound.class, (e, ctx) -> {
            if (authorised(ctx)) {
                error(ctx, 404, "M_UNRECOGNIZED", "unrecognized request " + ctx.method() + " " + ctx.path());
            }
        });
    }

    /** Counts the transactions pushed by the homeserver, by outcome, in {@code registry} from now on. */
    public void recordTo(io.micrometer.core.instrument.MeterRegistry registry) {
        this.meters = registry;
    }

    private void count(String outcome) {
        meters.counter("imbridge.appservice.transactions", "outcome", outcome).increment();
    }

    private void transaction(Context ctx) throws Exception {
        String txnId = ctx.pathParam("txnId");
        TransactionBody body;
        try {
            body = TransactionBody.parse(json, txnId, BoundedBody.read(ctx, maxBodyBytes));
        } catch (BadRequestBody bad) {
            error(ctx, bad.status, bad.errcode, bad.getMessage());
            count("rejected");
            return;
        }
        try {
            quarantine(txnId, body.quarantined());
        } catch (StoreUnavailableException e) {
            storeUnavailable(ctx, txnId, e);
            return;
        } catch (RuntimeException e) {
            log.warn("Transaction {}: storing its unusable events failed; the homeserver will retry", txnId, e);
            error(ctx, 500, "M_UNKNOWN", "transaction handling failed");
            count("failed");
            return;
        }
        List<Map<String, Object>> events = body.events();
        if (events.stream().noneMatch(handler::wants)) {
            ok(ctx); // nothing in it for the bridge: no need to remember it
            count("ignored");
            return;
        }
        transactionLock.lock();
        try {
            TransactionDeduplicator.Verdict verdict = dedup.examine(txnId, events);
            if (verdict.replay()) {
                log.debug("Transaction {} already processed; acknowledging again", txnId);
                ok(ctx);
                count("replayed");
                return;
            }
            if (verdict.fresh().size() < events.size()) {
                log.info(
                        "Transaction {}: {} of {} events were already processed; handling the other {}",
                        txnId,
                        events.size() - verdict.fresh().size(),
                        events.size(),
                        verdict.fresh().size());
            }
            if (!verdict.fresh().isEmpty()) {
                try {
                    handler.onTransaction(txnId, verdict.fresh());
                } catch (StoreUnavailableException e) {
                    storeUnavailable(ctx, txnId, e);
                    return;
                } catch (Exception e) {
                    log.warn(
                            "Handling transaction {} ({} events) failed; the homeserver will retry",
                            txnId,
                            events.size(),
                            e);
                    error(ctx, 500, "M_UNKNOWN", "transaction handling failed");
                    count("failed");
                    return;
                }
            }
            try {
                dedup.markProcessed(txnId, verdict);
            } catch (StoreUnavailableException e) {
                // The events are in the durable inbox, which ignores a second copy of an event: the retry is safe.
                storeUnavailable(ctx, txnId, e);
                return;
            }
        } finally {
            transactionLock.unlock();
        }
        if (storeRefusing) {
            storeRefusing = false;
            log.info("Transaction {} stored: the database takes writes again", txnId);
        }
        ok(ctx);
        count("handled");
    }

    /**
     * A transaction the database could not store is never acknowledged: 503 makes the homeserver send it again
     * later. Told once per outage (the homeserver retries often), not once per retry.
     */
    private void storeUnavailable(Context ctx, String txnId, StoreUnavailableException e) {
        if (!storeRefusing) {
            storeRefusing = true;
            log.warn("Transaction {} not stored, answered 503 so the homeserver retries it: {}", txnId, e.getMessage());
        } else {
            log.debug("Transaction {} not stored (database still unavailable); answered 503", txnId);
        }
        error(ctx, 503, "M_UNKNOWN", "the bridge's database is unavailable; retry later");
        count("store_unavailable");
    }

    /** Stores what cannot be used; logs and counts only what was not stored before (a retry adds nothing). */
    private void quarantine(String txnId, List<EventQuarantine.Entry> unusable) {
        if (unusable.isEmpty()) {
            return;
        }
        for (EventQuarantine.Entry e : quarantine.add(unusable)) {
            log.info(
                    "Transaction {}: quarantined {}[{}]{} reason={}; the rest of the transaction is handled",
                    txnId,
                    e.section(),
                    e.position(),
                    e.eventId() == null ? "" : " " + e.eventId(),
                    e.reason());
            meters.counter("imbridge.appservice.events.quarantined", "reason", e.reason())
                    .increment();
        }
    }

    private void userQuery(Context ctx) {
        String userId = ctx.pathParam("userId");
        if (userId.equals(cfg.botUserId()) || ghosts.handle(userId).isPresent()) {
            ok(ctx);
        } else {
            error(ctx, 404, "M_NOT_FOUND", "user is not in this bridge's namespace");
        }
    }

    private void ping(Context ctx) {
        try {
            TransactionBody.readJson(json, BoundedBody.read(ctx, maxBodyBytes));
        } catch (BadRequestBody bad) {
            error(ctx, bad.status, bad.errcode, bad.getMessage());
            return;
        }
        ok(ctx);
    }

    private Handler authenticated(Handler inner) {
        return ctx -> {
            if (authorised(ctx)) {
                inner.handle(ctx);
            }
        };
    }

    /** Whether the request carries the homeserver's token; if not, answers 401 and returns false. */
    private boolean authorised(Context ctx) {
        String token = presentedToken(ctx);
        if (token == null) {
            error(ctx, 401, "M_MISSING_TOKEN", "missing homeserver token");
            return false;
        }
        if (!MessageDigest.isEqual(sha256(token), hsTokenDigest)) {
            error(ctx, 401, "M_UNKNOWN_TOKEN", "unknown homeserver token");
            return false;
        }
        return true;
    }

    /** The {@code Authorization: Bearer} header, or the legacy {@code access_token} query parameter. */
    private static String presentedToken(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return ctx.queryParam("access_token");
    }

    /** Comparing digests keeps the comparison constant-time even for tokens of different lengths. */
    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    private static void ok(Context ctx) {
        ctx.status(200).contentType("application/json").result(EMPTY_OBJECT);
    }

    private void error(Context ctx, int status, String errcode, String message) {
        ctx.status(status).contentType("application/json").result(MatrixJson.errorBody(json, errcode, message));
    }
}
