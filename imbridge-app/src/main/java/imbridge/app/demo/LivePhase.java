package imbridge.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.runtime.BridgeRuntime;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Ticker;
import imbridge.core.util.Waiter;
import java.io.IOException;
import java.io.PrintStream;
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
 * The demo's live phase, after the initial sync: the simulator pushes its live events (it started when the
 * bridge connected, so many arrived during the bootstrap and were held); meanwhile the demo acts as the
 * Matrix user and sends a few messages from portal rooms, which must reach iMessage. The phase ends when the
 * simulator has emitted everything and the bridge has acknowledged it, one more incremental sync has
 * brought CloudKit's copies of the live messages (which must add nothing), and the live inbox is empty.
 */
final class LivePhase {
    /** Messages the demo sends as the Matrix user into portal rooms. */
    static final int OWNER_MESSAGES = 3;
    /** How long CloudKit's copies of live messages take to appear in the simulator (1–5 s), with a margin. */
    private static final Duration CLOUDKIT_COPY_DELAY = Duration.ofSeconds(6);

    private static final Duration POLL = Duration.ofMillis(250);

    private final DemoEnvironment env;
    private final DemoOptions options;
    private final PrintStream out;
    private final Ticker ticker;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    LivePhase(DemoEnvironment env, DemoOptions options, PrintStream out, Ticker ticker) {
        this.env = env;
        this.options = options;
        this.out = out;
        this.ticker = ticker;
    }

    /** Returns the bodies (for the file: its name) of the messages the demo sent from Matrix. */
    List<String> run(BridgeRuntime bridge, CancellationToken cancel)
            throws CancelledException, IOException, InterruptedException {
        List<String> sent = sendOwnerMessages(cancel);
        out.printf("  live: sent %d message(s) from Matrix; waiting for the live phase to end%n", sent.size());
        Duration budget = options.liveDuration().plusSeconds(120);
        long started = ticker.nanos();
        while (!simulatorDone()) {
            if (ticker.millisSince(started) > budget.toMillis()) {
                throw new IOException("the simulator's live phase did not end within " + budget);
            }
            Waiter.real().await(POLL, cancel);
        }
        Waiter.real().await(CLOUDKIT_COPY_DELAY, cancel);
        out.println("  live: " + bridge.syncNow(cancel));
        if (!bridge.awaitLiveSettled(Duration.ofSeconds(120), POLL, cancel)) {
            out.println("  live: WARNING the live inbox did not settle within 120 s");
        }
        return sent;
    }

    private boolean simulatorDone() throws IOException, InterruptedException {
        JsonNode stats = get(env.simulatorUrl() + "/_sim/stats", null);
        return stats.path("liveComplete").asBoolean(false)
                && stats.path("liveAcked").asLong(-1)
                        >= stats.path("liveEventsEmitted").asLong(Long.MAX_VALUE);
    }

    /** As the Matrix user: join a few bridged DM rooms and write in them. */
    private List<String> sendOwnerMessages(CancellationToken cancel) throws IOException, InterruptedException {
        String token = env.ownerAccessToken();
        List<String> rooms = new ArrayList<>();
        for (JsonNode room : get(env.homeserverUrl() + "/_double/rooms", null)) {
            String portal = room.path("bridgePortalId").asText("");
            if (portal.startsWith("tel:") || portal.startsWith("mailto:")) {
                rooms.add(room.path("roomId").asText());
            }
        }
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < Math.min(OWNER_MESSAGES, rooms.size()) && !cancel.isCancelled(); i++) {
            String room = URLEncoder.encode(rooms.get(i), StandardCharsets.UTF_8);
            post(env.homeserverUrl() + "/_matrix/client/v3/rooms/" + room + "/join", token, "{}", "POST");
            String body = "Sent from Matrix (demo message " + (i + 1) + ")";
            post(
                    env.homeserverUrl() + "/_matrix/client/v3/rooms/" + room + "/send/m.room.message/demo-owner-" + i,
                    token,
                    json.writeValueAsString(java.util.Map.of("msgtype", "m.text", "body", body)),
                    "PUT");
            sent.add(body);
        }
        if (!rooms.isEmpty() && !cancel.isCancelled()) { // and one file: downloaded by the bridge, sent as a file
            String filename = "from-matrix.txt";
            HttpResponse<String> uploaded = http.send(
                    HttpRequest.newBuilder(
                                    URI.create(env.homeserverUrl() + "/_matrix/media/v3/upload?filename=" + filename))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "text/plain")
                            .POST(HttpRequest.BodyPublishers.ofString("a file written in Matrix"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String mxc = json.readTree(uploaded.body()).path("content_uri").asText();
            String room = URLEncoder.encode(rooms.getFirst(), StandardCharsets.UTF_8);
            post(
                    env.homeserverUrl() + "/_matrix/client/v3/rooms/" + room + "/send/m.room.message/demo-owner-file",
                    token,
                    json.writeValueAsString(java.util.Map.of(
                            "msgtype",
                            "m.file",
                            "body",
                            filename,
                            "filename",
                            filename,
                            "url",
                            mxc,
                            "info",
                            java.util.Map.of("mimetype", "text/plain", "size", 24))),
                    "PUT");
            sent.add(filename);
        }
        return sent;
    }

    private JsonNode get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return json.readTree(
                http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode post(String url, String token, String body, String method)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(method + " " + url + " → " + r.statusCode() + " " + r.body());
        }
        return json.readTree(r.body());
    }
}
