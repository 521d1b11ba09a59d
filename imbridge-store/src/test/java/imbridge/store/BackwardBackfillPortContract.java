package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackwardTask;
import imbridge.core.model.Guids;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.SentPart;
import imbridge.core.port.BackwardTasks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backward-backfill contract at the ports (the newest-first read of the cache, the per-portal task, the oldest
 * bridged part), kept by the SQL stores and by the core's in-memory fakes alike; the SQL-only part (failing writes,
 * row counts) is {@link BackwardBackfillContractTest}.
 */
abstract class BackwardBackfillPortContract extends StoreTestBase {

    /** Three messages share one timestamp so ties are ordered by GUID; g(1) is the smallest GUID. */
    static final String G1 = "00000001-aaaa-4000-8000-000000000001";

    static final String G2 = "00000002-aaaa-4000-8000-000000000002";
    static final String G3 = "00000003-aaaa-4000-8000-000000000003";
    static final String OLD = "0000000f-aaaa-4000-8000-00000000000f";
    static final String NEW = "000000a0-aaaa-4000-8000-0000000000a0";

    BackwardTasks tasks;

    @BeforeEach
    void openTasks() {
        tasks = stores.backwardTasks(LOGIN);
    }

    // ---- CloudStore.messagesBefore ---------------------------------------------------------------------------

    @Test
    void endReadsTheNewestFirstWithTiesInDescendingGuidOrder() {
        ingestPortalHistory();

        assertThat(cloud.messagesBefore(DM, BackfillCursor.END, 10))
                .extracting(MessageRow::guid)
                .containsExactly(NEW, G3, G2, G1, OLD);
        assertThat(cloud.messagesBefore(DM, BackfillCursor.END, 2))
                .extracting(MessageRow::guid)
                .containsExactly(NEW, G3);
    }

    @Test
    void theCursorRowAndEverythingNewerAreExcluded() {
        ingestPortalHistory();

        assertThat(cloud.messagesBefore(DM, new BackfillCursor(2_000, norm(G2)), 10))
                .extracting(MessageRow::guid)
                .as("strictly before, ties at the cursor's timestamp by GUID")
                .containsExactly(G1, OLD);
        assertThat(cloud.messagesBefore(DM, new BackfillCursor(2_000, norm(G1)), 10))
                .extracting(MessageRow::guid)
                .containsExactly(OLD);
        assertThat(cloud.messagesBefore(DM, new BackfillCursor(2_000, ""), 10))
                .extracting(MessageRow::guid)
                .as("an empty GUID is before every row of its timestamp")
                .containsExactly(OLD);
        assertThat(cloud.messagesBefore(DM, new BackfillCursor(1_000, norm(OLD)), 10))
                .isEmpty();
        assertThat(cloud.messagesBefore(DM, BackfillCursor.START, 10)).isEmpty();
    }

    @Test
    void pagingBackwardsVisitsEveryRowOnceInReverseForwardOrder() {
        ingestPortalHistory();

        List<String> backwards = new ArrayList<>();
        BackfillCursor before = BackfillCursor.END;
        for (List<MessageRow> page = cloud.messagesBefore(DM, before, 2);
                !page.isEmpty();
                page = cloud.messagesBefore(DM, before, 2)) {
            assertThat(page).hasSizeLessThanOrEqualTo(2);
            page.forEach(m -> backwards.add(m.guid()));
            MessageRow oldest = page.getLast();
            before = new BackfillCursor(oldest.timestampMs(), oldest.guidNorm());
        }

        List<String> forwards = cloud.messagesAfter(DM, BackfillCursor.START, 10).stream()
                .map(MessageRow::guid)
                .toList();
        assertThat(backwards).containsExactlyElementsOf(forwards.reversed());
    }

