package imbridge.cloudkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.port.CloudSourceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link CloudKitTransport} over the JDK {@link HttpClient}: one request per call, never retried. */
public final class HttpCloudKitTransport implements CloudKitTransport {
    private static final Logger log = LoggerFactory.getLogger(HttpCloudKitTransport.class);
    private static final int ERROR_SNIPPET_BYTES = 512;
    /**
     * The largest answer read: a full page of records at the text limit stays far below it, while a body that
     * never ends (or a proxy's runaway page) is cut off instead of filling the heap.
     */
    static final long MAX_ANSWER_BYTES = 128L * 1024 * 1024;

    private final CloudKitConfig config;
    private final HttpClient http;
    private final ObjectMapper json;
    private final ErrorResponses errors;
    private final String databaseOrigin;

    public HttpCloudKitTransport(CloudKitConfig config, HttpClient http, ObjectMapper json) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
        this.json = Objects.requireNonNull(json, "json");
        this.errors = new ErrorResponses(json, Clock.systemUTC());
        this.databaseOrigin = origin(URI.create(config.databaseUrl()));
    }

    @Override
    public CloudKitAnswer post(String operation, JsonNode body) throws CloudSourceException {
        URI uri = withToken(URI.create(config.databaseUrl() + "/" + operation));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(serialize(body)))
                .build();
        HttpResponse<byte[]> response = send(operation, request, BoundedBody.handler(MAX_ANSWER_BYTES));
        int status = response.statusCode();
        log.debug("CloudKit {} -> HTTP {} ({} bytes)", operation, status, response.body().length);
        if (status < 200 || status > 299) {
            throw errors.fromHttp(status, response.headers(), response.body());
        }
        LenientUtf8.Decoded text = LenientUtf8.decode(response.body());
        if (text.replacedInvalidBytes()) {
            log.warn(
                    "CloudKit {} answered with bytes that are not UTF-8; records holding them are quarantined",
                    operation);
        }
        try {
            JsonNode parsed = json.readTree(text.text());
            if (parsed == null || parsed.isMissingNode()) {
                throw new CloudKitRequestException(
                        CloudKitErrors.BAD_RESPONSE, status, operation + " answered with an empty body", null, null);
            }
            return new CloudKitAnswer(parsed, text.replacedInvalidBytes());
        } catch (JsonProcessingException e) {
            // Also a body cut short (truncated JSON): the page is retried like any failed request.
            throw new CloudKitRequestException(
                    CloudKitErrors.BAD_RESPONSE,
                    status,
                    operation + " answered with a body that is not JSON: " + e.getOriginalMessage(),
                    null,
                    e);
        }
    }

    @Override
    public InputStream download(String downloadUrl) throws CloudSourceException {
        URI uri;
        try {
            uri = URI.create(Objects.requireNonNull(downloadUrl, "downloadUrl"));
        } catch (IllegalArgumentException e) {
            throw new CloudKitRequestException(
                    CloudKitErrors.BAD_RESPONSE, 0, "asset download URL is not a URI: " + downloadUrl, null, e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new CloudKitRequestException(
                    CloudKitErrors.BAD_RESPONSE, 0, "asset download URL must be http(s): " + downloadUrl, null, null);
        }
        HttpRequest request = HttpRequest.newBuilder(sameOriginAsDatabase(uri) ? withToken(uri) : uri)
                .timeout(config.requestTimeout())
                .GET()
                .build();
        String operation = "asset download " + downloadUrl;
        HttpResponse<InputStream> response = send(operation, request, HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            String detail;
            try (InputStream body = response.body()) {
                detail = new String(body.readNBytes(ERROR_SNIPPET_BYTES), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                detail = "(body unreadable: " + e.getMessage() + ")";
            }
            throw new AssetDownloadException(downloadUrl, status, detail);
        }
        return response.body();
    }

    /** One exchange; every way it can end without an answer is a {@link CloudKitErrors#TRANSPORT} failure. */
    private <T> HttpResponse<T> send(String operation, HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws CloudSourceException {
        try {
            return http.send(request, body);
        } catch (HttpTimeoutException e) {
            throw new CloudKitRequestException(
                    CloudKitErrors.TRANSPORT,
                    0,
                    operation + " timed out after " + config.requestTimeout().toSeconds() + " s",
                    null,
                    e);
        } catch (IOException e) {
            throw new CloudKitRequestException(
                    CloudKitErrors.TRANSPORT,
                    0,
                    operation + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    null,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudKitRequestException(CloudKitErrors.TRANSPORT, 0, operation + " interrupted", null, e);
        }
    }

    private byte[] serialize(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body cannot be serialised", e);
        }
    }

    private URI withToken(URI uri) {
        if (config.apiToken() == null) {
            return uri;
        }
        String param = "ckAPIToken=" + URLEncoder.encode(config.apiToken(), StandardCharsets.UTF_8);
        String text = uri.toString();
        int hash = text.indexOf('#');
        String fragment = hash < 0 ? "" : text.substring(hash);
        String base = hash < 0 ? text : text.substring(0, hash);
        return URI.create(base + (uri.getRawQuery() == null ? "?" : "&") + param + fragment);
    }

    /** The API token goes only to the database's own origin, never to a foreign asset host. */
    private boolean sameOriginAsDatabase(URI uri) {
        return databaseOrigin.equals(origin(uri));
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }
}
