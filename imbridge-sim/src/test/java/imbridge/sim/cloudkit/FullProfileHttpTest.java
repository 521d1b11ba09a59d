package imbridge.sim.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Profile {@code full} over real HTTP: the new fields, malformed records on the wire, late arrivals. */
class FullProfileHttpTest {

    private static final Duration LATE_AFTER = Duration.ofSeconds(3);

    private static final ManualClock clock = new ManualClock();
    private static CloudKitSimulator sim;
    private static final SimHttp http = new SimHttp();

    @BeforeAll
    static void start() {
        sim = CloudKitSimulator.start(SimConfig.defaults(21, 8, 1_500)
                .withProfile(SimProfile.FULL)
                .withLateAfter(LATE_AFTER)
                .withClock(clock));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void messageRecordsCarryTapbackReplyEditUnsentReadAndTypeFields() {
        List<JsonNode> records = records(Zones.MESSAGES);
        List<JsonNode> fields = records.stream()
                .filter(r -> !r.path("deleted").asBoolean())
                .map(r -> r.get("fields"))
                .toList();

        assertThat(fields).anySatisfy(f -> {
            assertThat(f.at("/assocType/value").asLong()).isEqualTo(2006);
            assertThat(f.at("/assocType/type").asText()).isEqualTo("INT64");
            assertThat(f.at("/assocEmoji/value").asText()).isNotBlank();
            assertThat(f.at("/assocGuid/value").asText()).startsWith("p:0/");
        });
        assertThat(fields)
                .anySatisfy(f -> assertThat(f.at("/assocType/value").asLong()).isBetween(3000L, 3006L));
        assertThat(fields)
                .anySatisfy(f -> assertThat(f.at("/replyGuid/value").asText()).startsWith("r:0:"));
        assertThat(fields).anySatisfy(f -> {
            assertThat(f.at("/unsent/value").asLong()).isEqualTo(1);
            assertThat(f.has("text")).isFalse();
        });
        assertThat(fields)
                .anySatisfy(f -> assertThat(f.at("/editedAt/value").asLong())
                        .isGreaterThan(f.at("/time/value").asLong()));
        assertThat(fields)
                .anySatisfy(f -> assertThat(f.at("/dateRead/value").asLong())
                        .isGreaterThan(f.at("/time/value").asLong()));
        assertThat(fields)
                .anySatisfy(f -> assertThat(f.at("/msgType/value").asLong()).isNotZero());
        assertThat(fields)
                .anySatisfy(f -> assertThat(f.at("/flags/value").asLong() & MessageRecord.FLAG_SYSTEM)
                        .isNotZero());
        assertThat(fields)
                .anySatisfy(f -> assertThat(f.at("/flags/value").asLong() & MessageRecord.FLAG_SERVICE)
                        .isNotZero());
        assertThat(fields)
                .filteredOn(f -> !f.has("assocType"))
                .allSatisfy(f -> assertThat(f.has("assocGuid")).isFalse());
    }

    @Test
    void malformedRecordsAreOnTheWireAsPlanted() {
        Map<String, String> reasons = new HashMap<>();
        http.get(sim.baseUrl() + "/_sim/truth")
                .json()
                .get("rejectedRecords")
                .forEach(r -> reasons.put(
                        r.get("recordName").asText(), r.get("reason").asText()));
        Map<String, JsonNode> byName = new HashMap<>();
        for (String zone : List.of(Zones.CHATS, Zones.MESSAGES, Zones.ATTACHMENTS)) {
            records(zone).forEach(r -> byName.put(r.get("recordName").asText(), r));
        }

        assertThat(reasons).hasSize(14);
        reasons.forEach((name, reason) -> {
            JsonNode fields = byName.get(name).get("fields");
            switch (reason) {
                case "MISSING_FIELD:guid" -> assertThat(fields.has("guid")).isFalse();
                case "MISSING_FIELD:time" -> assertThat(fields.has("time")).isFalse();
                case "MISSING_FIELD:chatID" -> assertThat(fields.has("chatID")).isFalse();
                case "MISSING_FIELD:stl" -> assertThat(fields.has("stl")).isFalse();
                case "MISSING_FIELD:lqa" -> assertThat(fields.has("lqa")).isFalse();
                case "WRONG_TYPE:time", "WRONG_TYPE:stl" -> {
                    String field = reason.substring(reason.indexOf(':') + 1);
                    assertThat(fields.at("/" + field + "/type").asText()).isEqualTo("STRING");
                    assertThat(fields.at("/" + field + "/value").isTextual()).isTrue();
                }
                case "WRONG_TYPE:sender" -> {
                    assertThat(fields.at("/sender/type").asText()).isEqualTo("INT64");
                    assertThat(fields.at("/sender/value").isNumber()).isTrue();
                }
                case "INVALID_UTF8:text" ->
                    assertThat(fields.at("/text/value").asText()).contains("\uFFFD");
                case "INVALID_UTF8:sender" ->
                    assertThat(fields.at("/sender/value").asText()).contains("\uFFFD");
                case "BAD_GUID" -> assertThat(fields.at("/guid/value").asText()).startsWith("not-a-guid-");
                case "ABSURD_TIMESTAMP" ->
                    assertThat(GroundTruth.unixMillis(fields.at("/time/value").asLong()))
                            .satisfiesAnyOf(
                                    ms -> assertThat(ms).isLessThan(1_167_609_600_000L),
                                    ms -> assertThat(ms).isGreaterThan(4_102_444_800_000L));
                case "OVERSIZE_TEXT" ->
                    assertThat(fields.at("/text/value").asText().length()).isGreaterThan(Defect.OVERSIZE_TEXT_CHARS);
                default -> throw new AssertionError("unexpected reason " + reason);
            }
        });
    }

    @Test
    void invalidUtf8IsRawInTheBodyWhileTheRestOfThePageStaysValid() {
        SimHttp.Response response =
                http.post(sim.databaseUrl() + "/changes/zone", SimHttp.changesRequest(Zones.MESSAGES, null, 400));
        List<SimHttp.Response> bodies = new ArrayList<>();
        bodies.add(response);
        String token = response.json().at("/zones/0/syncToken").asText();
        while (response.json().at("/zones/0/moreComing").asBoolean()) {
            response =
                    http.post(sim.databaseUrl() + "/changes/zone", SimHttp.changesRequest(Zones.MESSAGES, token, 400));
            bodies.add(response);
            token = response.json().at("/zones/0/syncToken").asText();
        }

        List<SimHttp.Response> withRawBytes = bodies.stream()
                .filter(b -> indexOf(b.body(), RecordWriter.INVALID_UTF8) >= 0)
                .toList();
        assertThat(withRawBytes).isNotEmpty();
        for (SimHttp.Response body : withRawBytes) {
            JsonNode page = body.json();
            assertThat(page.at("/zones/0/records").size()).isPositive();
            long replaced = 0;
            for (JsonNode record : page.at("/zones/0/records")) {
                if (record.toString().contains("\uFFFD")) {
                    replaced++;
                }
            }
            assertThat(replaced)
                    .as("only the planted records hold replacement characters")
                    .isBetween(1L, 2L);
        }
    }

    @Test
    void lateRecordsReachOnlyRequestsAfterLateAfter() {
        try (CloudKitSimulator own = CloudKitSimulator.start(SimConfig.defaults(21, 8, 1_500)
                .withProfile(SimProfile.FULL)
                .withLateAfter(LATE_AFTER)
                .withClock(new ManualClock()))) {
            ManualClock ownClock = (ManualClock) own.config().clock();
            Map<String, String> tokens = new HashMap<>();
            for (String zone : List.of(Zones.CHATS, Zones.ATTACHMENTS, Zones.MESSAGES)) {
                tokens.put(
                        zone,
                        http.drain(own.databaseUrl(), zone, null, 400).getLast().syncToken());
            }
            Conversation late = own.dataset().conversations().stream()
                    .filter(c -> c.role() == Conversation.Role.LATE)
                    .findFirst()
                    .orElseThrow();
            Conversation lateDeleted = own.dataset().conversations().stream()
                    .filter(c -> c.role() == Conversation.Role.DELETED_LATE)
                    .findFirst()
                    .orElseThrow();
            JsonNode before = http.get(own.baseUrl() + "/_sim/truth").json();

            ownClock.advance(LATE_AFTER.minusMillis(1));
            assertThat(http.changes(own.databaseUrl(), Zones.MESSAGES, tokens.get(Zones.MESSAGES), null)
                            .records())
                    .isEmpty();
            ownClock.advance(Duration.ofMillis(1));
            SimHttp.ZonePage chats = http.changes(own.databaseUrl(), Zones.CHATS, tokens.get(Zones.CHATS), null);
            SimHttp.ZonePage attachments =
                    http.changes(own.databaseUrl(), Zones.ATTACHMENTS, tokens.get(Zones.ATTACHMENTS), null);
            SimHttp.ZonePage messages =
                    http.changes(own.databaseUrl(), Zones.MESSAGES, tokens.get(Zones.MESSAGES), null);
            JsonNode after = http.get(own.baseUrl() + "/_sim/truth").json();

            assertThat(before.toString()).doesNotContain(late.portalId()).contains(lateDeleted.portalId());
            assertThat(before.get("deletedPortals").toString()).doesNotContain(lateDeleted.portalId());
            assertThat(chats.records()).hasSize(2);
            assertThat(chats.records().get(0).get("recordName").asText()).isEqualTo(late.chatRecordName());
            assertThat(chats.records().get(1).get("recordName").asText()).isEqualTo(lateDeleted.chatRecordName());
            assertThat(chats.records().get(1).get("deleted").asBoolean()).isTrue();
            assertThat(attachments.records()).hasSize(1);
            assertThat(messages.records()).hasSizeGreaterThanOrEqualTo(late.messageCount() + 2);
            assertThat(messages.records().getLast().get("deleted").asBoolean()).isTrue();
            assertThat(after.get("deletedPortals").toString()).contains(lateDeleted.portalId());
            assertThat(after.get("portals").toString()).contains(late.portalId());
            assertThat(own.dataset().pendingLateChanges()).isZero();
        }
    }

    @Test
    void truthListsDeletedPortalsAndRejectedRecordsAfterThePortals() {
        JsonNode truth = http.get(sim.baseUrl() + "/_sim/truth").json();
        List<String> keys = new ArrayList<>();
        truth.fieldNames().forEachRemaining(keys::add);

        assertThat(keys)
                .containsExactly(
                        "seed",
                        "dataset",
                        "owner",
                        "portals",
                        "deletedPortals",
                        "rejectedRecords",
                        "revivedPortals",
                        "live");
        assertThat(truth.get("deletedPortals")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(truth.get("rejectedRecords").get(0).has("zone")).isTrue();
        assertThat(truth.get("rejectedRecords").get(0).has("recordName")).isTrue();
        assertThat(truth.get("rejectedRecords").get(0).has("reason")).isTrue();
    }

    private List<JsonNode> records(String zone) {
        List<JsonNode> all = new ArrayList<>();
        http.drain(sim.databaseUrl(), zone, null, 400).forEach(p -> all.addAll(p.records()));
        return all;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