    @Test
    void deletedRowsOtherPortalsAndOtherLoginsAreSkipped() {
        ingestPortalHistory();
        cloud.ingestMessagePage(List.of(message(guid(50), GROUP, 2_500)), List.of(G2), List.of(), "m2");
        stores.cloudStore(OTHER_LOGIN)
                .ingestMessagePage(List.of(message(guid(51), DM, 2_600)), List.of(), List.of(), "m1");

        assertThat(cloud.messagesBefore(DM, BackfillCursor.END, 10))
                .extracting(MessageRow::guid)
                .containsExactly(NEW, G3, G1, OLD);
        assertThat(cloud.messagesBefore(GROUP, BackfillCursor.END, 10))
                .extracting(MessageRow::guid)
                .containsExactly(guid(50));
    }

    @Test
    void messagesBeforeRefusesBadArguments() {
        assertThatThrownBy(() -> cloud.messagesBefore(DM, BackfillCursor.END, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> cloud.messagesBefore(DM, null, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("before");
        assertThatThrownBy(() -> cloud.messagesBefore(null, BackfillCursor.END, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("portalId");
    }

    // ---- task persistence ------------------------------------------------------------------------------------

    @Test
    void aTaskRoundTripsAndIsReplacedBySaving() {
        assertThat(tasks.backwardTask(DM)).isEmpty();

        BackwardTask started = BackwardTask.startingBefore(DM, BackfillCursor.END, 1_000);
        tasks.saveBackwardTask(started);
        assertThat(tasks.backwardTask(DM)).contains(started);

        BackwardTask moved =
                new BackwardTask(DM, new BackfillCursor(2_000, norm(G2)), false, 3, 4, "homeserver said 502", 2_000);
        tasks.saveBackwardTask(moved);
        assertThat(tasks.backwardTask(DM)).contains(moved);

        BackwardTask done = new BackwardTask(DM, new BackfillCursor(1_000, norm(OLD)), true, 5, 7, null, 3_000);
        tasks.saveBackwardTask(done);
        assertThat(tasks.backwardTask(DM)).contains(done);
        assertThat(tasks.backwardTask(GROUP)).isEmpty();
    }

    @Test
    void openTasksLeaveOutFinishedOnesOldestUpdateFirst() {
        tasks.saveBackwardTask(BackwardTask.startingBefore(DM, BackfillCursor.END, 3_000));
        tasks.saveBackwardTask(BackwardTask.startingBefore(GROUP, BackfillCursor.END, 1_000));
        tasks.saveBackwardTask(BackwardTask.startingBefore("tel:+15550000000", BackfillCursor.END, 2_000));
        tasks.saveBackwardTask(new BackwardTask("tel:+15559999999", BackfillCursor.START, true, 9, 9, null, 500));

        assertThat(tasks.openBackwardTasks())
                .extracting(BackwardTask::portalId)
                .containsExactly(GROUP, "tel:+15550000000", DM);

        tasks.saveBackwardTask(new BackwardTask(GROUP, BackfillCursor.START, true, 1, 1, null, 4_000));
        assertThat(tasks.openBackwardTasks())
                .extracting(BackwardTask::portalId)
                .containsExactly("tel:+15550000000", DM);
    }

    @Test
    void deletingATaskKeepsTheOthers() {
        tasks.saveBackwardTask(BackwardTask.startingBefore(DM, BackfillCursor.END, 1_000));
        tasks.saveBackwardTask(BackwardTask.startingBefore(GROUP, BackfillCursor.END, 1_000));

        tasks.deleteBackwardTask(DM);
        tasks.deleteBackwardTask("tel:+15550000000");

        assertThat(tasks.backwardTask(DM)).isEmpty();
        assertThat(tasks.backwardTask(GROUP)).isPresent();
    }

    @Test
    void forgettingAPortalsRoomDeletesItsTask() {
        tasks.saveBackwardTask(BackwardTask.startingBefore(DM, BackfillCursor.END, 1_000));
        tasks.saveBackwardTask(BackwardTask.startingBefore(GROUP, BackfillCursor.END, 1_000));

        bridge.forgetPortalRoom(DM);

        assertThat(tasks.backwardTask(DM)).isEmpty();
        assertThat(tasks.openBackwardTasks()).extracting(BackwardTask::portalId).containsExactly(GROUP);
    }

    @Test
    void loginsDoNotSeeEachOthersTasks() {
        BackwardTasks other = stores.backwardTasks(OTHER_LOGIN);
        tasks.saveBackwardTask(BackwardTask.startingBefore(DM, BackfillCursor.END, 1_000));
        other.saveBackwardTask(new BackwardTask(DM, BackfillCursor.START, true, 1, 1, null, 2_000));

        assertThat(tasks.backwardTask(DM))
                .hasValueSatisfying(t -> assertThat(t.done()).isFalse());
        assertThat(other.openBackwardTasks()).isEmpty();

        other.deleteBackwardTask(DM);
        stores.bridgeStore(OTHER_LOGIN).forgetPortalRoom(DM);
        assertThat(tasks.backwardTask(DM)).isPresent();
        assertThat(tasks.openBackwardTasks()).hasSize(1);
    }

    @Test
    void invalidTasksAreRefused() {
        assertThatThrownBy(() -> tasks.saveBackwardTask(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tasks.saveBackwardTask(BackwardTask.startingBefore(" ", BackfillCursor.END, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("portal");
        assertThatThrownBy(
                        () -> tasks.saveBackwardTask(new BackwardTask(DM, BackfillCursor.END, false, -1, 0, null, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> stores.backwardTasks(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(tasks.backwardTask(DM)).isEmpty();
    }

    @Test
    void aPageWithoutPartsStillMovesTheTask() {
        BackwardTask done = new BackwardTask(DM, BackfillCursor.START, true, 4, 0, null, 5_000);

        tasks.commitBackwardBatch(List.of(), done);

        assertThat(tasks.backwardTask(DM)).contains(done);
    }

    // ---- oldestBridged ---------------------------------------------------------------------------------------

    @Test
    void oldestBridgedIsTheSmallestTimestampThenGuidOfThePortal() {
        assertThat(tasks.oldestBridged(DM)).isEmpty();

        bridge.recordSentParts(List.of(part(NEW, PartKey.TEXT, "$new", 3_000), part(G3, PartKey.TEXT, "$g3", 2_000)));
        assertThat(tasks.oldestBridged(DM)).contains(new BackfillCursor(2_000, norm(G3)));

        tasks.commitBackwardBatch(
                List.of(part(G2, "att0", "$g2", 2_000), part(G2, PartKey.TEXT, "$g2t", 2_000)),
                BackwardTask.startingBefore(DM, BackfillCursor.END, 1));
        assertThat(tasks.oldestBridged(DM)).contains(new BackfillCursor(2_000, norm(G2)));
    }

    @Test
    void oldestBridgedIgnoresOtherPortalsAndLogins() {
        bridge.recordSentParts(List.of(
                part(G3, PartKey.TEXT, "$g3", 2_000),
                new SentPart(GROUP, PartKey.text(OLD), OLD, "!g:example.org", "$old", 500)));
        stores.bridgeStore(OTHER_LOGIN).recordSentParts(List.of(part(G1, PartKey.TEXT, "$other", 100)));

        assertThat(tasks.oldestBridged(DM)).contains(new BackfillCursor(2_000, norm(G3)));
        assertThat(tasks.oldestBridged(GROUP)).contains(new BackfillCursor(500, norm(OLD)));
        assertThat(stores.backwardTasks(OTHER_LOGIN).oldestBridged(GROUP)).isEmpty();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** DM history: OLD at 1000, G1..G3 tied at 2000, NEW at 3000 (ingested out of order). */
    void ingestPortalHistory() {
        cloud.ingestMessagePage(
                List.of(
                        message(G2, DM, 2_000),
                        message(NEW, DM, 3_000),
                        message(OLD, DM, 1_000),
                        message(G3, DM, 2_000),
                        message(G1, DM, 2_000)),
                List.of(),
                List.of(),
                "m1");
    }

    static SentPart part(String guid, String part, String eventId, long timestampMs) {
        return new SentPart(DM, new PartKey(guid, part), guid, "!dm:example.org", eventId, timestampMs);
    }

    static String norm(String guid) {
        return Guids.normalize(guid);
    }
}
