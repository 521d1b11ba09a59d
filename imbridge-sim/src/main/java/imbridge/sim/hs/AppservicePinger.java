package imbridge.sim.hs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.sim.SimTicker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/** {@code POST /_matrix/client/v1/appservice/{id}/ping}: calls the appservice's ping endpoint and times it. */
final class AppservicePinger {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Registration registration;
    private final HttpClient http;
    private final SimTicker ticker;

    AppservicePinger(Registration registration, HttpClient http, SimTicker ticker) {
        this.registration = registration;
        this.http = http;
        this.ticker = ticker;
    }

    /** @return {@code {"duration_ms": N}}; failures are thrown with the spec's error codes */
    Map<String, Object> ping(String transactionId) {
        if (registration.url() == null) {
            throw new MatrixException(400, "M_URL_NOT_SET", "Application service URL is not set");
        }
        ObjectNode body = Json.object();
        if (transactionId != null) {
            body.put("transaction_id", transactionId);
        }
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(TransactionPusher.stripSlash(registration.url()) + "/_matrix/app/v1/ping"))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + registration.hsToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body)))
                .build();
        long started = ticker.nanos();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new MatrixException(504, "M_CONNECTION_TIMEOUT", "Connection to application service timed out");
        } catch (IOException e) {
            throw new MatrixException(502, "M_CONNECTION_FAILED", "Failed to connect to application service: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MatrixException(502, "M_CONNECTION_FAILED", "Interrupted while pinging the application service");
        }
        long durationMs = (ticker.nanos() - started) / 1_000_000;
        if (response.statusCode() / 100 != 2) {
            throw new MatrixException(
                    502,
                    "M_BAD_STATUS",
                    "Ping returned error status",
                    Map.of("status", response.statusCode(), "body", response.body()));
        }
        return Map.of("duration_ms", durationMs);
    }
}
