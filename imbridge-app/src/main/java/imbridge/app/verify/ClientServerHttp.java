package imbridge.app.verify;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.util.Backoff;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Retry;
import imbridge.core.util.Waiter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Authenticated GETs against a homeserver's standard Client-Server API, acting as one appservice user
 * ({@code Authorization: Bearer <as_token>} plus {@code ?user_id=}). Reads are idempotent, so what a busy or
 * restarting homeserver answers — 429 (honouring {@code retry_after_ms}), 502, 503, 504 and dropped
 * connections — is retried with a growing pause; anything else non-2xx becomes an {@link IOException} that names
 * the URL (never the token) and quotes the error body.
 */
public final class ClientServerHttp {
    static final int DEFAULT_ATTEMPTS = 6;
    /** 200 ms, doubling, at most 10 s (the server's own hint is capped there too). */
    private static final Backoff PAUSES = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));

    private static final int ERROR_SNIPPET = 300;

    private final HttpClient http;
    private final String base;
    private final String accessToken;
    private final String userId;
    private final int attempts;
    private final Waiter waiter;

    /** @param userId the appservice user to act as ({@code ?user_id=}); null acts as the token's own user */
    public ClientServerHttp(HttpClient http, String baseUrl, String accessToken, String userId) {
        this(http, baseUrl, accessToken, userId, DEFAULT_ATTEMPTS);
    }

    ClientServerHttp(HttpClient http, String baseUrl, String accessToken, String userId, int attempts) {
        this(http, baseUrl, accessToken, userId, attempts, Waiter.real());
    }

    /** @param waiter the pauses between retries (tests pass one that records them instead of waiting) */
    ClientServerHttp(HttpClient http, String baseUrl, String accessToken, String userId, int attempts, Waiter waiter) {
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        this.http = Objects.requireNonNull(http, "http");
        this.base = HttpGet.trimSlash(Objects.requireNonNull(baseUrl, "baseUrl"));
        this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
        this.userId = userId;
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        this.attempts = attempts;
    }

    public String baseUrl() {
        return base;
    }

    /** @param path already percent-encoded, starting with {@code /_matrix/} */
    JsonNode json(String path, Map<String, String> query) throws IOException {
        try (InputStream in = stream(path, query)) {
            return Json.MAPPER.readTree(in);
        }
    }

    /** Opens the response body of a successful GET; the caller closes it. */
    InputStream stream(String path, Map<String, String> query) throws IOException {
        URI uri = uri(path, query);
        Retry retry = new Retry(PAUSES, attempts, waiter, new CancellationToken());
        while (true) {
            HttpResponse<InputStream> response;
            try {
                response = http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(HttpGet.TIMEOUT)
                                .GET()
                                .header("Authorization", "Bearer " + accessToken)
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + uri);
            } catch (IOException e) {
                if (!retry.failed()) {
                    throw new IOException("GET " + uri + " failed " + attempts + " times: " + e, e);
                }
                pause(retry, null, uri);
                continue;
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return response.body();
            }
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(ERROR_SNIPPET), StandardCharsets.UTF_8);
            }
            if (!retryable(status) || !retry.failed()) {
                throw new MatrixHttpException(uri, status, errcode(body), body);
            }
            pause(retry, status == 429 ? retryAfter(body) : null, uri);
        }
    }

    private static boolean retryable(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    /** Waits the server's hint when given, else the back-off step (both capped). */
    private static void pause(Retry retry, Duration serverHint, URI uri) throws InterruptedIOException {
        try {
            retry.pause(retry.delay(serverHint));
        } catch (CancelledException e) { // the real waiter's answer to an interrupt: nothing else cancels here
            throw new InterruptedIOException("interrupted while waiting to retry " + uri);
        }
    }

    private static Duration retryAfter(String body) {
        try {
            JsonNode ms = Json.MAPPER.readTree(body).get("retry_after_ms");
            return ms != null && ms.canConvertToLong() ? Duration.ofMillis(Math.max(0, ms.asLong())) : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    private static String errcode(String body) {
        try {
            JsonNode code = Json.MAPPER.readTree(body).get("errcode");
            return code != null && code.isTextual() ? code.asText() : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    private URI uri(String path, Map<String, String> query) {
        StringJoiner params = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> params.add(HttpGet.segment(k) + "=" + HttpGet.segment(v)));
        if (userId != null) {
            params.add("user_id=" + HttpGet.segment(userId));
        }
        return URI.create(base + path + params);
    }

    /** A homeserver's final non-2xx answer, with its Matrix {@code errcode} when the body had one. */
    static final class MatrixHttpException extends IOException {
        private static final long serialVersionUID = 1L;

        private final int status;
        private final String errcode;

        MatrixHttpException(URI uri, int status, String errcode, String body) {
            super("GET " + uri + " answered HTTP " + status + ": " + body);
            this.status = status;
            this.errcode = errcode;
        }

        int status() {
            return status;
        }

        String errcode() {
            return errcode;
        }
    }
}
