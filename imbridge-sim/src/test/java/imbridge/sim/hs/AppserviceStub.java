package imbridge.sim.hs;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/** A tiny appservice on loopback that records what the homeserver pushes, and can be told to fail. */
final class AppserviceStub implements AutoCloseable {
    /** @param query the raw query string, or null */
    record Received(String path, String authorization, JsonNode body, boolean accepted, String query) {}

    private final HttpServer server;
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failing = new AtomicBoolean();

    private AppserviceStub(HttpServer server) {
        this.server = server;
    }

    static AppserviceStub start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        AppserviceStub stub = new AppserviceStub(server);
        server.createContext("/", stub::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return stub;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void failing(boolean fail) {
        failing.set(fail);
    }

    List<Received> requests() {
        return requests;
    }

    /** Successful transaction PUTs, i.e. what the appservice accepted, in arrival order. */
    List<Received> acceptedTransactions() {
        return requests.stream()
                .filter(r -> r.path().startsWith("/_matrix/app/v1/transactions/") && r.accepted())
                .toList();
    }

    /** Every pushed event of accepted transactions, without the duplicates a retry may deliver. */
    List<JsonNode> acceptedEvents() {
        List<JsonNode> events = new ArrayList<>();
        Set<String> seenTxns = new HashSet<>();
        for (Received r : acceptedTransactions()) {
            String txn = r.path().substring(r.path().lastIndexOf('/') + 1);
            if (seenTxns.add(txn)) {
                r.body().path("events").forEach(events::add);
            }
        }
        return events;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        JsonNode body = bytes.length == 0 ? TestHttp.JSON.createObjectNode() : TestHttp.JSON.readTree(bytes);
        boolean fail = failing.get();
        requests.add(new Received(
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                body,
                !fail,
                exchange.getRequestURI().getRawQuery()));
        byte[] response = fail ? "{\"errcode\":\"M_UNKNOWN\",\"error\":\"down\"}".getBytes() : "{}".getBytes();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(fail ? 503 : 200, response.length);
        exchange.getResponseBody().write(response);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
