package imbridge.app.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The simulator's live script as its {@code /_sim/stats} shows it. */
final class LiveStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveStream() {}

    /** The script emitted its last event and wrote its last CloudKit copy, and the bridge acknowledged everything. */
    static boolean over(HttpClient http, String simulatorUrl) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(simulatorUrl + "/_sim/stats"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode stats = JSON.readTree(r.body());
            return stats.path("liveComplete").asBoolean(false)
                    && stats.path("liveAcked").asLong(-1)
                            >= stats.path("liveEventsEmitted").asLong(Long.MAX_VALUE);
        } catch (IOException e) {
            return false;
        }
    }
}
