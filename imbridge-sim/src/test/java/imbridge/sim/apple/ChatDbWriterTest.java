package imbridge.sim.apple;

import static org.assertj.core.api.Assertions.assertThat;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.PropertyListParser;
import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import imbridge.sim.apple.AppleExportPlan.MessageKind;
import imbridge.sim.apple.AppleExportPlan.MessageRow;
import imbridge.sim.apple.AppleExportPlan.Placement;
import imbridge.sim.cloudkit.AssetBytes;
import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.GroundTruth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A written chat.db opened with plain JDBC holds exactly the plan's rows, in Apple's shapes. */
class ChatDbWriterTest {

    private static final byte[] TYPEDSTREAM_HEADER = HexFormat.of().parseHex("040b73747265616d747970656481e803");

    @TempDir
    static Path home;

    private static Dataset dataset;
    private static AppleExport export;
    private static AppleExportPlan plan;
    private static Sql sql;

    @BeforeAll
    static void write() throws Exception {
        dataset = Accounts.full(21, 16, 1_500);
        export = AppleExport.write(dataset, "chatdb", home);
        plan = export.plan();
        sql = Sql.open(home.resolve("Library/Messages/chat.db"));
    }

    @Test
    void everyTableHoldsThePlansRows() throws Exception {
        assertThat(sql.count("SELECT COUNT(*) FROM message"))
                .isEqualTo(plan.messages().size());
        assertThat(sql.count("SELECT COUNT(*) FROM chat"))
                .isEqualTo(plan.chats().size());
        assertThat(sql.count("SELECT COUNT(*) FROM handle"))
                .isEqualTo(plan.handles().size());
        assertThat(sql.count("SELECT COUNT(*) FROM attachment"))
                .isEqualTo(plan.attachments().size());
        assertThat(sql.count("SELECT COUNT(*) FROM chat_message_join")).isEqualTo(placed(Placement.CHAT));
        assertThat(sql.count("SELECT COUNT(*) FROM chat_recoverable_message_join"))
                .isEqualTo(placed(Placement.RECENTLY_DELETED))
                .isPositive();
        assertThat(sql.count("SELECT COUNT(*) FROM message_attachment_join"))
                .isEqualTo(plan.messages().stream()
                        .mapToLong(m -> m.attachmentRowids().size())
                        .sum());
        assertThat(sql.count("SELECT COUNT(*) FROM chat_handle_join"))
                .isEqualTo(plan.chats().stream()
                        .mapToLong(c -> c.handleRowids().size())
                        .sum());
        assertThat(sql.count("SELECT COUNT(*) FROM sync_deleted_messages"))
                .isEqualTo(plan.deletedMessages().size())
                .isPositive();
        assertThat(sql.count("SELECT COUNT(*) FROM deleted_messages"))
                .isEqualTo(plan.deletedMessages().size());
        assertThat(sql.count("SELECT COUNT(*) FROM sync_deleted_chats"))
                .isEqualTo(plan.deletedChats().size())
                .isEqualTo(2);
        assertThat(export.result().skipped())
                .containsEntry(
                        "MALFORMED_RECORD",
                        GroundTruth.compute(dataset).rejectedRecords().size());
    }

    @Test
    void orphansHaveNoJoinRowAndRejectedRowsAreBad() throws Exception {
        List<Object> orphans = sql.column("SELECT guid FROM message m WHERE NOT EXISTS (SELECT 1 FROM "
                + "chat_message_join j WHERE j.message_id = m.ROWID) AND NOT EXISTS (SELECT 1 FROM "
                + "chat_recoverable_message_join r WHERE r.message_id = m.ROWID)");
        assertThat(orphans).containsExactlyInAnyOrderElementsOf(guids(m -> m.kind() == MessageKind.ORPHAN));
        assertThat(orphans).hasSize(SyntheticRows.ORPHANS);

        for (Map<String, Object> bad : sql.rows("SELECT m.text, m.attributedBody, m.cache_has_attachments "
                + "FROM message m JOIN chat_message_join j ON j.message_id = m.ROWID WHERE m.guid IN ("
                + quoted(guids(m -> m.kind() == MessageKind.BAD_BODY)) + ")")) {
            byte[] body = (byte[]) bad.get("attributedBody");
            assertThat(bad.get("text")).isNull();
            assertThat(bad.get("cache_has_attachments")).isEqualTo(0);
            assertThat(HexFormat.of().formatHex(body)).doesNotContain("012b").doesNotStartWith("040b");
        }
        List<Object> badDates = sql.column("SELECT date FROM message WHERE guid IN ("
                + quoted(guids(m -> m.kind() == MessageKind.BAD_DATE)) + ")");
        assertThat(badDates).containsExactlyInAnyOrder(SyntheticRows.AFTER_2100_NS, SyntheticRows.BEFORE_2001_NS);
    }

