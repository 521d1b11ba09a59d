package imbridge.cloudkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server answering with canned responses, in order, and remembering every request:
 * for error shapes and malformed bodies the real simulator does not produce on demand.
 */
final class CannedCloudKitServer implements AutoCloseable {
    static final String DATABASE_PATH = "/database/1/com.apple.messages.cloud/production/private";

    record Seen(String method, String path, String query, String body) {}

    private record Canned(int status, byte[] body, List<String> headers, boolean hang) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Queue<Canned> responses = new ConcurrentLinkedQueue<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private CannedCloudKitServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static CannedCloudKitServer start() throws IOException {
        return new CannedCloudKitServer();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String databaseUrl() {
        return baseUrl() + DATABASE_PATH;
    }

    /** Queues a response; {@code headers} are name, value pairs. */
    CannedCloudKitServer enqueue(int status, String body, String... headers) {
        responses.add(new Canned(status, body.getBytes(StandardCharsets.UTF_8), List.of(headers), false));
        return this;
    }

    CannedCloudKitServer enqueueBytes(int status, byte[] body) {
        responses.add(new Canned(status, body, List.of(), false));
        return this;
    }

    /** Queues a request that is never answered (until the server closes). */
    CannedCloudKitServer enqueueHang() {
        responses.add(new Canned(0, new byte[0], List.of(), true));
        return this;
    }

    List<Seen> requests() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(),
                    body));
            Canned canned = responses.poll();
            if (canned == null) {
                canned = new Canned(
                        500,
                        "{\"serverErrorCode\":\"INTERNAL_ERROR\",\"reason\":\"no canned response\"}"
                                .getBytes(StandardCharsets.UTF_8),
                        List.of(),
                        false);
            }
            if (canned.hang()) {
                closing.await(30, TimeUnit.SECONDS);
                return;
            }
            for (int i = 0; i + 1 < canned.headers().size(); i += 2) {
                exchange.getResponseHeaders()
                        .add(canned.headers().get(i), canned.headers().get(i + 1));
            }
            exchange.getResponseHeaders().putIfAbsent("Content-Type", List.of("application/json"));
            exchange.sendResponseHeaders(canned.status(), canned.body().length == 0 ? -1 : canned.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(canned.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
