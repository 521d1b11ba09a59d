package imbridge.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import imbridge.core.port.MatrixException;
import imbridge.core.util.Backoff;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Retry;
import imbridge.core.util.Waiter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-Server API calls as the appservice (behaviour.md §BF6.3, §BF6.9): {@code Authorization:
 * Bearer <as_token>} plus {@code ?user_id=} for the acting user. Transport errors, timeouts and HTTP
 * 429/502/503/504 are retried with capped exponential back-off that honours the server's
 * {@code Retry-After} (seconds or HTTP date) and {@code retry_after_ms}; every other error fails at
 * once. Retries are counted by cause in {@link #stats()}; their waits go through the {@link Waiter} and end at
 * once when the client is closed.
 */
public final class MatrixClient {
    private static final Logger log = LoggerFactory.getLogger(MatrixClient.class);
    private static final String USER_AGENT = "imbridge/0.1";
    private static final int MAX_LOGGED_BODY_CHARS = 200;

    private final MatrixConfig cfg;
    private final HttpClient http;
    private final Waiter waiter;
    private final Backoff backoff;
    private final Clock clock;
    /** Cancelled by {@link #close()}: ends every retry wait in progress and refuses new requests. */
    private final CancellationToken closing = new CancellationToken();

    private final MatrixStats stats = new MatrixStats();
    private final ObjectMapper json = new ObjectMapper();

    public MatrixClient(MatrixConfig cfg, HttpClient http, Waiter waiter) {
        this(cfg, http, waiter, Clock.systemUTC());
    }

    /** {@code clock} turns an HTTP-date {@code Retry-After} into a wait. */
    public MatrixClient(MatrixConfig cfg, HttpClient http, Waiter waiter, Clock clock) {
        this.cfg = cfg;
        this.http = http;
        this.waiter = waiter;
        this.clock = clock;
        this.backoff = new Backoff(cfg.initialBackoff(), cfg.maxBackoff());
    }

    /** Percent-encodes one path segment (room IDs, user IDs, transaction IDs). */
    public static String segment(String value) {
        return Urls.encode(value);
    }

    public JsonNode get(String path, String actingUser) throws MatrixException {
        return call("GET", path, Map.of(), actingUser, null, null, cfg.maxSendAttempts());
    }

    /** A raw GET (media downloads): the body's bytes on 2xx, else a MatrixException with the status. */
    public byte[] getBytes(String path, String actingUser) throws MatrixException {
        checkNotClosed("GET", path);
        Map<String, String> params = new LinkedHashMap<>();
        if (actingUser != null) {
            params.put("user_id", actingUser);
        }
        try {
            HttpResponse<byte[]> response = http.send(
                    buildRequest("GET", path + Urls.query(params), null, null),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 == 2) {
                return response.body();
            }
            ErrorBody error = parseError(response.body());
            throw new MatrixRequestException(
                    error.errcode, response.statusCode(), error.message + " [GET " + path + "]", null);
        } catch (IOException e) {
            throw new MatrixRequestException(MatrixErrors.TRANSPORT, 0, "GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            throw interrupted("GET " + path, e);
        }
    }

    public JsonNode postJson(String path, String actingUser, Object body) throws MatrixException {
        return postJson(path, actingUser, body, cfg.maxSendAttempts());
    }

    public JsonNode postJson(String path, String actingUser, Object body, int attempts) throws MatrixException {
        return call("POST", path, Map.of(), actingUser, toJson(body), "application/json", attempts);
    }

    public JsonNode putJson(String path, Map<String, String> query, String actingUser, Object body)
            throws MatrixException {
        return call("PUT", path, query, actingUser, toJson(body), "application/json", cfg.maxSendAttempts());
    }

    public JsonNode postBytes(
            String path, Map<String, String> query, String actingUser, byte[] body, String contentType)
            throws MatrixException {
        return call("POST", path, query, actingUser, body, contentType, cfg.maxSendAttempts());
    }

    /**
     * One request with up to {@code attempts} tries. {@code actingUser} null = no {@code user_id}
     * (the appservice's own sender). Returns the parsed 2xx body (an empty object if it had none).
     * The same bytes are sent on every try, so a {@code /send} retry carries the same transaction ID.
     */
    public JsonNode call(
            String method,
            String path,
            Map<String, String> query,
            String actingUser,
            byte[] body,
            String contentType,
            int attempts)
            throws MatrixException {
        return call(method, path, query, actingUser, body, contentType, attempts, null);
    }

    /**
     * As above; before every retry {@code guard} (if not null) may end the request with an answer of its
     * own, e.g. the room a {@code createRoom} that seemed to fail did create.
     */
    JsonNode call(
            String method,
            String path,
            Map<String, String> query,
            String actingUser,
            byte[] body,
            String contentType,
            int attempts,
            RetryGuard guard)
            throws MatrixException {
        Map<String, String> params = new LinkedHashMap<>(query);
        if (actingUser != null) {
            params.put("user_id", actingUser);
        }
        HttpRequest request = buildRequest(method, path + Urls.query(params), body, contentType);
        Retry retry = retries(backoff, attempts);
        while (true) {
            checkNotClosed(method, path);
            Duration hint;
            RetryCause cause;
            String failure;
            try {
                stats.request();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parseSuccess(method, path, response.body());
                }
                ErrorBody error = parseError(response.body());
                cause = RetryCause.ofStatus(status);
                if (cause == null || !retry.failed()) {
                    stats.error(error.errcode);
                    throw new MatrixRequestException(
                            error.errcode,
                            status,
                            error.message + " [" + method + " " + path + "]"
                                    + (cause == null ? "" : " after " + attempts + " attempts"),
                            null);
                }
                hint = RetryHints.of(response, error.errcode, error.retryAfterMs, clock);
                failure = "HTTP " + status + " " + error.errcode;
            } catch (IOException e) {
                if (!retry.failed()) {
                    stats.error(MatrixErrors.TRANSPORT);
                    throw new MatrixRequestException(
                            MatrixErrors.TRANSPORT,
                            0,
                            method + " " + path + " failed after " + attempts + " attempts: " + e,
                            e);
                }
                cause = RetryCause.ofTransport(e);
                hint = null;
                failure = e.toString();
            } catch (InterruptedException e) {
                throw interrupted(method + " " + path, e);
            }
            Duration delay = retry.delay(hint);
            stats.retry(cause, delay.toMillis());
            log.debug(
                    "{} {} failed ({}), attempt {}/{}; retrying in {} ms",
                    method,
                    path,
                    failure,
                    retry.failures(),
                    attempts,
                    delay.toMillis());
            pause(retry, delay, method + " " + path);
            if (guard != null) {
                JsonNode settled = guard.beforeRetry();
                if (settled != null) {
                    return settled;
                }
            }
        }
    }

    /** Retries of one operation of this client: waits through its waiter, ended by {@link #close()}. */
    Retry retries(Backoff retryBackoff, int attempts) {
        return new Retry(retryBackoff, attempts, waiter, closing);
    }

    /** Waits a retry's delay; a closed client or an interrupted thread ends it with the matching error. */
    void pause(Retry retry, Duration delay, String what) throws MatrixException {
        try {
            retry.pause(delay);
        } catch (CancelledException e) {
            if (closing.isCancelled()) {
                throw new MatrixRequestException(MatrixErrors.CANCELLED, 0, what + " cancelled: client closed", null);
            }
            throw interrupted(what, e); // the real waiter ends early only on close or interrupt
        }
    }

    JsonNode postJson(String path, String actingUser, Object body, RetryGuard guard) throws MatrixException {
        return call("POST", path, Map.of(), actingUser, toJson(body), "application/json", cfg.maxSendAttempts(), guard);
    }

    /** Counters of every request made through this client. */
    public MatrixStats stats() {
        return stats;
    }

    /** Stops retrying: requests waiting in their back-off fail at once with {@link MatrixErrors#CANCELLED}. */
    public void close() {
        closing.cancel();
    }

    private void checkNotClosed(String method, String path) throws MatrixException {
        if (closing.isCancelled()) {
            throw new MatrixRequestException(
                    MatrixErrors.CANCELLED, 0, method + " " + path + " cancelled: client closed", null);
        }
    }

    private HttpRequest buildRequest(String method, String pathAndQuery, byte[] body, String contentType) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(cfg.homeserverUrl() + pathAndQuery))
                .timeout(cfg.requestTimeout())
                .header("Authorization", "Bearer " + cfg.asToken())
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json");
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return builder.build();
    }

    private JsonNode parseSuccess(String method, String path, byte[] body) throws MatrixException {
        if (body == null || body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new MatrixRequestException(
                    MatrixErrors.BAD_RESPONSE, 200, method + " " + path + " answered with a body that is not JSON", e);
        }
    }

    private ErrorBody parseError(byte[] body) {
        try {
            JsonNode node = body == null || body.length == 0 ? null : json.readTree(body);
            if (node != null && node.isObject() && node.hasNonNull("errcode")) {
                JsonNode retry = node.get("retry_after_ms");
                return new ErrorBody(
                        node.get("errcode").asText(),
                        node.path("error").asText(""),
                        retry != null && retry.canConvertToLong() ? retry.asLong() : null);
            }
        } catch (IOException notJson) {
            // Proxies answer with HTML; the raw text below is the best description we have.
        }
        String text = body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return new ErrorBody(
                MatrixErrors.UNKNOWN,
                text.length() > MAX_LOGGED_BODY_CHARS ? text.substring(0, MAX_LOGGED_BODY_CHARS) + "…" : text,
                null);
    }

    private byte[] toJson(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body cannot be serialised to JSON", e);
        }
    }

    private static MatrixException interrupted(String what, Exception e) {
        Thread.currentThread().interrupt();
        return new MatrixRequestException(MatrixErrors.INTERRUPTED, 0, what + " interrupted", e);
    }

    private record ErrorBody(String errcode, String message, Long retryAfterMs) {}
}
