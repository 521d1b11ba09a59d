package imbridge.sim.apple;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import imbridge.sim.apple.AppleExportPlan.MessageRow;
import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.GroundTruth;
import imbridge.sim.cloudkit.HandleNormalizer;
import imbridge.sim.cloudkit.Truth;
import imbridge.sim.cloudkit.TruthJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local truth against two witnesses: the CloudKit truth of the same account (the export changes only what the
 * contract says it changes) and the written database itself (every expected part is backed by its rows).
 */
class LocalTruthTest {

    private static final long APPLE_EPOCH_MS = 978_307_200_000L;

    @TempDir
    static Path home;

    private static AppleExportPlan plan;
    private static Truth cloud;
    private static Truth local;
    private static Sql sql;

    @BeforeAll
    static void write() throws Exception {
        Dataset dataset = Accounts.full(33, 14, 2_000);
        cloud = GroundTruth.compute(dataset);
        AppleExport export = AppleExport.write(dataset, "chatdb", home);
        plan = export.plan();
        local = export.truth();
        sql = Sql.open(export.database());
    }

    @Test
    void contentPartsAreTheCloudKitOnesExceptRecentlyDeletedWithSecondsFloored() {
        Map<String, MessageRow> rows = new HashMap<>();
        plan.messages().forEach(m -> rows.put(m.guid(), m));
        Set<String> recentlyDeleted = plan.recentlyDeleted();
        Map<String, Truth.Part> localParts = contentParts(local);
        Map<String, String> localPortal = portalOfPart(local);
        Map<String, String> cloudPortal = portalOfPart(cloud);
        int compared = 0;
        for (Map.Entry<String, Truth.Part> entry : contentParts(cloud).entrySet()) {
            Truth.Part expected = entry.getValue();
            String guid = expected.guid().toUpperCase(Locale.ROOT);
            if (recentlyDeleted.contains(guid)) {
                assertThat(localParts).doesNotContainKey(entry.getKey());
                continue;
            }
            Truth.Part actual = localParts.get(entry.getKey());
            assertThat(actual).as(entry.getKey()).isNotNull();
            MessageRow row = rows.get(guid);
            long ts = row.secondsDate()
                    ? Math.floorDiv(expected.ts() - APPLE_EPOCH_MS, 1000) * 1000 + APPLE_EPOCH_MS
                    : expected.ts();
            assertThat(actual.ts()).isEqualTo(ts);
            assertThat(actual.guid()).isEqualTo(guid);
            assertThat(actual.body()).isEqualTo(expected.body());
            assertThat(actual.sender()).isEqualTo(expected.sender());
            assertThat(actual.sha256()).isEqualTo(expected.sha256());
            assertThat(actual.filename()).isEqualTo(expected.filename());
            assertThat(actual.mime()).isEqualTo(expected.mime());
            assertThat(actual.replyTo() == null ? null : actual.replyTo().toLowerCase(Locale.ROOT))
                    .isEqualTo(
                            expected.replyTo() == null
                                    ? null
                                    : expected.replyTo().toLowerCase(Locale.ROOT));
            assertThat(localPortal.get(entry.getKey())).isEqualTo(cloudPortal.get(entry.getKey()));
            compared++;
        }
        assertThat(compared).isGreaterThan(1_500);
        assertThat(localParts).hasSize(compared);
        assertThat(recentlyDeleted).isNotEmpty();
    }

    @Test
    void filesNotOnDiskAreNoticesAndTheOthersAreNot() {
        Map<String, AttachmentRow> byName = new HashMap<>();
        plan.attachments()
                .forEach(
                        a -> byName.put(a.record().filename() + "|" + a.record().sha256(), a));
        int broken = 0;
        for (Truth.Portal portal : local.portals()) {
            for (Truth.Part part : portal.parts()) {
                if ("file".equals(part.kind())) {
                    AttachmentRow row = byName.get(part.filename() + "|" + part.sha256());
                    assertThat(part.brokenReason()).isEqualTo(row.onDisk() ? null : LocalTruth.NOT_ON_DISK);
                    broken += row.onDisk() ? 0 : 1;
                }
            }
        }
        assertThat(broken).isPositive();
    }

    @Test
    void reactionsAndDeletedPortalsMatchTheCloudKitTruth() {
        assertThat(reactions(local)).isEqualTo(reactions(cloud)).isNotEmpty();
        assertThat(local.deletedPortals()).isEqualTo(cloud.deletedPortals()).hasSize(2);
        assertThat(local.portals())
                .extracting(Truth.Portal::portalId)
                .containsExactlyElementsOf(
                        cloud.portals().stream().map(Truth.Portal::portalId).toList());
    }

