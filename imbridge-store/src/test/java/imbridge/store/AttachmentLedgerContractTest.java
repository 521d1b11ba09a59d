package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.attachment.AttachmentContent;
import imbridge.core.attachment.AttachmentFailure;
import imbridge.core.attachment.AttachmentLedger;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The persisted attachment cache and failure counts (behaviour.md §2.4, §2.6, W1, W4), on every dialect. */
abstract class AttachmentLedgerContractTest extends StoreTestBase {

    /** The same database, opened again (a restart). */
    private void reopen() {
        db.close();
        db = Database.open(config, new TickingClock(1_800_000_000_000L));
        cloud = db.cloudStore(LOGIN);
        bridge = db.bridgeStore(LOGIN);
    }

    private AttachmentLedger ledger() {
        return db.attachmentLedger(LOGIN);
    }

    @Test
    void failuresCountUpPerRecordAndSurviveAReopen() {
        AttachmentLedger ledger = ledger();
        assertThat(ledger.recordFailure("rec-1", "timeout")).isEqualTo(1);
        assertThat(ledger.recordFailure("rec-1", "HTTP 503")).isEqualTo(2);
        assertThat(ledger.recordFailure("rec-2", "checksum mismatch")).isEqualTo(1);
        assertThat(db.attachmentLedger(OTHER_LOGIN).recordFailure("rec-1", "other login"))
                .isEqualTo(1);

        reopen();
        AttachmentFailure f = ledger().failures().get("rec-1");
        assertThat(f.retries()).isEqualTo(2);
        assertThat(f.lastError()).isEqualTo("HTTP 503");
        assertThat(f.updatedMs()).isPositive();
        assertThat(ledger().failures()).containsOnlyKeys("rec-1", "rec-2");
    }

    @Test
    void aSuccessClearsTheFailureRowAndTheContentIsReadBackAfterAReopen() {
        AttachmentLedger ledger = ledger();
        ledger.recordFailure("rec-1", "timeout");
        AttachmentContent content =
                new AttachmentContent("mxc://localhost/abc", "image/jpeg", 12_345, "Menu \"🍕\"\n.pdf");
        ledger.saveContent("rec-1", content);
        ledger.clearFailure("rec-1");
        ledger.saveContent("rec-1", content); // upsert: saving again is harmless

        reopen();
        assertThat(ledger().failures()).isEmpty();
        assertThat(ledger().cachedContents()).containsExactlyEntriesOf(java.util.Map.of("rec-1", content));
        assertThat(db.attachmentLedger(OTHER_LOGIN).cachedContents()).isEmpty();
        assertThat(ledger().cachedContent("rec-1")).contains(content);
        assertThat(ledger().cachedContent("rec-2")).isEmpty();
        assertThat(db.attachmentLedger(OTHER_LOGIN).cachedContent("rec-1"))
                .as("another login's upload")
                .isEmpty();
    }

    /** A very long error text is cut, never refused. */
    @Test
    void longErrorsAreShortened() {
        ledger().recordFailure("rec-1", "x".repeat(50_000));
        assertThat(ledger().failures().get("rec-1").lastError()).hasSize(1000);
    }

    /**
     * behaviour.md W4: a fresh bootstrap removes the login's cache and failure rows; pruning keeps referenced uploads.
     */
    @Test
    void clearAllDataRemovesCacheAndFailuresAndPruneKeepsReferencedUploads() throws SQLException {
        AttachmentLedger ledger = ledger();
        cloud.ingestMessagePage(
                List.of(withAttachments(message(guid(1), DM, 1000), List.of(attachment("kept", "ATT-1")))),
                List.of(),
                List.of(),
                "t");
        ledger.saveContent("kept", new AttachmentContent("mxc://localhost/k", "image/jpeg", 1, "k.jpg"));
        ledger.saveContent("orphan", new AttachmentContent("mxc://localhost/o", "image/jpeg", 1, "o.jpg"));
        ledger.recordFailure("orphan", "timeout");

        assertThat(cloud.pruneAttachmentCache()).isEqualTo(1);
        assertThat(ledger.cachedContents()).containsOnlyKeys("kept");

        cloud.clearAllData();
        assertThat(ledger.cachedContents()).isEmpty();
        assertThat(ledger.failures()).isEmpty();
        assertThat(rows("cloud_attachment_failure", LOGIN)).isZero();
    }
}
