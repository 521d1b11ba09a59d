package imbridge.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.lifecycle.Threads;
import imbridge.core.util.Backoff;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.Retry;
import imbridge.core.util.Ticker;
import imbridge.core.util.Waiter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures how fast the homeserver takes events from plain sequential clients: one {@code PUT /send} at a time
 * per room, with timestamp massaging, as the bot, in one room or several at once. It runs before the bridge
 * starts, so the figures are the homeserver's own ingest rates — the send half of the big chat's lower bound and
 * the baseline of the bridge's homeserver parity ({@link SendParity}).
 * The probe room has no bridge state and its messages no part marker, so verifiers ignore it.
 */
final class IngestRateProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Tries per request: the JDK client can fail a request it wrote on a pooled connection the server was closing
     * ("Data received while in pool"); one failed a CI run.
     */
    private static final int ATTEMPTS = 3;
    /** A fresh connection answers at once: nothing to wait for before the retry. */
    private static final Backoff AT_ONCE = Backoff.constant(Duration.ZERO);

    private final String hsBaseUrl;
    private final String asToken;
    private final String botMxid;
    private final Ticker ticker;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    IngestRateProbe(String hsBaseUrl, String asToken, String botMxid, Ticker ticker) {
        this.hsBaseUrl = hsBaseUrl;
        this.asToken = asToken;
        this.botMxid = botMxid;
        this.ticker = ticker;
    }

    /** Sends {@code events} messages (after a short warm-up) and returns events per second. */
    double measure(int events) throws IOException, InterruptedException {
        return measure(events, 1);
    }

    /**
     * {@code rooms} sequential clients at once, one room each, {@code events} messages in all (after a warm-up);
     * returns the events per second of all of them together: what the homeserver takes from a plain client with
     * that many rooms in parallel.
     */
    double measure(int events, int rooms) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            String roomId = post("/_matrix/client/v3/createRoom", "{\"name\":\"imbridge ingest probe\"}")
                    .path("room_id")
                    .asText();
            ids.add(URLEncoder.encode(roomId, StandardCharsets.UTF_8));
        }
        int perRoom = Math.max(1, events / rooms);
        inParallel(ids, (room, r) -> { // the homeserver's request path must be compiled (JIT) first
            for (int i = 0; i < Math.max(1, perRoom / 2); i++) {
                send(room, "w" + r + "." + i);
            }
        });
        long started = ticker.nanos();
        inParallel(ids, (room, r) -> {
            for (int i = 0; i < perRoom; i++) {
                send(room, "p" + r + "." + i);
            }
        });
        double seconds = (ticker.nanos() - started) / 1e9;
        for (String room : ids) {
            post("/_matrix/client/v3/rooms/" + room + "/leave", "{}");
        }
        return perRoom * rooms / seconds;
    }

    private interface RoomSender {
        void run(String room, int index) throws IOException, InterruptedException;
    }

    private static void inParallel(List<String> rooms, RoomSender sender) throws IOException, InterruptedException {
        try (var executor = Threads.taskPerThread("ingest-probe")) {
            List<java.util.concurrent.Future<Object>> done = new ArrayList<>();
            for (int r = 0; r < rooms.size(); r++) {
                int index = r;
                done.add(executor.submit(() -> {
                    sender.run(rooms.get(index), index);
                    return null;
                }));
            }
            for (var f : done) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        }
    }

    private void send(String room, String txn) throws IOException, InterruptedException {
        String body = "{\"msgtype\":\"m.text\",\"body\":\"ingest probe " + txn + "\"}";
        request(HttpRequest.newBuilder(uri(
                        "/_matrix/client/v3/rooms/" + room + "/send/m.room.message/probe." + txn,
                        "&ts=" + (1_600_000_000_000L + txn.hashCode() % 1000)))
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode post(String path, String body) throws IOException, InterruptedException {
        return request(HttpRequest.newBuilder(uri(path, "")).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private URI uri(String path, String extraQuery) {
        return URI.create(
                hsBaseUrl + path + "?user_id=" + URLEncoder.encode(botMxid, StandardCharsets.UTF_8) + extraQuery);
    }

    private JsonNode request(HttpRequest.Builder builder) throws IOException, InterruptedException {
        HttpRequest request = builder.header("Authorization", "Bearer " + asToken)
                .header("Content-Type", "application/json")
                .build();
        // A send is a PUT with its transaction ID, so a retry after a lost answer stores nothing twice.
        Retry retry = new Retry(AT_ONCE, ATTEMPTS, Waiter.real(), new CancellationToken());
        HttpResponse<String> response = null;
        while (response == null) {
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!retry.failed()) {
                    throw e;
                }
            }
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("ingest probe: HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