    @Test
    void rejectedRecordsAreTheWritersBadRows() throws Exception {
        assertThat(local.rejectedRecords())
                .extracting(Truth.Rejected::reason)
                .containsExactlyInAnyOrder("BODY_UNDECODABLE", "BODY_UNDECODABLE", "BAD_DATE", "BAD_DATE");
        for (Truth.Rejected rejected : local.rejectedRecords()) {
            assertThat(rejected.zone()).isEqualTo("messageManateeZone");
            assertThat(sql.count(
                            "SELECT COUNT(*) FROM message m JOIN chat_message_join j ON j.message_id = m.ROWID "
                                    + "WHERE m.guid = ?",
                            rejected.recordName()))
                    .isEqualTo(1);
        }
    }

    /** Each text and file part is a joined message row of the portal's chat, dated by its date column. */
    @Test
    void everyPartIsBackedByTheDatabase() throws Exception {
        Map<String, Map<String, Object>> byGuid = new HashMap<>();
        for (Map<String, Object> row : sql.rows("SELECT m.guid, m.date, m.text, m.subject, m.attributedBody, "
                + "c.guid AS chat, c.group_id, c.style FROM message m "
                + "JOIN chat_message_join j ON j.message_id = m.ROWID JOIN chat c ON c.ROWID = j.chat_id")) {
            byGuid.put((String) row.get("guid"), row);
        }
        Map<String, Set<String>> dmParticipants = new HashMap<>();
        for (Map<String, Object> row : sql.rows("SELECT c.guid, h.id FROM chat c JOIN chat_handle_join j "
                + "ON j.chat_id = c.ROWID JOIN handle h ON h.ROWID = j.handle_id WHERE c.style = 45")) {
            dmParticipants
                    .computeIfAbsent((String) row.get("guid"), k -> new HashSet<>())
                    .add(HandleNormalizer.normalize((String) row.get("id")));
        }
        for (Truth.Portal portal : local.portals()) {
            for (Truth.Part part : portal.parts()) {
                Map<String, Object> row = byGuid.get(part.guid());
                assertThat(row).as(part.guid()).isNotNull();
                if (!"reaction".equals(part.kind())) {
                    assertThat(part.ts()).isEqualTo(unixMillis(((Number) row.get("date")).longValue()));
                }
                if (portal.portalId().startsWith("gid:")) {
                    assertThat(((String) row.get("group_id")).toLowerCase(Locale.ROOT))
                            .isEqualTo(portal.portalId().substring(4));
                } else {
                    assertThat(dmParticipants.get((String) row.get("chat"))).contains(portal.portalId());
                }
                if ("text".equals(part.kind())) {
                    String stored = row.get("text") != null
                            ? (String) row.get("text")
                            : new String((byte[]) row.get("attributedBody"), StandardCharsets.UTF_8);
                    String subject = (String) row.get("subject");
                    String body = subject == null
                            ? part.body()
                            : part.body().replace("**" + subject + "**\n", "").replace(subject, "");
                    assertThat(stored).contains(body.strip());
                }
            }
        }
    }

    @Test
    void truthJsonCarriesTheNotices() throws Exception {
        JsonNode json = new ObjectMapper().readTree(TruthJson.toBytes(local));
        assertThat(json.get("seed").asLong()).isEqualTo(33);
        assertThat(json.findValuesAsText("brokenReason")).isNotEmpty().containsOnly("NOT_ON_DISK");
        assertThat(json.get("rejectedRecords")).hasSize(4);
    }

    private static long unixMillis(long date) {
        return Math.abs(date) > 100_000_000_000_000L
                ? Math.floorDiv(date, 1_000_000L) + APPLE_EPOCH_MS
                : date * 1000 + APPLE_EPOCH_MS;
    }

    /** Text and file parts by "GUID/part" (GUID upper case). */
    private static Map<String, Truth.Part> contentParts(Truth truth) {
        return truth.portals().stream()
                .flatMap(p -> p.parts().stream())
                .filter(p -> !"reaction".equals(p.kind()))
                .collect(Collectors.toMap(LocalTruthTest::partKey, p -> p));
    }

    private static Map<String, String> portalOfPart(Truth truth) {
        Map<String, String> portals = new HashMap<>();
        truth.portals().forEach(portal -> portal.parts().forEach(p -> portals.put(partKey(p), portal.portalId())));
        return portals;
    }

    private static String partKey(Truth.Part part) {
        return part.guid().toUpperCase(Locale.ROOT) + "/" + part.part();
    }

    private static Set<List<String>> reactions(Truth truth) {
        return truth.portals().stream()
                .flatMap(p -> p.parts().stream())
                .filter(p -> "reaction".equals(p.kind()))
                .map(p -> List.of(
                        p.guid().toUpperCase(Locale.ROOT),
                        p.sender(),
                        p.key(),
                        p.target().toUpperCase(Locale.ROOT)))
                .collect(Collectors.toSet());
    }
}
