package imbridge.app.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.cloudkit.CloudKitClient;
import imbridge.cloudkit.CloudKitConfig;
import imbridge.core.model.RecordReject;
import imbridge.core.port.CloudStore;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.sync.SyncPass;
import imbridge.core.sync.SyncSettings;
import imbridge.core.util.Backoff;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.Waiter;
import imbridge.store.Database;
import imbridge.store.DatabaseConfig;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CloudKit answers: a {@link ScriptedHttpPeer} serves each zone's scripted replies (in order, the last one again
 * when the script runs out) to the real {@link CloudKitClient}, driven by a real {@link SyncPass} into the real SQLite store.
 * Input: {@code messages:}, {@code chats:}, {@code attachments:} lists of replies; a reply is either a raw one
 * ({@code status}, {@code headers}, {@code body}, ...) or {@code page: {records, syncToken, moreComing}}, whose
 * records may be written {@code {good: name}} for a well-formed record. The chats zone holds one good DM unless the
 * case scripts it. Survivors are the record names the store holds after the pass.
 */
final class CloudKitDriver implements SurfaceDriver {
    static final String DM = "iMessage;-;+15551234567";
    /** A pass must give up on a server that never ends its pages long before the real 10,000-page bound. */
    private static final int MAX_PAGES = 40;

    private static final Map<String, String> ZONES = Map.of(
            "messages", "messageManateeZone",
            "chats", "chatManateeZone",
            "attachments", "attachmentManateeZone");

    @Override
    public Outcome run(CorpusCase c, Path work) throws Exception {
        Map<String, List<ScriptedHttpPeer.Reply>> scripts = new ConcurrentHashMap<>();
        for (Map.Entry<String, String> zone : ZONES.entrySet()) {
            JsonNode script = c.input().get(zone.getKey());
            if (script == null) {
                script = defaultScript(zone.getKey());
            }
            List<ScriptedHttpPeer.Reply> replies = new ArrayList<>();
            for (JsonNode reply : script) {
                replies.add(reply(zone.getValue(), reply));
            }
            scripts.put(zone.getValue(), replies);
        }
        Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
        Path dbFile = work.resolve("bridge.db");
        String error = null;
        List<String> reasons;
        try (Database db = Database.open(DatabaseConfig.sqlite(dbFile));
                ScriptedHttpPeer peer = new ScriptedHttpPeer(request -> {
                    String zone = zoneOf(request);
                    List<ScriptedHttpPeer.Reply> replies = scripts.getOrDefault(zone, List.of());
                    if (replies.isEmpty()) {
                        return ScriptedHttpPeer.Reply.json(400, "{\"serverErrorCode\":\"BAD_REQUEST\"}".getBytes());
                    }
                    int n = served.computeIfAbsent(zone, z -> new AtomicInteger())
                            .getAndIncrement();
                    return replies.get(Math.min(n, replies.size() - 1));
                });
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build()) {
            CloudKitConfig config = new CloudKitConfig(
                    peer.baseUrl() + "/database/1/com.apple.messages.cloud/production/private",
                    null,
                    CloudKitConfig.DEFAULT_RESULTS_LIMIT,
                    Duration.ofSeconds(c.input().path("request_timeout_seconds").asLong(3)));
            SyncSettings settings = new SyncSettings(
                    MAX_PAGES, 2, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)), Duration.ofSeconds(1));
            CloudStore store = db.cloudStore("corpus");
            try {
                new SyncPass(
                                new CloudKitClient(config, http),
                                store,
                                new PortalIdResolver(List.of("tel:+15550000001")),
                                settings,
                                Waiter.real(),
                                Clock.systemUTC())
                        .run(new CancellationToken());
            } catch (Exception e) {
                error = Outcome.describe(e);
            }
            reasons = store.rejects(1_000).stream().map(RecordReject::reason).toList();
        }
        return new Outcome(error, reasons, storedRecordNames(dbFile));
    }

    /** Read straight from the database file: what a restarted bridge would find. */
    private static List<String> storedRecordNames(Path dbFile) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT record_name FROM cloud_message UNION ALL SELECT record_name FROM cloud_chat")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static JsonNode defaultScript(String zone) {
        ObjectNode page = CorpusCase.YAML_AS_JSON.createObjectNode();
        ArrayNode records = page.putObject("page").putArray("records");
        if (zone.equals("chats")) {
            records.addObject().put("good", "c-dm");
        }
        return CorpusCase.YAML_AS_JSON.createArrayNode().add(page);
    }

    private static ScriptedHttpPeer.Reply reply(String zoneName, JsonNode spec) {
        if (!spec.has("page")) {
            return ScriptedHttpPeer.Reply.of(spec);
        }
        JsonNode page = spec.get("page");
        ObjectNode entry = CorpusCase.YAML_AS_JSON.createObjectNode();
        entry.putObject("zoneID").put("zoneName", zoneName).put("ownerName", "_defaultOwner");
        ArrayNode records = entry.putArray("records");
        for (JsonNode record : page.path("records")) {
            records.add(
                    record.has("good")
                            ? GoodRecords.of(zoneName, record.get("good").asText())
                            : record);
        }
        entry.put("syncToken", page.path("syncToken").asText("end-" + zoneName));
        entry.put("moreComing", page.path("moreComing").asBoolean(false));
        ObjectNode body = CorpusCase.YAML_AS_JSON.createObjectNode();
        body.putArray("zones").add(entry);
        try {
            return ScriptedHttpPeer.Reply.json(
                    spec.path("status").asInt(200), CorpusCase.YAML_AS_JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String zoneOf(ScriptedHttpPeer.Request request) {
        try {
            return CorpusCase.YAML_AS_JSON
                    .readTree(request.body())
                    .path("zones")
                    .path(0)
                    .path("zoneID")
                    .path("zoneName")
                    .asText("");
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
