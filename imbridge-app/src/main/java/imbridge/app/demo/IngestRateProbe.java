package imbridge.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Measures how fast the homeserver takes events into one room from a plain sequential client: one
 * {@code PUT /send} at a time, with timestamp massaging, as the bot. It runs before the bridge starts, so
 * the figure is the homeserver's own single-room ingest rate — the send half of the big chat's lower bound.
 * The probe room has no bridge state and its messages no part marker, so verifiers ignore it.
 */
final class IngestRateProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String hsBaseUrl;
    private final String asToken;
    private final String botMxid;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    IngestRateProbe(String hsBaseUrl, String asToken, String botMxid) {
        this.hsBaseUrl = hsBaseUrl;
        this.asToken = asToken;
        this.botMxid = botMxid;
    }

    /** Sends {@code events} messages (after a short warm-up) and returns events per second. */
    double measure(int events) throws IOException, InterruptedException {
        String roomId = post("/_matrix/client/v3/createRoom", "{\"name\":\"imbridge ingest probe\"}")
                .path("room_id").asText();
        String room = URLEncoder.encode(roomId, StandardCharsets.UTF_8);
        int warmUp = Math.max(1, events / 2); // the homeserver's request path must be compiled (JIT) first
        for (int i = 0; i < warmUp; i++) {
            send(room, "w" + i);
        }
        long started = System.nanoTime();
        for (int i = 0; i < events; i++) {
            send(room, "p" + i);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        post("/_matrix/client/v3/rooms/" + room + "/leave", "{}");
        return events / seconds;
    }

    private void send(String room, String txn) throws IOException, InterruptedException {
        String body = "{\"msgtype\":\"m.text\",\"body\":\"ingest probe " + txn + "\"}";
        request(HttpRequest.newBuilder(uri("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/probe." + txn,
                "&ts=" + (1_600_000_000_000L + txn.hashCode() % 1000)))
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode post(String path, String body) throws IOException, InterruptedException {
        return request(HttpRequest.newBuilder(uri(path, "")).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private URI uri(String path, String extraQuery) {
        return URI.create(hsBaseUrl + path + "?user_id=" + URLEncoder.encode(botMxid, StandardCharsets.UTF_8)
                + extraQuery);
    }

    private JsonNode request(HttpRequest.Builder builder) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(builder.header("Authorization", "Bearer " + asToken)
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("ingest probe: HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