    @Test
    void aSampleMessageHasAppleColumns() throws Exception {
        MessageRow sample = plan.messages().stream()
                .filter(m -> m.kind() == MessageKind.DATASET
                        && m.placement() == Placement.CHAT
                        && m.hasText()
                        && !m.record().fromMe()
                        && m.textColumn()
                        && !m.secondsDate()
                        && m.attachmentRowids().isEmpty()
                        && m.record().meta().assocType() == null
                        && m.record().meta().editedAtNs() == null)
                .findFirst()
                .orElseThrow();
        Map<String, Object> row = sql.row(
                "SELECT m.*, h.id AS sender, j.chat_id, c.guid AS chat_guid "
                        + "FROM message m JOIN handle h ON h.ROWID = m.handle_id JOIN chat_message_join j "
                        + "ON j.message_id = m.ROWID JOIN chat c ON c.ROWID = j.chat_id WHERE m.ROWID = ?",
                sample.rowid());

        assertThat(row.get("guid")).isEqualTo(sample.record().guid().toUpperCase());
        assertThat(row.get("ck_record_id")).isEqualTo(sample.record().recordName());
        assertThat(row.get("text")).isEqualTo(sample.bodyText());
        assertThat(row.get("date")).isEqualTo(sample.record().timeNs());
        assertThat(row.get("is_from_me")).isEqualTo(0);
        assertThat(row.get("sender")).isEqualTo(HandleIds.of(sample.record().sender()));
        assertThat(row.get("account")).isEqualTo("E:owner@icloud.com");
        assertThat(row.get("destination_caller_id")).isEqualTo("+15550000001");
        assertThat(row.get("chat_guid")).isEqualTo(plan.chat(sample.chatRowid()).guid());
        byte[] body = (byte[]) row.get("attributedBody");
        assertThat(body).startsWith(TYPEDSTREAM_HEADER);
        assertThat(new String(body, StandardCharsets.UTF_8))
                .contains(sample.bodyText())
                .contains("__kIMMessagePartAttributeName");
    }

    @Test
    void oldRowsAreInSecondsAndRecentRowsKeepTheBodyOnlyInAttributedBody() throws Exception {
        long seconds = sql.count("SELECT COUNT(*) FROM message WHERE abs(date) < 100000000000000");
        long secondsPlanned =
                plan.messages().stream().filter(MessageRow::secondsDate).count();
        assertThat(seconds).isEqualTo(secondsPlanned);
        long datasetRows = plan.messages().stream()
                .filter(m -> m.kind() == MessageKind.DATASET)
                .count();
        assertThat((double) secondsPlanned / datasetRows).isBetween(0.07, 0.13);

        assertThat(sql.count("SELECT COUNT(*) FROM message WHERE text IS NULL AND attributedBody IS NOT NULL "
                        + "AND item_type = 0"))
                .isGreaterThan(datasetRows / 3);
        assertThat(sql.count("SELECT COUNT(*) FROM message WHERE text IS NOT NULL"))
                .isGreaterThan(datasetRows / 3);
    }

    @Test
    void tapbacksRepliesEditsAndUnsendsLookLikeApples() throws Exception {
        Map<String, Object> tapback = sql.rows("SELECT associated_message_guid, associated_message_type FROM "
                        + "message WHERE associated_message_type BETWEEN 2000 AND 3006")
                .getFirst();
        assertThat((String) tapback.get("associated_message_guid")).matches("p:\\d+/[0-9A-F-]{36}");

        Map<String, Object> reply = sql.rows("SELECT thread_originator_guid, thread_originator_part FROM message "
                        + "WHERE thread_originator_guid IS NOT NULL")
                .getFirst();
        assertThat((String) reply.get("thread_originator_guid")).matches("[0-9A-F-]{36}");
        assertThat((String) reply.get("thread_originator_part")).matches("\\d+:0:\\d+");

        Map<String, Object> edited = sql.rows("SELECT text, date, date_edited, message_summary_info FROM message "
                        + "WHERE date_edited != 0 AND message_summary_info IS NOT NULL AND is_empty = 0")
                .getFirst();
        assertThat(edited.get("text")).isNull();
        NSDictionary summary = (NSDictionary) PropertyListParser.parse((byte[]) edited.get("message_summary_info"));
        NSArray versions = (NSArray) ((NSDictionary) summary.objectForKey("ec")).objectForKey("0");
        assertThat(versions.count()).isGreaterThanOrEqualTo(2);
        assertThat(summary.objectForKey("ep")).isNotNull();

        Map<String, Object> unsent = sql.rows("SELECT text, attributedBody, date, date_edited, "
                        + "message_summary_info FROM message WHERE is_empty = 1")
                .getFirst();
        assertThat(unsent.get("text")).isNull();
        assertThat((byte[]) unsent.get("attributedBody")).isEqualTo(TypedStreamEncoder.encode(AttributedText.empty()));
        assertThat(PropertyListParser.parse((byte[]) unsent.get("message_summary_info"))
                        .toJavaObject())
                .asString()
                .contains("rp");
    }

