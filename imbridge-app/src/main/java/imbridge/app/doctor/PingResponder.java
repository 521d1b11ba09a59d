package imbridge.app.doctor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the bridge's appservice API while the doctor asks the homeserver to ping it: answers
 * {@code /_matrix/app/v1/ping} when the homeserver presents the hs_token, and refuses everything else with 503.
 * Refusing matters: a transaction the homeserver pushes meanwhile must not be acknowledged (its events would be
 * lost to the bridge); refused, it is sent again once the bridge runs.
 */
final class PingResponder implements AutoCloseable {
    static final String PING_PATH = "/_matrix/app/v1/ping";

    private final HttpServer server;
    private final byte[] hsToken;
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger refusedTokens = new AtomicInteger();

    private PingResponder(HttpServer server, String hsToken) {
        this.server = server;
        this.hsToken = hsToken.getBytes(StandardCharsets.UTF_8);
    }

    /** Listening on the appservice's address, or empty when it cannot be bound (the bridge itself may hold it). */
    static Optional<PingResponder> tryStart(String host, int port, String hsToken) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        PingResponder responder = new PingResponder(server, hsToken);
        server.createContext("/", responder::handle);
        server.start();
        return Optional.of(responder);
    }

    /** The port it listens on (the one asked for, or the one picked for port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    /** Pings answered with the right token. */
    int pings() {
        return pings.get();
    }

    /** Pings that came with a wrong or no hs_token. */
    int refusedTokens() {
        return refusedTokens.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestURI().getPath().equals(PING_PATH)) {
                answer(exchange, 503, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"imbridge doctor answers only pings\"}");
            } else if (!tokenMatches(exchange)) {
                refusedTokens.incrementAndGet();
                answer(exchange, 403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"wrong hs_token\"}");
            } else {
                pings.incrementAndGet();
                answer(exchange, 200, "{}");
            }
        }
    }

    private boolean tokenMatches(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String given = header != null && header.startsWith("Bearer ") ? header.substring(7) : queryToken(exchange);
        return given != null && MessageDigest.isEqual(hsToken, given.getBytes(StandardCharsets.UTF_8));
    }

    /** The legacy {@code access_token} query parameter some homeservers still send. */
    private static String queryToken(HttpExchange exchange) {
        String query = exchange.getRequestURI().getQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("access_token=")) {
                return java.net.URLDecoder.decode(pair.substring(13), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
