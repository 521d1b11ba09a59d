package imbridge.app.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Plain GETs for the verifier's readers; non-2xx answers become IOExceptions that name the URL. */
final class HttpGet {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int ERROR_SNIPPET = 300;

    private final HttpClient http;
    private final Map<String, String> headers;

    HttpGet(HttpClient http, Map<String, String> headers) {
        this.http = http;
        this.headers = Map.copyOf(headers);
    }

    JsonNode json(URI uri) throws IOException {
        try (InputStream in = stream(uri)) {
            return Json.MAPPER.readTree(in);
        }
    }

    /** Opens the response body; the caller closes it. */
    InputStream stream(URI uri) throws IOException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        headers.forEach(request::header);
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + uri);
        }
        if (response.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(ERROR_SNIPPET), StandardCharsets.UTF_8);
            }
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode() + ": " + body);
        }
        return response.body();
    }

    /** Encodes one path segment (room IDs contain '!' and ':'). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String trimSlash(String baseUrl) {
        String base = baseUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }
}
