package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.ChatRow;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.PortalCandidate;
import imbridge.core.model.RecordReject;
import imbridge.core.model.Zone;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store contract: every dialect must pass exactly these tests against a fresh database each. */
abstract class StoreContractTest extends StorePortContract {

    /** Installs a trigger that makes every write to {@code cloud_sync_state} fail. */
    protected abstract void failSyncStateWrites(Statement statement) throws SQLException;

    /** How many planner statistics rows the database holds for {@code table} (sqlite_stat1 / pg_stats). */
    protected abstract long statisticsRows(Statement statement, String table) throws SQLException;

    /** SQLite gathers none on its own; PostgreSQL's autovacuum may at any moment. */
    protected abstract boolean statisticsOnlyWhenAsked();

    // ---- planner statistics ---------------------------------------------------------------------------

    @Test
    void refreshStatisticsGathersStatisticsForTheCachedMessages() throws SQLException {
        List<MessageRow> page = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            page.add(message(guid(i), i % 2 == 0 ? DM : GROUP, i));
        }
        cloud.ingestMessagePage(page, List.of(), List.of(), "m1");
        if (statisticsOnlyWhenAsked()) {
            try (Connection c = raw();
                    Statement s = c.createStatement()) {
                assertThat(statisticsRows(s, "cloud_message")).as("before").isZero();
            }
        }

        cloud.refreshStatistics();
        cloud.refreshStatistics(); // repeatable: a second run finds nothing new to do and must not fail

