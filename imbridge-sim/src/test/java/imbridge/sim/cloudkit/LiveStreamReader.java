package imbridge.sim.cloudkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Test client of {@code GET /live/v1/stream}: collects lines on a thread of its own. */
final class LiveStreamReader implements AutoCloseable {

    private static final String END = "<end>";

    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile boolean ended;
    private final int status;

    LiveStreamReader(HttpClient client, String baseUrl) {
        response = client.sendAsync(
                HttpRequest.newBuilder(URI.create(baseUrl + "/live/v1/stream"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> answer = response.join();
        status = answer.statusCode();
        Thread.ofVirtual().start(() -> {
            try (Stream<String> body = answer.body()) {
                body.forEach(lines::add);
            } catch (UncheckedIOException e) {
                // the connection was closed under us
            } finally {
                lines.add(END);
            }
        });
    }

    int status() {
        return status;
    }

    /** The next event line (heartbeats skipped), or null when the stream ended or {@code timeout} passed. */
    JsonNode next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                return null;
            }
            if (line.equals(END)) {
                ended = true;
                return null;
            }
            JsonNode node = parse(line);
            if (!node.path("kind").asText().equals("PING")) {
                return node;
            }
        }
        return null;
    }

    /** Events until {@code count} were read or nothing came for {@code quiet}. */
    List<JsonNode> take(int count, Duration quiet) throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        while (out.size() < count) {
            JsonNode node = next(quiet);
            if (node == null) {
                break;
            }
            out.add(node);
        }
        return out;
    }

    /** Waits for the server to end the stream; true if it did within {@code timeout}. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended && System.nanoTime() < deadline) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (END.equals(line)) {
                ended = true;
            }
        }
        return ended;
    }

    private static JsonNode parse(String line) {
        try {
            return SimHttp.JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
