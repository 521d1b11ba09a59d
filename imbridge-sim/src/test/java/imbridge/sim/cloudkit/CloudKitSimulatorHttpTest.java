package imbridge.sim.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wire protocol of wire-contracts.md §1 over real loopback HTTP, on the demo-sized dataset. */
class CloudKitSimulatorHttpTest {

    private static CloudKitSimulator sim;
    private static final SimHttp http = new SimHttp();

    @BeforeAll
    static void start() {
        sim = CloudKitSimulator.start(SimConfig.defaults(7, 30, 20_000));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void urlsFollowTheContract() {
        assertThat(sim.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(sim.databaseUrl())
                .isEqualTo(sim.baseUrl() + "/database/1/com.apple.messages.cloud/production/private");
    }

    @Test
    void pagingAZoneToTheEndVisitsEveryRecordExactlyOnce() {
        List<SimHttp.ZonePage> pages = http.drain(sim.databaseUrl(), Zones.MESSAGES, null, 400);

        List<String> names = pages.stream()
                .flatMap(p -> p.records().stream())
                .map(r -> r.get("recordName").asText())
                .toList();
        assertThat(names)
                .doesNotHaveDuplicates()
                .hasSize(20_000)
                .containsExactlyInAnyOrderElementsOf(sim.dataset().messages().stream()
                        .map(MessageRecord::recordName)
                        .toList());
        assertThat(pages).hasSize(50);
        assertThat(pages.subList(0, 49)).allSatisfy(p -> {
            assertThat(p.moreComing()).isTrue();
            assertThat(p.records()).hasSize(400);
        });
        assertThat(pages.getLast().moreComing()).isFalse();
        assertThat(pages.stream().map(SimHttp.ZonePage::syncToken)).doesNotHaveDuplicates();

        SimHttp.ZonePage after =
                http.changes(sim.databaseUrl(), Zones.MESSAGES, pages.getLast().syncToken(), 400);
        assertThat(after.records()).isEmpty();
        assertThat(after.moreComing()).isFalse();
        assertThat(after.syncToken()).isEqualTo(pages.getLast().syncToken());
    }

    @Test
    void messagesArriveOutOfChronologicalOrder() {
        List<JsonNode> firstPage =
                http.changes(sim.databaseUrl(), Zones.MESSAGES, null, 400).records();
        int inversions = 0;
        for (int i = 1; i < firstPage.size(); i++) {
            if (time(firstPage.get(i)) < time(firstPage.get(i - 1))) {
                inversions++;
            }
        }
        assertThat(inversions).isGreaterThan(100);
    }

    @Test
    void resumingFromAMidTokenServesTheRestOnly() {
        Set<String> seen = new HashSet<>();
        String token = null;
        for (int i = 0; i < 3; i++) {
            SimHttp.ZonePage page = http.changes(sim.databaseUrl(), Zones.MESSAGES, token, null);
            page.records().forEach(r -> seen.add(r.get("recordName").asText()));
            token = page.syncToken();
        }
        List<String> rest = http.drain(sim.databaseUrl(), Zones.MESSAGES, token, 400).stream()
                .flatMap(p -> p.records().stream())
                .map(r -> r.get("recordName").asText())
                .toList();

        assertThat(seen).hasSize(600);
        assertThat(rest).hasSize(20_000 - 600).doesNotContainAnyElementsOf(seen);
    }

    @Test
    void resultsLimitDefaultsTo200AndIsClampedToTheMaximum() {
        assertThat(http.changes(sim.databaseUrl(), Zones.MESSAGES, null, null).records())
                .hasSize(200);
        assertThat(http.changes(sim.databaseUrl(), Zones.MESSAGES, null, 5000).records())
                .hasSize(400);
        assertThat(http.changes(sim.databaseUrl(), Zones.MESSAGES, null, 7).records())
                .hasSize(7);
    }

    @Test
    void recordsHaveTheContractShape() {
        JsonNode message = http.changes(sim.databaseUrl(), Zones.MESSAGES, null, 1)
                .records()
                .getFirst();
        assertThat(message.get("recordType").asText()).isEqualTo("MessageEncryptedV3");
        assertThat(message.get("deleted").asBoolean()).isFalse();
        assertThat(message.get("recordChangeTag").asText()).isNotEmpty();
        assertThat(message.get("zoneID").get("zoneName").asText()).isEqualTo(Zones.MESSAGES);
        assertThat(message.get("zoneID").get("ownerName").asText()).isEqualTo("_defaultOwner");
        JsonNode fields = message.get("fields");
        assertThat(fields.get("guid").get("type").asText()).isEqualTo("STRING");
        assertThat(fields.get("time").get("type").asText()).isEqualTo("INT64");
        assertThat(fields.get("time").get("value").isIntegralNumber()).isTrue();
        assertThat(fields.get("msgType").get("value").asLong()).isZero();
        assertThat(fields.fieldNames()).toIterable().contains("guid", "chatID", "sender", "time", "flags", "svc");

        List<JsonNode> chats = http.drain(sim.databaseUrl(), Zones.CHATS, null, null)
                .getFirst()
                .records();
        JsonNode group = chats.stream()
                .filter(c -> c.get("fields").get("stl").get("value").asLong() == 43)
                .findFirst()
                .orElseThrow();
        assertThat(group.get("recordType").asText()).isEqualTo("chatEncryptedv2");
        assertThat(group.get("fields").get("gid").get("value").asText()).matches("[0-9A-F-]{36}");
        assertThat(group.get("fields").get("ptcpts").get("value").get(0).has("FZPersonID"))
                .isTrue();

        JsonNode attachment = http.changes(sim.databaseUrl(), Zones.ATTACHMENTS, null, 1)
                .records()
                .getFirst();
        JsonNode lqa = attachment.get("fields").get("lqa");
        assertThat(lqa.get("type").asText()).isEqualTo("ASSETID");
        assertThat(lqa.get("value").get("downloadURL").asText())
                .isEqualTo(sim.baseUrl() + "/assets/"
                        + attachment.get("recordName").asText());
        assertThat(lqa.get("value").get("fileChecksum").asText()).matches("[0-9a-f]{64}");
    }

    @Test
    void assetDownloadsMatchTheirChecksum() {
        List<JsonNode> attachments =
                http.changes(sim.databaseUrl(), Zones.ATTACHMENTS, null, 5).records();
        long before = sim.stats().snapshot().assetDownloads();
        for (JsonNode attachment : attachments) {
            JsonNode asset = attachment.get("fields").get("lqa").get("value");
            SimHttp.Response download = http.get(asset.get("downloadURL").asText());

            assertThat(download.status()).isEqualTo(200);
            assertThat(download.body()).hasSize(asset.get("size").asInt());
            assertThat(AssetBytes.sha256Hex(download.body()))
                    .isEqualTo(asset.get("fileChecksum").asText());
        }
        assertThat(sim.stats().snapshot().assetDownloads()).isEqualTo(before + 5);

        SimHttp.Response missing = http.get(sim.baseUrl() + "/assets/no-such-record");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("serverErrorCode").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void lookupReturnsRecordsAndNotFoundEntriesInRequestOrder() {
        MessageRecord known = sim.dataset().messages().get(123);
        SimHttp.Response response = http.post(
                sim.databaseUrl() + "/records/lookup",
                SimHttp.lookupRequest(Zones.MESSAGES, "nope", known.recordName()));

        assertThat(response.status()).isEqualTo(200);
        JsonNode records = response.json().get("records");
        assertThat(records).hasSize(2);
        assertThat(records.get(0).get("recordName").asText()).isEqualTo("nope");
        assertThat(records.get(0).get("serverErrorCode").asText()).isEqualTo("NOT_FOUND");
        assertThat(records.get(0).get("reason").asText()).isNotBlank();
        assertThat(records.get(1).get("fields").get("guid").get("value").asText())
                .isEqualTo(known.guid());
    }

    @Test
    void zonesListIncludesEveryZoneWithItsCurrentToken() {
        JsonNode zones = http.get(sim.databaseUrl() + "/zones/list").json().get("zones");

        List<String> names = new ArrayList<>();
        zones.forEach(z -> names.add(z.get("zoneID").get("zoneName").asText()));
        assertThat(names).containsExactlyElementsOf(Zones.ALL).contains("recoverableMessageDeleteZone");
        JsonNode messages = zones.get(1);
        assertThat(messages.get("atomic").asBoolean()).isTrue();
        String finalToken = http.drain(sim.databaseUrl(), Zones.MESSAGES, null, 400)
                .getLast()
                .syncToken();
        assertThat(messages.get("syncToken").asText()).isEqualTo(finalToken);
    }

    @Test
    void recoverableZoneIsAnsweredEmptyButEveryAccessIsCounted() {
        long before = sim.stats().snapshot().recoverableZoneAccesses();

        SimHttp.ZonePage page = http.changes(sim.databaseUrl(), Zones.RECOVERABLE_MESSAGE_DELETE, null, null);
        SimHttp.Response lookup = http.post(
                sim.databaseUrl() + "/records/lookup", SimHttp.lookupRequest(Zones.RECOVERABLE_MESSAGE_DELETE, "x"));

        assertThat(page.records()).isEmpty();
        assertThat(page.moreComing()).isFalse();
        assertThat(lookup.json().get("records").get(0).get("serverErrorCode").asText())
                .isEqualTo("NOT_FOUND");
        assertThat(sim.stats().snapshot().recoverableZoneAccesses()).isEqualTo(before + 2);
        assertThat(http.get(sim.baseUrl() + "/_sim/stats")
                        .json()
                        .get("recoverableZoneAccesses")
                        .asLong())
                .isGreaterThanOrEqualTo(before + 2);
    }

    @Test
    void badTokensAreRejectedWith400() {
        String chatsToken =
                http.changes(sim.databaseUrl(), Zones.CHATS, null, 1).syncToken();

        assertError(
                http.post(
                        sim.databaseUrl() + "/changes/zone", SimHttp.changesRequest(Zones.MESSAGES, chatsToken, null)),
                400,
                "BAD_REQUEST");
        assertError(
                http.post(
                        sim.databaseUrl() + "/changes/zone",
                        SimHttp.changesRequest(Zones.MESSAGES, "%%%not-base64%%%", null)),
                400,
                "BAD_REQUEST");
        assertError(
                http.post(
                        sim.databaseUrl() + "/changes/zone",
                        SimHttp.changesRequest(Zones.MESSAGES, "aGVsbG8gd29ybGQ=", null)),
                400,
                "BAD_REQUEST");
    }

    @Test
    void malformedRequestsGetClearErrors() {
        assertError(http.post(sim.databaseUrl() + "/changes/zone", "{not json"), 400, "BAD_REQUEST");
        assertError(http.post(sim.databaseUrl() + "/changes/zone", "{\"zones\":[]}"), 400, "BAD_REQUEST");
        assertError(
                http.post(sim.databaseUrl() + "/changes/zone", SimHttp.changesRequest(Zones.MESSAGES, null, 0)),
                400,
                "BAD_REQUEST");
        assertError(
                http.post(sim.databaseUrl() + "/changes/zone", SimHttp.changesRequest("noSuchZone", null, null)),
                404,
                "ZONE_NOT_FOUND");
        assertError(
                http.post(
                        sim.baseUrl() + "/database/1/com.example.other/production/private/changes/zone",
                        SimHttp.changesRequest(Zones.MESSAGES, null, null)),
                404,
                "ZONE_NOT_FOUND");
        assertError(http.get(sim.baseUrl() + "/nothing/here"), 404, "NOT_FOUND");
    }

    @Test
    void truthEndpointServesTheGroundTruth() {
        SimHttp.Response response = http.get(sim.baseUrl() + "/_sim/truth");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(TruthJson.toBytes(sim.liveTruth()));
        assertThat(sim.truth()).isEqualTo(GroundTruth.compute(sim.dataset())); // no live traffic: nothing added
        JsonNode truth = response.json();
        assertThat(truth.get("seed").asLong()).isEqualTo(7);
        assertThat(truth.get("dataset").get("chats").asInt()).isEqualTo(30);
        assertThat(truth.get("dataset").get("messages").asInt()).isEqualTo(20_000);
        assertThat(truth.get("dataset").get("attachments").asInt())
                .isEqualTo(sim.dataset().attachments().size());
        assertThat(truth.get("portals")).hasSize(30);
    }

    @Test
    void truthPortalsServeTheSameDocumentOnePortalAtATime() {
        JsonNode whole = http.get(sim.baseUrl() + "/_sim/truth").json();
        SimHttp.Response indexResponse = http.get(sim.baseUrl() + "/_sim/truth/portals");
        assertThat(indexResponse.status()).isEqualTo(200);
        JsonNode index = indexResponse.json();

        assertThat(index.get("seed")).isEqualTo(whole.get("seed"));
        assertThat(index.get("deletedPortals")).isEqualTo(whole.get("deletedPortals"));
        assertThat(index.get("portals")).hasSameSizeAs(whole.get("portals"));
        for (int i = 0; i < whole.get("portals").size(); i++) {
            JsonNode expected = whole.get("portals").get(i);
            JsonNode listed = index.get("portals").get(i);
            assertThat(listed.has("parts")).isFalse();
            assertThat(listed.get("partCount").asInt())
                    .isEqualTo(expected.get("parts").size());
            JsonNode portal = http.get(sim.baseUrl() + "/_sim/truth/portals/"
                            + java.net.URLEncoder.encode(
                                            listed.get("portalId").asText(), java.nio.charset.StandardCharsets.UTF_8)
                                    .replace("+", "%20"))
                    .json();
            assertThat(portal).isEqualTo(expected);
        }
        assertError(http.get(sim.baseUrl() + "/_sim/truth/portals/no-such-portal"), 404, "NOT_FOUND");
    }

    @Test
    void sameSeedServesIdenticalPagesAndTokens() {
        try (CloudKitSimulator twin = CloudKitSimulator.start(SimConfig.defaults(7, 30, 20_000))) {
            SimHttp.ZonePage mine = http.changes(sim.databaseUrl(), Zones.MESSAGES, null, 50);
            SimHttp.ZonePage theirs = http.changes(twin.databaseUrl(), Zones.MESSAGES, null, 50);

            assertThat(theirs.syncToken()).isEqualTo(mine.syncToken());
            assertThat(theirs.records()).isEqualTo(mine.records());
        }
    }

    private static long time(JsonNode record) {
        return record.get("fields").get("time").get("value").asLong();
    }

    /** Asserts a CloudKit error answer; returns its body for further checks. */
    static JsonNode assertError(SimHttp.Response response, int status, String code) {
        assertThat(response.status()).as(new String(response.body())).isEqualTo(status);
        assertThat(response.json().get("serverErrorCode").asText()).isEqualTo(code);
        assertThat(response.json().get("reason").asText()).isNotBlank();
        return response.json();
    }
}