        try (Connection c = raw();
                Statement s = c.createStatement()) {
            assertThat(statisticsRows(s, "cloud_message")).as("after").isPositive();
        }
        assertThat(cloud.portalMessageCount(DM)).isEqualTo(100);
    }

    // ---- ingest, replay, atomicity ----------------------------------------------------------------------

    @Test
    void replayingPagesLeavesExactlyTheSameRows() throws SQLException {
        List<CloudAttachment> attachments = List.of(attachment("att-1", "AbC-1"), attachment("att-2", "abc-2"));
        List<ChatRow> chats = List.of(dmChat(), groupChat());
        List<MessageRow> messages = new ArrayList<>();
        for (int i = 0; i < PAGE; i++) {
            messages.add(message(guid(i), i % 2 == 0 ? DM : GROUP, 1_000 + i));
        }
        messages.set(7, withAttachments(messages.get(7), attachments));
        List<RecordReject> rejects = List.of(new RecordReject(Zone.MESSAGES, "bad-1", "no guid", "{}"));

        List<List<?>> snapshots = new ArrayList<>();
        for (int replay = 0; replay < 2; replay++) {
            cloud.ingestAttachmentPage(attachments, List.of(), List.of(), "a1");
            cloud.ingestChatPage(chats, List.of(), List.of(), "c1");
            cloud.ingestMessagePage(messages, List.of(guid(3)), rejects, "m1");
            snapshots.add(List.of(
                    cloud.messagesAfter(DM, BackfillCursor.START, 1_000),
                    cloud.messagesAfter(GROUP, BackfillCursor.START, 1_000),
                    cloud.portalCandidates(),
                    cloud.chatForPortal(DM),
                    cloud.chatForPortal(GROUP),
                    cloud.attachmentsByGuid(List.of("abc-1", "abc-2")),
                    cloud.rejectCount(),
                    List.of(
                            rows("cloud_attachment"),
                            rows("cloud_chat"),
                            rows("cloud_message"),
                            rows("cloud_record_reject"),
                            rows("cloud_sync_state"))));
        }

        assertThat(snapshots.get(1)).isEqualTo(snapshots.get(0));
        assertThat(snapshots.get(0).getLast()).isEqualTo(List.of(2L, 2L, (long) PAGE, 1L, 3L));
        List<MessageRow> dm = cloud.messagesAfter(DM, BackfillCursor.START, 1_000);
        List<MessageRow> group = cloud.messagesAfter(GROUP, BackfillCursor.START, 1_000);
        assertThat(dm).hasSize(PAGE / 2);
        assertThat(group).hasSize(PAGE / 2 - 1).noneMatch(m -> m.guid().equals(guid(3)));
        assertThat(group)
                .filteredOn(m -> m.guid().equals(guid(7)))
                .singleElement()
                .satisfies(m -> assertThat(m.attachments()).containsExactlyElementsOf(attachments));
        assertThat(dm.getFirst()).isEqualTo(messages.getFirst());
    }

    /**
     * A page ingest touches its own rows only, so its cost follows the page and not the cache: after three pages and
     * a replay of the first, each page's rows carry the stamp of their own last ingest (the clock ticks once per
     * page). The plans of the page's lookups are checked at scale by {@link HotQueryPlansAtScale}; the ingest's speed
     * is measured by imbridge-bench's {@code PageIngestBenchmark}, not asserted here.
     */
    @Test
    void aPageIngestWritesItsOwnRowsOnly() throws SQLException {
        List<List<MessageRow>> pages = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            List<MessageRow> messages = new ArrayList<>();
            for (int i = 0; i < PAGE; i++) {
                messages.add(message(guid(page * PAGE + i), DM, page * PAGE + i));
            }
            pages.add(messages);
            cloud.ingestMessagePage(messages, List.of(), List.of(), "t" + page);
            assertThat(rowsPerStamp().values())
                    .as("after page %d", page)
                    .hasSize(page + 1)
                    .containsOnly((long) PAGE);
        }
        List<Long> stamps = List.copyOf(rowsPerStamp().keySet());

        cloud.ingestMessagePage(pages.getFirst(), List.of(), List.of(), "t3");

        Map<Long, Long> afterReplay = rowsPerStamp();
        assertThat(afterReplay.values()).hasSize(3).containsOnly((long) PAGE);
        assertThat(afterReplay.keySet())
                .as("pages 1 and 2 untouched")
                .containsAll(stamps.subList(1, 3))
                .doesNotContain(stamps.getFirst());
        assertThat(cloud.portalCandidates()).containsExactly(new PortalCandidate(DM, 3 * PAGE - 1, 3 * PAGE));
    }

    /** Cached messages per {@code updated_ts}, in stamp order. */
    private Map<Long, Long> rowsPerStamp() throws SQLException {
        try (Connection c = raw();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT updated_ts, COUNT(*) FROM cloud_message GROUP BY updated_ts ORDER BY updated_ts")) {
            Map<Long, Long> out = new LinkedHashMap<>();
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getLong(2));
            }
            return out;
        }
    }

    @Test
    void failingIngestLeavesNeitherRowsNorTombstonesNorRejectsNorToken() throws SQLException {
        cloud.ingestMessagePage(List.of(message("kept", DM, 1)), List.of(), List.of(), "m1");
        try (Connection c = raw();
                Statement s = c.createStatement()) {
            failSyncStateWrites(s);
        }

        assertThatThrownBy(() -> cloud.ingestMessagePage(
                        List.of(message("lost", DM, 2)),
                        List.of("kept"),
                        List.of(new RecordReject(Zone.MESSAGES, "bad", "undecodable", null)),
                        "m2"))
                .isInstanceOf(RuntimeException.class);

        assertThat(cloud.messagesAfter(DM, BackfillCursor.START, 10))
                .extracting(MessageRow::guid)
                .containsExactly("kept");
        assertThat(rows("cloud_message")).isEqualTo(1);
        assertThat(cloud.rejectCount()).isZero();
        assertThat(cloud.syncToken(Zone.MESSAGES)).contains("m1");
    }

    @Test
    void chatTombstoneHardDeletesTheChatAndSoftDeletesItsPortalsMessages() throws SQLException {
        cloud.ingestChatPage(List.of(dmChat(), groupChat()), List.of(), List.of(), "c1");
        cloud.ingestMessagePage(
                List.of(message("dm-1", DM, 1), message("group-1", GROUP, 2)), List.of(), List.of(), "m1");

        cloud.ingestChatPage(List.of(), List.of("chat-record-group"), List.of(), "c2");

        assertThat(rows("cloud_chat")).isEqualTo(1);
        assertThat(cloud.chatForPortal(GROUP)).isEmpty();
        assertThat(cloud.messagesAfter(GROUP, BackfillCursor.START, 10)).isEmpty();
        assertThat(rows("cloud_message")).isEqualTo(2);
        assertThat(cloud.portalCandidates())
                .extracting(PortalCandidate::portalId)
                .containsExactly(DM);
    }

    @Test
    void messageMapKeepsOneRowPerPartAndTheFirstEvent() throws SQLException {
        PartKey text = PartKey.text("guid-1");
        PartKey photo = PartKey.attachment("guid-1", 0);
        BackfillState state =
                new BackfillState(DM, BackfillStatus.RUNNING, new BackfillCursor(10, "GUID-1"), 1, 2, null, 1_000);
        bridge.commitBackfillBatch(List.of(sent(text, "$first"), sent(photo, "$photo")), state);
        bridge.commitBackfillBatch(List.of(sent(text, "$second")), state);

        assertThat(rows("message_map")).isEqualTo(2);
        assertThat(bridge.existingParts(DM, List.of(PartKey.text("GUID-1"), PartKey.attachment("guid-1", 1), photo)))
                .containsExactlyInAnyOrder(PartKey.text("guid-1"), photo);
        assertThat(bridge.existingParts(GROUP, List.of(text))).isEmpty();
        try (Connection c = raw();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT event_id FROM message_map WHERE part = 'text'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("$first");
        }
    }

    @Test
    void rejectsAreStoredOncePerZoneAndRecord() throws SQLException {
        List<RecordReject> rejects = List.of(
                new RecordReject(Zone.MESSAGES, "rec-1", "missing guid", "{\"recordName\":\"rec-1\"}"),
                new RecordReject(Zone.MESSAGES, "rec-2", "bad time", null));
        cloud.ingestMessagePage(List.of(), List.of(), rejects, "m1");
        cloud.ingestMessagePage(List.of(), List.of(), rejects, "m2");
        cloud.ingestChatPage(
                List.of(), List.of(), List.of(new RecordReject(Zone.CHATS, "rec-1", "no cid", "{}")), "c1");
        assertThat(cloud.rejectCount()).isEqualTo(3);
        try (Connection c = raw();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT reason, raw_json FROM cloud_record_reject "
                        + "WHERE zone = 'messageManateeZone' AND record_name = 'rec-1'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("missing guid");
            assertThat(rs.getString(2)).isEqualTo("{\"recordName\":\"rec-1\"}");
        }
    }
}
