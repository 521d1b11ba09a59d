package imbridge.sim.apple;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.testing.ManualClock;
import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.MessageRecord;
import imbridge.sim.cloudkit.Truth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages appended to the live chat.db on the simulator's clock, each in its own transaction. */
class LiveChatDbAppenderTest {

    @Test
    void appendsAtTheRateOnTheClockAndTheTruthFollows(@TempDir Path home) throws Exception {
        Dataset dataset = Accounts.full(66, 8, 600);
        AppleExport export = AppleExport.write(dataset, "chatdb", home);
        long maxRowid = export.plan().maxMessageRowid();
        int messagesBefore = export.plan().messages().size();
        ManualClock clock = new ManualClock();

        try (LiveChatDbAppender appender = LiveChatDbAppender.start(export, clock, 4, Duration.ofSeconds(5), 0.25);
                Sql sql = Sql.open(export.database())) {
            assertThat(appender.total()).isEqualTo(20);
            appender.pump();
            assertThat(appender.written()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            appender.pump();
            assertThat(appender.written()).isEqualTo(5);
            assertThat(sql.count("SELECT COUNT(*) FROM message WHERE ROWID > ?", maxRowid))
                    .isEqualTo(5);
            assertThat(sql.count("SELECT COUNT(*) FROM chat_message_join WHERE message_id > ?", maxRowid))
                    .isEqualTo(5);

            clock.advance(Duration.ofSeconds(10));
            appender.pump();
            assertThat(appender.done()).isTrue();
            assertThat(appender.written()).isEqualTo(20);
            assertThat(appender.pump()).isZero();
            assertThat(sql.count("SELECT COUNT(*) FROM message WHERE ROWID > ?", maxRowid))
                    .isEqualTo(20);
            assertThat(sql.count(
                            "SELECT COUNT(*) FROM message m JOIN message_attachment_join j "
                                    + "ON j.message_id = m.ROWID WHERE m.ROWID > ?",
                            maxRowid))
                    .isPositive();
            for (Map<String, Object> file : sql.rows(
                    "SELECT a.filename FROM attachment a JOIN "
                            + "message_attachment_join j ON j.attachment_id = a.ROWID WHERE j.message_id > ?",
                    maxRowid)) {
                assertThat(AttachmentFiles.resolve(home, (String) file.get("filename")))
                        .exists();
            }
        }

        assertThat(export.plan().messages()).hasSize(messagesBefore + 20);
        Set<String> appended = export.plan().messages().stream()
                .filter(m -> m.rowid() > maxRowid)
                .map(AppleExportPlan.MessageRow::guid)
                .collect(Collectors.toSet());
        Set<String> inDataset = dataset.messages().stream()
                .map(MessageRecord::guid)
                .map(g -> g.toUpperCase(Locale.ROOT))
                .collect(Collectors.toSet());
        assertThat(inDataset).containsAll(appended);
        Truth truth = export.truth();
        Set<String> truthGuids = truth.portals().stream()
                .flatMap(p -> p.parts().stream())
                .map(Truth.Part::guid)
                .collect(Collectors.toSet());
        assertThat(truthGuids).containsAll(appended);
    }

    /** A later snapshot re-plans the appended messages from the dataset into exactly the rows written live. */
    @Test
    void liveRowsAreWhatALaterSnapshotWrites(@TempDir Path home) throws Exception {
        AppleExport export = AppleExport.write(Accounts.full(67, 8, 600), "chatdb", home);
        long maxRowid = export.plan().maxMessageRowid();
        ManualClock clock = new ManualClock();
        try (LiveChatDbAppender appender = LiveChatDbAppender.start(export, clock, 10, Duration.ofSeconds(3), 0.5)) {
            clock.advance(Duration.ofSeconds(5));
            appender.pump();
            assertThat(appender.done()).isTrue();
        }
        String rows = "SELECT * FROM message WHERE ROWID > ? ORDER BY ROWID";
        String joins = "SELECT * FROM chat_message_join WHERE message_id > ? ORDER BY message_id";
        String attachments = "SELECT a.* FROM attachment a JOIN message_attachment_join j ON j.attachment_id = "
                + "a.ROWID WHERE j.message_id > ? ORDER BY a.ROWID";
        List<Map<String, Object>> liveRows;
        List<Map<String, Object>> liveJoins;
        List<Map<String, Object>> liveAttachments;
        try (Sql sql = Sql.open(export.database())) {
            liveRows = sql.rows(rows, maxRowid);
            liveJoins = sql.rows(joins, maxRowid);
            liveAttachments = sql.rows(attachments, maxRowid);
        }
        Truth liveTruth = export.truth();

        export.rewriteFromDataset();

        try (Sql sql = Sql.open(export.database())) {
            assertThat(liveRows).hasSize(30);
            assertThat(sql.rows(rows, maxRowid)).usingRecursiveComparison().isEqualTo(liveRows);
            assertThat(sql.rows(joins, maxRowid)).isEqualTo(liveJoins);
            assertThat(sql.rows(attachments, maxRowid)).isEqualTo(liveAttachments);
        }
        assertThat(export.truth()).isEqualTo(liveTruth);
    }
}
