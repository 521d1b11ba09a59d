package imbridge.app.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real HTTP readers against a loopback server that serves the simulator's and the double's JSON. */
class HttpReadersTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HttpServer server;
    private HttpClient http;
    private String base;
    private Scenario scenario;
    private String truthBody;
    private String statsBody = """
            {"requests":57,"pages":40,"assetDownloads":9,"recoverableZoneAccesses":0,
             "faultsInjected":{"THROTTLED":2,"TRUNCATED_JSON":1},
             "pagesServed":{"chatManateeZone":1,"messageManateeZone":30},
             "requestsByZone":{"chatManateeZone":2,"messageManateeZone":35}}""";
    private final Set<String> hideListedPortal = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        scenario = Scenario.small();
        truthBody = truthJson(scenario.truth);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/_sim/truth", ex -> reply(ex, 200, truthBody.getBytes(StandardCharsets.UTF_8)));
        server.createContext("/_double/rooms", this::rooms);
        server.createContext("/_double/media/", this::media);
        server.createContext("/_sim/stats", ex -> reply(ex, 200, statsBody.getBytes(StandardCharsets.UTF_8)));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        http.close();
    }

    @Test
    void perfectRunReadOverHttpIsOk() {
        GroundTruth truth = TruthClient.fetch(base);
        VerificationReport report = Verifier.forDouble(base, http).verify(truth, 42);

        assertThat(truth).isEqualTo(scenario.truth);
        assertThat(report.ok()).as("samples %s", report.samples()).isTrue();
        assertThat(report.expected()).isEqualTo(new Counts(2, 11));
        assertThat(report.delivered()).isEqualTo(new Counts(2, 11));
        assertThat(report.elapsedMs()).isEqualTo(42);
    }

    @Test
    void faultsSurviveTheTripThroughHttp() {
        scenario.room(Scenario.GROUP).events.remove(scenario.messageIndex(Scenario.GROUP, 1));
        String url = (String) scenario.message(Scenario.DM, 3).content().get("url");
        scenario.media.get(url)[100] ^= 0x7f;

        VerificationReport report = Verifier.forDouble(base + "/", http).verify(TruthClient.fetch(base, http), 0);

        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.mismatched()).isEqualTo(1);
        assertThat(report.duplicates() + report.outOfOrder() + report.unexpected())
                .isZero();
    }

    @Test
    void portalIdFallsBackToBridgeStateWhenTheListingLacksIt() {
        hideListedPortal.add("!room1:localhost");

        List<DeliveredRoom> rooms = new DoubleInspectionReader(base, http).read();

        assertThat(rooms).extracting(DeliveredRoom::portalId).containsExactly(Scenario.DM, Scenario.GROUP);
        assertThat(rooms.get(1).timeline())
                .hasSize(scenario.room(Scenario.GROUP).events.size());
        assertThat(rooms.get(1).timeline().get(2).stateKey()).isEqualTo("imessage://" + Scenario.GROUP);
    }

    @Test
    void truthUrlMayIncludeTheContainerPath() {
        GroundTruth truth = TruthClient.fetch(base + "/database/1/com.apple.messages.cloud/production/private", http);
        assertThat(truth.partCount()).isEqualTo(11);
    }

    @Test
    void unreadableSourcesFailWithClearErrors() {
        scenario.rooms.clear();
        Scenario.Room gone = new Scenario.Room("!gone:localhost", "x");
        scenario.rooms.add(gone);
        server.removeContext("/_double/rooms");
        server.createContext("/_double/rooms", ex -> {
            if (ex.getRequestURI().getPath().endsWith("/events")) {
                reply(ex, 404, "{\"errcode\":\"M_NOT_FOUND\"}".getBytes(StandardCharsets.UTF_8));
            } else {
                rooms(ex);
            }
        });
        assertThatThrownBy(() -> new DoubleInspectionReader(base, http).read())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("/_double/rooms/%21gone%3Alocalhost/events?limit=")
                .hasMessageContaining("answered HTTP 404");

        truthBody = "{\"portals\":\"nope\"}";
        assertThatThrownBy(() -> TruthClient.fetch(base, http))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'portals' must be an array");

        server.removeContext("/_sim/truth");
        assertThatThrownBy(() -> TruthClient.fetch(base, http))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void theOwnersMembershipComesFromTheListing() {
        scenario.room(Scenario.GROUP).ownerMembership = "leave";

        List<DeliveredRoom> asUser = new DoubleInspectionReader(base, http, "@user:localhost").read();
        List<DeliveredRoom> asDefault = new DoubleInspectionReader(base, http).read();
        List<DeliveredRoom> asOther = new DoubleInspectionReader(base, http, "@other:localhost").read();

        assertThat(asUser).extracting(DeliveredRoom::ownerMembership).containsExactly(null, "leave");
        assertThat(asDefault).isEqualTo(asUser);
        assertThat(asOther).extracting(DeliveredRoom::ownerMembership).containsOnlyNulls();
    }

    @Test
    void aKickedUsersDeletedRoomAndTheSimulatorsCountersReachTheReport() {
        scenario.room(Scenario.GROUP).ownerMembership = "ban";
        GroundTruth truth = scenario.withDeleted(
                Scenario.GROUP, List.of(new RejectedRecord("chatManateeZone", "r9", "MISSING_FIELD:stl")));

        SimulatorStats stats =
                SimStatsClient.fetch(base + "/database/1/com.apple.messages.cloud/production/private", http);
        VerificationReport report =
                Verifier.forDouble(base, http, "@user:localhost").verify(truth, stats, 7);

        assertThat(stats.pagesServed()).containsEntry("messageManateeZone", 30L).containsEntry("chatManateeZone", 1L);
        assertThat(stats.requestsByZone()).containsEntry("messageManateeZone", 35L);
        assertThat(stats.faultsInjected()).containsEntry("THROTTLED", 2L);
        assertThat(stats.faultsInjectedTotal()).isEqualTo(3);
        assertThat(report.deletedRooms()).isEqualTo(1);
        assertThat(report.rejectedCount()).isEqualTo(1);
        assertThat(report.simulator()).isEqualTo(stats);
        assertThat(report.ok()).as("samples %s", report.samples()).isTrue();

        statsBody = statsBody.replace("\"recoverableZoneAccesses\":0", "\"recoverableZoneAccesses\":3");
        assertThat(Verifier.forDouble(base, http)
                        .verify(truth, SimStatsClient.fetch(base, http), 7)
                        .ok())
                .isFalse();
    }

    @Test
    void malformedStatsGetClearErrors() {
        statsBody = "{\"requests\":1}";
        assertThatThrownBy(() -> SimStatsClient.fetch(base, http))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'recoverableZoneAccesses' must be an integer");
        statsBody = "{\"requests\":1,\"recoverableZoneAccesses\":0,\"pagesServed\":{\"z\":\"x\"}}";
        assertThatThrownBy(() -> SimStatsClient.fetch(base, http)).hasMessageContaining("'pagesServed.z'");
        statsBody = "{\"requests\":1,\"recoverableZoneAccesses\":0,\"faultsInjected\":4}";
        assertThat(SimStatsClient.fetch(base, http).faultsInjected()).containsEntry("total", 4L);
        server.removeContext("/_sim/stats");
        assertThatThrownBy(() -> SimStatsClient.fetch(base, http))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("HTTP 404");
    }

    private void rooms(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/_double/rooms")) {
            ArrayNode list = MAPPER.createArrayNode();
            for (Scenario.Room room : scenario.rooms) {
                ObjectNode node = list.addObject()
                        .put("roomId", room.roomId)
                        .put("creator", "@imessagebot:localhost")
                        .put("isDirect", false)
                        .put("eventCount", room.events.size());
                ObjectNode members = node.putObject("members").put("@imessagebot:localhost", "join");
                if (room.ownerMembership != null) {
                    members.put("@user:localhost", room.ownerMembership);
                }
                node.put("bridgePortalId", hideListedPortal.contains(room.roomId) ? null : room.portalId);
            }
            reply(ex, 200, MAPPER.writeValueAsBytes(list));
            return;
        }
        String roomId = path.substring("/_double/rooms/".length(), path.length() - "/events".length());
        Scenario.Room room = scenario.rooms.stream()
                .filter(r -> r.roomId.equals(roomId))
                .findFirst()
                .orElse(null);
        if (room == null) {
            reply(ex, 404, "{\"errcode\":\"M_NOT_FOUND\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ArrayNode events = MAPPER.createArrayNode();
        for (DeliveredEvent e : room.events) {
            ObjectNode node = events.addObject()
                    .put("event_id", e.eventId())
                    .put("type", e.type())
                    .put("sender", e.sender())
                    .put("origin_server_ts", e.originServerTs());
            node.set("content", MAPPER.valueToTree(e.content()));
            if (e.stateKey() != null) {
                node.put("state_key", e.stateKey());
            }
        }
        reply(ex, 200, MAPPER.writeValueAsBytes(events));
    }

    private void media(HttpExchange ex) throws IOException {
        String rest = ex.getRequestURI().getPath().substring("/_double/media/".length());
        byte[] bytes = scenario.media.get("mxc://" + rest);
        if (bytes == null) {
            reply(ex, 404, new byte[0]);
        } else {
            reply(ex, 200, bytes);
        }
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** The truth in the simulator's wire shape (wire-contracts.md §1). */
    private static String truthJson(GroundTruth truth) throws IOException {
        ObjectNode root = MAPPER.createObjectNode().put("seed", truth.seed());
        root.putObject("dataset")
                .put("chats", truth.dataset().chats())
                .put("messages", truth.dataset().messages())
                .put("attachments", truth.dataset().attachments());
        ArrayNode handles = root.putObject("owner").putArray("handles");
        truth.ownerHandles().forEach(handles::add);
        ArrayNode portals = root.putArray("portals");
        for (ExpectedPortal portal : truth.portals()) {
            ObjectNode p = portals.addObject()
                    .put("portalId", portal.portalId())
                    .put("kind", portal.kind())
                    .put("name", portal.name());
            ArrayNode members = p.putArray("members");
            portal.members().forEach(members::add);
            ArrayNode parts = p.putArray("parts");
            for (ExpectedPart part : portal.parts()) {
                ObjectNode n = parts.addObject()
                        .put("guid", part.guid())
                        .put("part", part.part())
                        .put("ts", part.ts())
                        .put("sender", part.sender())
                        .put("fromMe", part.fromMe())
                        .put("kind", part.kind());
                if (part.isFile()) {
                    n.put("filename", part.filename())
                            .put("mime", part.mime())
                            .put("size", part.size())
                            .put("sha256", part.sha256());
                } else {
                    n.put("body", part.body());
                }
            }
        }
        return MAPPER.writeValueAsString(root);
    }
}