    @Test
    void splitConversationsAndTombstonedChats() throws Exception {
        assertThat(plan.splitHandles()).isNotEmpty();
        for (String id : plan.splitHandles()) {
            assertThat(sql.row(
                                    "SELECT h.service FROM chat c JOIN chat_handle_join j ON j.chat_id = c.ROWID "
                                            + "JOIN handle h ON h.ROWID = j.handle_id WHERE c.guid = ?",
                                    "SMS;-;" + id)
                            .get("service"))
                    .isEqualTo("SMS");
            assertThat(sql.count("SELECT COUNT(*) FROM chat WHERE guid = ?", "iMessage;-;" + id))
                    .isEqualTo(1);
            assertThat(sql.count(
                            "SELECT COUNT(*) FROM message m JOIN chat_message_join j ON j.message_id = m.ROWID "
                                    + "JOIN chat c ON c.ROWID = j.chat_id WHERE c.guid = ? AND m.service = 'SMS'",
                            "SMS;-;" + id))
                    .isPositive();
        }

        for (AppleExportPlan.ChatTombstone tombstone : plan.deletedChats()) {
            assertThat(sql.count(
                            "SELECT COUNT(*) FROM chat WHERE guid = ?",
                            tombstone.chat().guid()))
                    .isZero();
            assertThat(sql.row(
                                    "SELECT recordID FROM sync_deleted_chats WHERE guid = ?",
                                    tombstone.chat().guid())
                            .get("recordID"))
                    .isEqualTo(tombstone.chat().recordName());
        }
    }

    @Test
    void attachmentFilesAreThereExceptTheMissingOnes() throws Exception {
        assertThat(plan.attachments()).isNotEmpty();
        assertThat(plan.notOnDisk()).isNotEmpty();
        assertThat(export.result().notOnDisk()).hasSameSizeAs(plan.notOnDisk());
        for (AttachmentRow row : plan.attachments()) {
            Map<String, Object> column = sql.row(
                    "SELECT filename, transfer_name, total_bytes, mime_type, uti " + "FROM attachment WHERE ROWID = ?",
                    row.rowid());
            assertThat(column.get("transfer_name")).isEqualTo(row.record().filename());
            assertThat(column.get("total_bytes")).isEqualTo(row.record().size());
            assertThat(
                            column.get("mime_type") == null
                                    ? AttachmentPlanner.mimeOfUti((String) column.get("uti"))
                                    : column.get("mime_type"))
                    .isEqualTo(row.record().mime());
            switch (row.state()) {
                case NO_FILENAME -> assertThat(column.get("filename")).isNull();
                case MISSING ->
                    assertThat(AttachmentFiles.resolve(home, (String) column.get("filename")))
                            .doesNotExist();
                case ON_DISK -> {
                    Path file = AttachmentFiles.resolve(home, (String) column.get("filename"));
                    assertThat(file).startsWith(home.resolve("Library/Messages/Attachments"));
                    assertThat(AssetBytes.sha256Hex(Files.readAllBytes(file)))
                            .isEqualTo(row.record().sha256());
                }
            }
        }
        assertThat(sql.count("SELECT COUNT(*) FROM attachment WHERE mime_type IS NULL"))
                .isPositive();
    }

    @Test
    void schemaHasTheColumnsReadersQuery() throws Exception {
        List<Object> columns = sql.column("SELECT name FROM pragma_table_info('message')");
        assertThat(columns)
                .contains(
                        "guid",
                        "text",
                        "attributedBody",
                        "handle_id",
                        "other_handle",
                        "subject",
                        "date",
                        "date_read",
                        "date_delivered",
                        "date_edited",
                        "date_retracted",
                        "is_from_me",
                        "item_type",
                        "group_title",
                        "group_action_type",
                        "associated_message_guid",
                        "associated_message_type",
                        "associated_message_emoji",
                        "balloon_bundle_id",
                        "payload_data",
                        "thread_originator_guid",
                        "thread_originator_part",
                        "destination_caller_id",
                        "ck_record_id",
                        "message_summary_info",
                        "cache_has_attachments",
                        "part_count",
                        "is_system_message",
                        "is_service_message");
        assertThat(sql.column("SELECT name FROM sqlite_master WHERE type = 'index'"))
                .contains("message_idx_date", "chat_message_join_idx_message_date_id_chat_id");
        assertThat(sql.count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"))
                .isZero();
        assertThat(sql.column("PRAGMA journal_mode")).containsExactly("wal");
    }

    @Test
    void theSameSeedWritesTheSameRows(@TempDir Path again) throws Exception {
        AppleExport second = AppleExport.write(Accounts.full(21, 16, 1_500), "chatdb", again);
        try (Sql other = Sql.open(second.database())) {
            String query = "SELECT ROWID, guid, text, date, hex(attributedBody) FROM message ORDER BY ROWID";
            assertThat(other.rows(query)).isEqualTo(sql.rows(query));
        }
    }

    private static long placed(Placement placement) {
        return plan.messages().stream().filter(m -> m.placement() == placement).count();
    }

    private static List<String> guids(Predicate<MessageRow> which) {
        return plan.messages().stream().filter(which).map(MessageRow::guid).toList();
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(v -> "'" + v + "'").toList());
    }
}
