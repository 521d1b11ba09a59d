package imbridge.app.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportOutputTest {

    @Test
    void jsonHasTheKeysTheDemoPromises(@TempDir Path dir) throws Exception {
        Scenario s = Scenario.small();
        s.room(Scenario.DM).events.remove(s.messageIndex(Scenario.DM, 0));
        VerificationReport report = s.compare().withElapsedMs(1234);
        Path file = dir.resolve("out/r.json");

        ReportJson.write(report, file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());

        assertThat(json.has("seed")).isTrue();
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsSubsequence(
                        "seed",
                        "dataset",
                        "expected",
                        "delivered",
                        "missing",
                        "duplicates",
                        "outOfOrder",
                        "unexpected",
                        "mismatched",
                        "elapsedMs",
                        "ok",
                        "portals",
                        "samples");
        assertThat(json.get("seed").asLong()).isEqualTo(7);
        assertThat(json.at("/dataset/chats").asLong()).isEqualTo(2);
        assertThat(json.at("/dataset/messages").asLong()).isEqualTo(9);
        assertThat(json.at("/dataset/attachments").asLong()).isEqualTo(4);
        assertThat(json.at("/expected/portals").asLong()).isEqualTo(2);
        assertThat(json.at("/expected/parts").asLong()).isEqualTo(11);
        assertThat(json.at("/delivered/parts").asLong()).isEqualTo(10);
        assertThat(json.get("missing").asLong()).isEqualTo(1);
        assertThat(json.get("elapsedMs").asLong()).isEqualTo(1234);
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.at("/portals/0/portalId").asText()).isEqualTo(Scenario.DM);
        assertThat(json.at("/portals/0/missing").asLong()).isEqualTo(1);
        assertThat(json.at("/samples/0/problem").asText()).isEqualTo("missing");
        assertThat(json.at("/samples/0/guid").asText()).isEqualTo("0C5E0001-AAAA-4BBB-8CCC-000000000001");
        assertThat(json.at("/samples/0/part").asText()).isEqualTo("text");
        assertThat(json.at("/samples/0/portal").asText()).isEqualTo(Scenario.DM);
    }

    @Test
    void nullSeedAndDatasetStayExplicit() throws Exception {
        GroundTruth audit = new GroundTruth(null, null, null, List.of());
        JsonNode json = new ObjectMapper()
                .readTree(ComparisonCore.compare(audit, List.of(), null, GhostResolver.imessage())
                        .toJson());
        assertThat(json.get("seed").isNull()).isTrue();
        assertThat(json.get("dataset").isNull()).isTrue();
        assertThat(json.get("ok").asBoolean()).isTrue();
    }

    @Test
    void printerShowsWorstFirstThenTotalsAndVerdict() {
        Scenario s = Scenario.small();
        Collections.swap(
                s.room(Scenario.GROUP).events, s.messageIndex(Scenario.GROUP, 0), s.messageIndex(Scenario.GROUP, 1));

        String text = print(s.compare());

        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).startsWith("portal").contains("expected", "delivered", "missing");
        assertThat(lines.get(1)).startsWith(Scenario.GROUP);
        assertThat(lines.get(2)).startsWith(Scenario.DM);
        assertThat(lines.get(3)).startsWith("TOTAL");
        assertThat(text).contains("  outOfOrder " + Scenario.GROUP + " 1D00000");
        assertThat(lines.getLast()).startsWith("FAIL: missing=0 duplicates=0 outOfOrder=1");
        assertThat(print(Scenario.small().compare()).lines().toList().getLast()).startsWith("PASS");
    }

    @Test
    void printerCapsTheTable() {
        Scenario s = Scenario.large(50, 500);
        String portal = s.truth.portals().get(45).portalId();
        s.room(portal).events.remove(s.messageIndex(portal, 0));

        List<String> lines = print(s.compare()).lines().toList();

        assertThat(lines.get(1)).startsWith(portal);
        assertThat(lines).hasSize(1 + ReportPrinter.MAX_ROWS + 1 + 1 + 2 + 1);
        assertThat(lines).contains("… 10 more portals (0 with problems)");
    }

    @Test
    void issueThreeAdditionsAreInTheJsonAndThePrintout() throws Exception {
        Scenario s = Scenario.small();
        s.room(Scenario.GROUP).ownerMembership = "leave";
        List<RejectedRecord> rejected = List.of(
                new RejectedRecord("messageManateeZone", "r1", "BAD_GUID"),
                new RejectedRecord("messageManateeZone", "r2", "BAD_GUID"),
                new RejectedRecord("attachmentManateeZone", "r3", "MISSING_FIELD:lqa"));
        SimulatorStats sim = new SimulatorStats(
                120,
                0,
                Map.of("messageManateeZone", 12L, "chatManateeZone", 1L),
                Map.of("messageManateeZone", 15L),
                Map.of("THROTTLED", 2L, "STALLED_TOKEN", 1L));
        VerificationReport report =
                s.compare(s.withDeleted(Scenario.GROUP, rejected)).withSimulator(sim);

        JsonNode json = new ObjectMapper().readTree(report.toJson());
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsSubsequence(
                        "mismatched",
                        "deletedRooms",
                        "elapsedMs",
                        "ok",
                        "rejectedCount",
                        "rejected",
                        "recoverableZoneAccesses",
                        "pagesServed",
                        "faultsInjected",
                        "portals",
                        "samples");
        assertThat(json.get("deletedRooms").asLong()).isEqualTo(1);
        assertThat(json.get("rejectedCount").asLong()).isEqualTo(3);
        assertThat(json.at("/rejected/2/reason").asText()).isEqualTo("MISSING_FIELD:lqa");
        assertThat(json.at("/rejected/2/zone").asText()).isEqualTo("attachmentManateeZone");
        assertThat(json.get("recoverableZoneAccesses").asLong()).isZero();
        assertThat(json.at("/pagesServed/messageManateeZone").asLong()).isEqualTo(12);
        assertThat(json.at("/faultsInjected/THROTTLED").asLong()).isEqualTo(2);
        assertThat(json.get("ok").asBoolean()).isTrue();

        String text = print(report);
        assertThat(text)
                .contains("deleted rooms: 1")
                .contains("rejected records (malformed, to be quarantined): 3 — BAD_GUID=2 MISSING_FIELD:lqa=1")
                .contains("r3")
                .contains("CloudKit: recoverable-zone accesses 0; pages served chatManateeZone=1 "
                        + "messageManateeZone=12; faults injected 3 (STALLED_TOKEN=1 THROTTLED=2)");
        assertThat(text.lines().toList().getLast())
                .startsWith("PASS: missing=0 duplicates=0 outOfOrder=0 "
                        + "unexpected=0 mismatched=0 recoverableZoneAccesses=0");
    }

    @Test
    void withoutSimulatorCountersTheirJsonFieldsAreNull() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Scenario.small().compare().toJson());

        assertThat(json.get("recoverableZoneAccesses").isNull()).isTrue();
        assertThat(json.get("pagesServed").isNull()).isTrue();
        assertThat(json.get("rejectedCount").asLong()).isZero();
        assertThat(json.get("rejected")).isEmpty();
        assertThat(print(Scenario.small().compare()))
                .doesNotContain("CloudKit:")
                .doesNotContain("rejected records");
    }

    private static String print(VerificationReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReportPrinter.print(report, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
