package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackwardTask;
import imbridge.core.model.PartKey;
import imbridge.core.model.SentPart;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Backward backfill (issue 4): the newest-first keyset read of the cache, the persisted per-portal task and its
 * page checkpoint, and the oldest bridged part that inserted history must end above.
 */
abstract class BackwardBackfillContractTest extends BackwardBackfillPortContract {

    /** Installs a trigger that makes every write to {@code backward_task} fail. */
    protected abstract void failBackwardTaskWrites(Statement statement) throws SQLException;

    // ---- commitBackwardBatch ---------------------------------------------------------------------------------

    @Test
    void aCommittedPageWritesItsPartsAndTheTask() throws SQLException {
        BackwardTask after = new BackwardTask(DM, new BackfillCursor(2_000, norm(G2)), false, 2, 3, null, 5_000);

        tasks.commitBackwardBatch(
                List.of(
                        part(G3, PartKey.TEXT, "$g3", 2_000),
                        part(G2, PartKey.TEXT, "$g2", 2_000),
                        part(G2, "att0", "$g2a", 2_000)),
                after);

        assertThat(tasks.backwardTask(DM)).contains(after);
        assertThat(bridge.existingParts(
                        DM, List.of(PartKey.text(G3), PartKey.text(G2), PartKey.attachment(G2, 0), PartKey.text(G1))))
                .isEqualTo(Set.of(PartKey.text(G3), PartKey.text(G2), PartKey.attachment(G2, 0)));
        assertThat(bridge.eventIdOf(DM, PartKey.attachment(G2, 0))).contains("$g2a");
        assertThat(rows("message_map")).isEqualTo(3);
    }

    @Test
    void partsAlreadyInTheMessageMapAreIgnored() throws SQLException {
        bridge.recordSentParts(List.of(part(G2, PartKey.TEXT, "$live", 2_000)));

        BackwardTask after = new BackwardTask(DM, new BackfillCursor(2_000, norm(G1)), false, 2, 1, null, 5_000);
        tasks.commitBackwardBatch(
                List.of(part(G2, PartKey.TEXT, "$again", 2_000), part(G1, PartKey.TEXT, "$g1", 2_000)), after);
        tasks.commitBackwardBatch(List.of(part(G1, PartKey.TEXT, "$replayed", 2_000)), after);

        assertThat(bridge.eventIdOf(DM, PartKey.text(G2))).contains("$live");
        assertThat(bridge.eventIdOf(DM, PartKey.text(G1))).contains("$g1");
        assertThat(rows("message_map")).isEqualTo(2);
        assertThat(tasks.backwardTask(DM)).contains(after);
    }

    @Test
    void aFailingTaskWriteLeavesNoParts() throws SQLException {
        BackwardTask start = BackwardTask.startingBefore(DM, BackfillCursor.END, 1_000);
        try (Connection c = raw();
                Statement s = c.createStatement()) {
            failBackwardTaskWrites(s);
        }

        assertThatThrownBy(() -> tasks.commitBackwardBatch(List.of(part(G1, PartKey.TEXT, "$g1", 2_000)), start))
                .isInstanceOf(RuntimeException.class);

        assertThat(rows("message_map")).isZero();
        assertThat(tasks.backwardTask(DM)).isEmpty();
    }

    @Test
    void anInvalidPageIsRefusedBeforeAnythingIsWritten() throws SQLException {
        BackwardTask task = BackwardTask.startingBefore(DM, BackfillCursor.END, 1_000);
        SentPart otherPortal = new SentPart(GROUP, PartKey.text(G2), G2, "!g:example.org", "$x", 2_000);

        assertThatThrownBy(() ->
                        tasks.commitBackwardBatch(List.of(part(G1, PartKey.TEXT, "$g1", 2_000), otherPortal), task))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another portal");
        assertThatThrownBy(() -> tasks.commitBackwardBatch(List.of(part(G1, PartKey.TEXT, "$g1", 2_000)), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tasks.commitBackwardBatch(null, task)).isInstanceOf(NullPointerException.class);

        assertThat(rows("message_map")).isZero();
        assertThat(tasks.backwardTask(DM)).isEmpty();
    }
}
