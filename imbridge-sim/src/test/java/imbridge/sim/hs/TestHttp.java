package imbridge.sim.hs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A minimal Matrix HTTP client for tests: raw requests over loopback, JSON in and out. */
final class TestHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    TestHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    record Response(int status, byte[] bytes, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new AssertionError("response is not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
            }
        }

        String errcode() {
            return json().path("errcode").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + new String(bytes, StandardCharsets.UTF_8);
        }
    }

    Response get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    Response post(String path, String token, Object body) {
        return send("POST", path, token, body, null);
    }

    Response put(String path, String token, Object body) {
        return send("PUT", path, token, body, null);
    }

    Response delete(String path) {
        return send("DELETE", path, null, null, null);
    }

    Response raw(String method, String path, String token, byte[] body, String contentType) {
        return send(method, path, token, body, contentType);
    }

    private Response send(String method, String path, String token, Object body, String contentType) {
        try {
            byte[] bytes = body == null ? new byte[0] : body instanceof byte[] raw ? raw : JSON.writeValueAsBytes(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(20))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(bytes));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                request.header("Content-Type", contentType != null ? contentType : "application/json");
            }
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
