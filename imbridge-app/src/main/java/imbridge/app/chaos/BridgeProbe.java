package imbridge.app.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Reads a running bridge's operator listener into a {@link BridgeSnapshot}; empty while it does not answer. */
final class BridgeProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;

    BridgeProbe(HttpClient http) {
        this.http = http;
    }

    Optional<BridgeSnapshot> read(String operatorUrl) throws InterruptedException {
        try {
            JsonNode status = JSON.readTree(get(operatorUrl + "/api/status"));
            String metrics = get(operatorUrl + "/metrics");
            return Optional.of(of(status, metrics));
        } catch (IOException e) {
            return Optional.empty(); // starting, stopping, or just killed
        }
    }

    /** Also used to request the final sync: {@code POST /api/sync}; true when it was accepted. */
    boolean requestSync(String operatorUrl) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(operatorUrl + "/api/sync"))
                            .timeout(TIMEOUT)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 202;
        } catch (IOException e) {
            return false;
        }
    }

    static BridgeSnapshot of(JsonNode status, String metrics) {
        boolean backfilling = false;
        long rooms = 0;
        for (JsonNode portal : status.path("portals")) {
            String s = portal.path("status").asText("");
            backfilling |= s.equals("pending") || s.equals("running");
            if (!portal.path("roomId").isNull()
                    && !portal.path("roomId").asText("").isEmpty()) {
                rooms++;
            }
        }
        long syncOutcomes = 0;
        for (JsonNode outcome : status.path("outcomes")) {
            if (outcome.path("action").asText("").equals("sync")) {
                syncOutcomes++;
            }
        }
        PrometheusText m = new PrometheusText(metrics);
        return new BridgeSnapshot(
                status.path("gateOpen").asBoolean(false),
                status.path("startupSyncRunning").asBoolean(true),
                backfilling,
                rooms,
                status.path("live").path("pending").asLong(),
                status.path("live").path("held").asLong(),
                status.path("counts").path("matrixInboxPending").asLong(),
                syncOutcomes,
                m.sum("imbridge_sync_pages_total", null),
                m.sum("imbridge_parts_sent_total", null),
                m.sum("imbridge_attachments_downloaded_total", null),
                m.sum("imbridge_live_received_total", null),
                m.sum("imbridge_sync_pass_seconds_count", "outcome=\"ok\""),
                m.sum("imbridge_attachments_in_flight", null));
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode());
        }
        return r.body();
    }
}
