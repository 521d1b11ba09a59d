package imbridge.sim.hs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers room events to the appservice as {@code PUT /_matrix/app/v1/transactions/{txnId}}, like Synapse's
 * appservice scheduler: events queue up in arrival order, at most {@value #MAX_EVENTS_PER_TXN} per transaction,
 * one transaction in flight at a time. A failed transaction is retried unchanged (same txnId, same events)
 * with capped exponential back-off, so nothing is dropped or reordered; callers never wait for the appservice.
 * <p>
 * {@link #restart()} models a homeserver restart that loses its transaction counter (Synapse on SQLite): numbering
 * starts again at 1, and events not yet acknowledged (including a transaction in flight, which the appservice
 * may well have processed) are pushed again first, under the new numbering.
 */
final class TransactionPusher implements AutoCloseable {
    static final int MAX_EVENTS_PER_TXN = 100;
    static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(TransactionPusher.class);

    private final String transactionsUrl;
    /** Old Synapse: the unprefixed path, the token as {@code ?access_token=} and no Authorization header. */
    private final boolean legacy;

    private final String hsToken;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final DoubleStats stats;

    private final Object lock = new Object();
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private List<Event> current;
    private long currentTxnId;
    private long nextTxnId = 1;
    private boolean busy;
    private long backoffMillis = INITIAL_BACKOFF.toMillis();
    private int failuresInARow;
    private boolean closed;
    /** Whether the appservice ever accepted a transaction: before that, a refused push is a bridge still starting. */
    private boolean everAccepted;
    /** Bumped by {@link #restart()}: answers and timers of an older generation are ignored. */
    private long generation;

    TransactionPusher(
            String appserviceUrl,
            String hsToken,
            HttpClient http,
            ScheduledExecutorService scheduler,
            DoubleStats stats,
            boolean legacy) {
        this.legacy = legacy;
        this.transactionsUrl =
                stripSlash(appserviceUrl) + (legacy ? "/transactions/" : "/_matrix/app/v1/transactions/");
        this.hsToken = hsToken;
        this.http = http;
        this.scheduler = scheduler;
        this.stats = stats;
    }

    /** Queues an event; returns at once. Called under the room's lock, so per-room order is preserved. */
    void enqueue(Event event) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            pending.addLast(event);
            if (!busy) {
                busy = true;
                long gen = generation;
                scheduler.execute(() -> sendNext(gen));
            }
        }
    }

    /** Forgets the transaction counter and anything in flight; un-acknowledged events are re-pushed from txnId 1. */
    void restart() {
        synchronized (lock) {
            generation++;
            nextTxnId = 1;
            if (current != null) {
                for (int i = current.size() - 1; i >= 0; i--) {
                    pending.addFirst(current.get(i));
                }
                current = null;
            }
            failuresInARow = 0;
            backoffMillis = INITIAL_BACKOFF.toMillis();
            busy = !pending.isEmpty() && !closed;
            if (busy) {
                long gen = generation;
                log.info(
                        "homeserver double restarted: re-pushing {} un-acknowledged events from transaction 1",
                        pending.size());
                scheduler.schedule(() -> sendNext(gen), INITIAL_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void sendNext(long gen) {
        byte[] body;
        long txnId;
        synchronized (lock) {
            if (closed || gen != generation) {
                return;
            }
            if (current == null) {
                if (pending.isEmpty()) {
                    busy = false;
                    return;
                }
                current = new ArrayList<>(Math.min(pending.size(), MAX_EVENTS_PER_TXN));
                while (!pending.isEmpty() && current.size() < MAX_EVENTS_PER_TXN) {
                    current.add(pending.pollFirst());
                }
                currentTxnId = nextTxnId++;
            }
            txnId = currentTxnId;
            body = transactionBody(current);
        }
        HttpRequest.Builder builder = legacy
                ? HttpRequest.newBuilder(URI.create(transactionsUrl + txnId + "?access_token="
                        + URLEncoder.encode(hsToken, StandardCharsets.UTF_8)))
                : HttpRequest.newBuilder(URI.create(transactionsUrl + txnId))
                        .header("Authorization", "Bearer " + hsToken);
        HttpRequest request = builder.timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                succeeded(gen, txnId);
            } else {
                failed(gen, txnId, error != null ? error.toString() : "HTTP " + response.statusCode());
            }
        });
    }

    private void succeeded(long gen, long txnId) {
        synchronized (lock) {
            if (gen != generation) {
                return;
            }
            if (failuresInARow > 0) {
                log.info("appservice accepted transaction {} after {} failed attempts", txnId, failuresInARow);
            }
            current = null;
            everAccepted = true;
            failuresInARow = 0;
            backoffMillis = INITIAL_BACKOFF.toMillis();
            stats.transactionPushed();
            if (closed) {
                return;
            }
        }
        scheduler.execute(() -> sendNext(gen));
    }

    private void failed(long gen, long txnId, String reason) {
        long delay;
        int attempt;
        boolean starting;
        synchronized (lock) {
            if (gen != generation) {
                return;
            }
            attempt = ++failuresInARow;
            starting = !everAccepted;
            delay = backoffMillis;
            backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            if (closed) {
                return;
            }
        }
        if (attempt == 1 && starting) { // the world starts before the bridge: expected, not worth a WARN
            log.info("appservice not answering yet ({}); retrying transaction {} with back-off", reason, txnId);
        } else if (attempt == 1) {
            log.warn("pushing transaction {} to the appservice failed ({}); retrying with back-off", txnId, reason);
        } else {
            log.debug("transaction {} attempt {} failed ({})", txnId, attempt, reason);
        }
        scheduler.schedule(() -> sendNext(gen), delay, TimeUnit.MILLISECONDS);
    }

    private static byte[] transactionBody(List<Event> events) {
        ObjectNode body = Json.object();
        ArrayNode array = body.putArray("events");
        for (Event event : events) {
            array.add(event.toClientJson());
        }
        return Json.write(body);
    }

    @Override
    public void close() {
        int undelivered;
        synchronized (lock) {
            closed = true;
            undelivered = pending.size() + (current == null ? 0 : current.size());
        }
        if (undelivered > 0) {
            log.warn("homeserver double closing with {} events not yet delivered to the appservice", undelivered);
        }
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
