package imbridge.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import imbridge.core.port.MatrixException;
import imbridge.core.port.TransactionLog;
import imbridge.sim.hs.HomeserverDouble;
import imbridge.sim.hs.HsConfig;
import imbridge.sim.hs.Registration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The bridge's Matrix side wired to a real homeserver double over loopback: our appservice API, the
 * registration file the bridge writes (loaded by the double), the gateway; plus inspection helpers.
 */
final class DoubleFixture implements AutoCloseable {
    static final String BOT = "@imessagebot:localhost";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final AppserviceServer appservice;
    final HomeserverDouble hs;
    final AppserviceGateway gateway;
    final MatrixConfig cfg;

    private DoubleFixture(
            AppserviceServer appservice, HomeserverDouble hs, AppserviceGateway gateway, MatrixConfig cfg) {
        this.appservice = appservice;
        this.hs = hs;
        this.gateway = gateway;
        this.cfg = cfg;
    }

    /**
     * @param handler   our appservice's transaction handler; null = accept and ignore
     * @param log       the transaction log of our appservice API
     * @param hsConfig  adjusts the double's config
     * @param retries   adjusts the bridge's Matrix config
     */
    static DoubleFixture start(
            Path tmp,
            TransactionHandler handler,
            TransactionLog log,
            UnaryOperator<HsConfig> hsConfig,
            UnaryOperator<MatrixConfig> retries)
            throws Exception {
        return start(tmp, handler, log, hsConfig, retries, OwnerView.defaults(List.of()), false);
    }

    /**
     * @param view               double puppeting and name templates of the gateway
     * @param ownerInRegistration the registration written with the owner's non-exclusive namespace
     */
    static DoubleFixture start(
            Path tmp,
            TransactionHandler handler,
            TransactionLog log,
            UnaryOperator<HsConfig> hsConfig,
            UnaryOperator<MatrixConfig> retries,
            OwnerView view,
            boolean ownerInRegistration)
            throws Exception {
        AppserviceServer appservice = new AppserviceServer(
                TestConfigs.config("http://127.0.0.1:1"), handler == null ? (txnId, events) -> {} : handler, log);
        appservice.start();
        MatrixConfig regCfg = TestConfigs.config("http://127.0.0.1:1", appservice.url(), 5, Duration.ofSeconds(30));
        Path registration = Files.writeString(
                tmp.resolve("registration.yaml"), RegistrationWriter.yaml(regCfg, List.of(), ownerInRegistration));
        Registration reg = Registration.load(registration);
        HomeserverDouble hs = HomeserverDouble.start(hsConfig.apply(HsConfig.defaults(reg)));
        MatrixConfig cfg = retries.apply(TestConfigs.config(hs.baseUrl()));
        AppserviceGateway gateway =
                new AppserviceGateway(cfg, HttpClient.newHttpClient(), imbridge.core.util.Waiter.real(), view);
        return new DoubleFixture(appservice, hs, gateway, cfg);
    }

    /** Creates the DM portal room of {@code handle} (its only member). */
    String dm(String handle) throws MatrixException {
        return gateway.createRoom(new RoomSpec(handle, PortalKind.DM, null, List.of(handle)));
    }

    /** Fast retries for fault tests: 10 attempts, 5 ms doubling to 200 ms. */
    static MatrixConfig fastRetries(MatrixConfig cfg) {
        return cfg.withRetries(10, Duration.ofMillis(5), Duration.ofMillis(200));
    }

    JsonNode room(String roomId) throws Exception {
        for (JsonNode room : inspect("/_double/rooms")) {
            if (room.path("roomId").asText().equals(roomId)) {
                return room;
            }
        }
        throw new AssertionError("the double has no room " + roomId);
    }

    JsonNode rooms() throws Exception {
        return inspect("/_double/rooms");
    }

    List<JsonNode> events(String roomId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        inspect("/_double/rooms/" + Urls.encode(roomId) + "/events").forEach(out::add);
        return out;
    }

    List<JsonNode> messages(String roomId) throws Exception {
        return events(roomId).stream()
                .filter(e -> e.path("type").asText().equals("m.room.message"))
                .toList();
    }

    JsonNode stats() throws Exception {
        return inspect("/_double/stats");
    }

    JsonNode inspect(String path) throws Exception {
        return JSON.readTree(inspectBytes(path));
    }

    /** GET of the double's inspection API (or its media), which must answer 200. */
    byte[] inspectBytes(String path) throws Exception {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create(hs.baseUrl() + path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** The owner's global account data of {@code type}, read with the owner's own token; null when they have none. */
    JsonNode ownerAccountData(String type) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(hs.baseUrl() + "/_matrix/client/v3/user/"
                                + Urls.encode(TestConfigs.OWNER) + "/account_data/" + type))
                        .header("Authorization", "Bearer " + hs.accessTokenOf(TestConfigs.OWNER))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("account data " + type + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /** A Client-Server POST as the owner, which must answer 200; returns the answer's body. */
    String asOwner(String path, Map<String, Object> body) throws Exception {
        return asOwner(path, body, "POST");
    }

    /** A Client-Server request under {@code /_matrix/client/v3} as the owner, which must answer 200. */
    String asOwner(String path, Map<String, Object> body, String method) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(hs.baseUrl() + "/_matrix/client/v3" + path))
                        .header("Authorization", "Bearer " + hs.accessTokenOf(TestConfigs.OWNER))
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() {
        gateway.close();
        hs.close();
        appservice.close();
    }
}
