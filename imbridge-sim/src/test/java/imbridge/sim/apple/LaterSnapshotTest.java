package imbridge.sim.apple;

import static org.assertj.core.api.Assertions.assertThat;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.PropertyListParser;
import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.Truth;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A later snapshot of the same account: old rows keep their ROWIDs, new rows and tombstones come after them. */
class LaterSnapshotTest {

    @TempDir
    static Path home;

    private static AppleExport export;
    private static Map<String, Long> rowidsBefore;
    private static Map<String, Long> attachmentRowidsBefore;
    private static long maxRowidBefore;
    private static long maxDeletedRowidBefore;
    private static long maxChatTombstoneBefore;
    private static long maxDateEditedBefore;
    private static Truth truthBefore;
    private static AppleExport.Result later;

    @BeforeAll
    static void writeTwice() throws Exception {
        Dataset dataset = Accounts.full(55, 12, 1_200);
        export = AppleExport.write(dataset, "chatdb", home);
        truthBefore = export.truth();
        try (Sql sql = Sql.open(export.database())) {
            rowidsBefore = guidToRowid(sql, "message");
            attachmentRowidsBefore = guidToRowid(sql, "attachment");
            maxRowidBefore = sql.count("SELECT MAX(ROWID) FROM message");
            maxDeletedRowidBefore = sql.count("SELECT MAX(ROWID) FROM sync_deleted_messages");
            maxChatTombstoneBefore = sql.count("SELECT MAX(ROWID) FROM sync_deleted_chats");
            maxDateEditedBefore = sql.count("SELECT MAX(date_edited) FROM message");
        }
        later = export.laterSnapshot(25, 4, 3, 1);
    }

    @Test
    void oldRowsKeepTheirRowidsAndNewOnesComeAfter() throws Exception {
        try (Sql sql = Sql.open(export.database())) {
            Map<String, Long> after = guidToRowid(sql, "message");
            int kept = 0;
            for (Map.Entry<String, Long> row : after.entrySet()) {
                Long before = rowidsBefore.get(row.getKey());
                if (before != null) {
                    assertThat(row.getValue()).as(row.getKey()).isEqualTo(before);
                    kept++;
                } else {
                    assertThat(row.getValue()).isGreaterThan(maxRowidBefore);
                }
            }
            assertThat(after.size() - kept).isEqualTo(25);
            assertThat(guidToRowid(sql, "attachment")).containsAllEntriesOf(attachmentRowidsBefore);
            assertThat(sql.count("SELECT COUNT(*) FROM message")).isEqualTo(later.messages());
        }
    }

    @Test
    void deletedMessagesAndTheDeletedChatLeaveNewTombstoneRows() throws Exception {
        try (Sql sql = Sql.open(export.database())) {
            List<Map<String, Object>> fresh =
                    sql.rows("SELECT guid FROM sync_deleted_messages WHERE ROWID > ?", maxDeletedRowidBefore);
            assertThat(fresh.size()).isGreaterThan(3); // 3 messages plus the deleted chat's messages
            for (Map<String, Object> row : fresh) {
                assertThat(sql.count("SELECT COUNT(*) FROM message WHERE guid = ?", row.get("guid")))
                        .isZero();
                assertThat(rowidsBefore).containsKey((String) row.get("guid"));
                assertThat(sql.count("SELECT COUNT(*) FROM deleted_messages WHERE guid = ?", row.get("guid")))
                        .isEqualTo(1);
            }
            List<Object> chats =
                    sql.column("SELECT guid FROM sync_deleted_chats WHERE ROWID > ?", maxChatTombstoneBefore);
            assertThat(chats).hasSize(1);
            assertThat(sql.count("SELECT COUNT(*) FROM chat WHERE guid = ?", chats.getFirst()))
                    .isZero();
        }
    }

    @Test
    void editsRaiseDateEditedAndAddAVersion() throws Exception {
        try (Sql sql = Sql.open(export.database())) {
            List<Map<String, Object>> edited = sql.rows(
                    "SELECT guid, text, date_edited, message_summary_info " + "FROM message WHERE date_edited > ?",
                    maxDateEditedBefore);
            assertThat(edited).hasSize(4);
            for (Map<String, Object> row : edited) {
                assertThat(rowidsBefore).containsKey((String) row.get("guid"));
                assertThat(row.get("text")).isNull();
                NSDictionary summary =
                        (NSDictionary) PropertyListParser.parse((byte[]) row.get("message_summary_info"));
                NSArray versions = (NSArray) ((NSDictionary) summary.objectForKey("ec")).objectForKey("0");
                assertThat(versions.count()).isGreaterThanOrEqualTo(2);
            }
        }
    }

    @Test
    void theTruthIsTheLaterOne() {
        Truth after = export.truth();
        Map<String, String> bodies = new HashMap<>();
        after.portals()
                .forEach(p -> p.parts().stream()
                        .filter(x -> "text".equals(x.kind()))
                        .forEach(x -> bodies.put(x.guid(), x.body())));
        long editedBodies =
                bodies.values().stream().filter(b -> b.endsWith("(edited)")).count();
        assertThat(editedBodies).isEqualTo(4);
        Set<String> newGuids = bodies.keySet().stream()
                .filter(g -> !rowidsBefore.containsKey(g))
                .collect(Collectors.toSet());
        assertThat(newGuids).isNotEmpty().allSatisfy(g -> assertThat(g).isEqualTo(g.toUpperCase(Locale.ROOT)));
        assertThat(after.deletedPortals()).hasSize(truthBefore.deletedPortals().size() + 1);
        assertThat(after.partCount()).isNotEqualTo(truthBefore.partCount());
    }

    @Test
    void aSecondLaterSnapshotKeepsGrowing(@TempDir Path otherHome) throws Exception {
        AppleExport other = AppleExport.write(Accounts.full(56, 6, 400), "chatdb", otherHome);
        other.laterSnapshot();
        long maxBefore;
        long maxTombstoneBefore;
        try (Sql sql = Sql.open(other.database())) {
            maxBefore = sql.count("SELECT MAX(ROWID) FROM message");
            maxTombstoneBefore = sql.count("SELECT MAX(ROWID) FROM sync_deleted_messages");
        }
        other.laterSnapshot(5, 1, 1, 0);
        try (Sql sql = Sql.open(other.database())) {
            assertThat(sql.count("SELECT COUNT(*) FROM message WHERE ROWID > ?", maxBefore))
                    .isEqualTo(5);
            assertThat(sql.count("SELECT COUNT(*) FROM sync_deleted_messages WHERE ROWID > ?", maxTombstoneBefore))
                    .isEqualTo(1);
        }
    }

    private static Map<String, Long> guidToRowid(Sql sql, String table) throws Exception {
        Map<String, Long> rowids = new HashMap<>();
        for (Map<String, Object> row : sql.rows("SELECT guid, ROWID FROM " + table)) {
            rowids.put((String) row.get("guid"), ((Number) row.get("ROWID")).longValue());
        }
        return rowids;
    }
}
