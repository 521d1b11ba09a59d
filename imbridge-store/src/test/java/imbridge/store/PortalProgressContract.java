package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalCandidate;
import imbridge.core.model.PortalKind;
import imbridge.core.model.SentPart;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code portal_progress}: the per-portal counts the store's triggers keep with every message and message-map write
 * follow each path that changes messages (page ingest, bulk load, edits, unsends, tombstones, portal deletion, purge,
 * restore) and agree with what counting the rows would say.
 */
abstract class PortalProgressContract extends StoreTestBase {

    private static final MessageExtras TAPBACK = new MessageExtras(2000, "p:0/" + guid(1), null, null, false, 0, 0, 0);
    private static final MessageExtras UNSENT = new MessageExtras(null, null, null, null, true, 0, 0, 0);

    private SqlPortalProgress progress() {
        return db.portalProgress(LOGIN);
    }

    private SqlPortalProgress.PortalProgress of(String portalId) {
        bridge.savePortal(new Portal(portalId, PortalKind.ofPortalId(portalId), null, List.of(), "!room:" + portalId));
        return progress().portals().stream()
                .filter(p -> p.portalId().equals(portalId))
                .findFirst()
                .orElseThrow();
    }

    /** A text message (1 part), one with text and two files (3), a file alone (1), a tapback (0) and an unsent one. */
    private List<MessageRow> history() {
        return List.of(
                message(guid(1), DM, 1_000),
                withAttachments(
                        message(guid(2), DM, 2_000), List.of(attachment("a2", "att-2"), attachment("b2", "btt-2"))),
                withAttachments(withBody(message(guid(3), DM, 3_000), ""), List.of(attachment("a3", "att-3"))),
                withExtras(message(guid(4), DM, 4_000), TAPBACK),
                withExtras(message(guid(5), DM, 5_000), UNSENT),
                message(guid(6), GROUP, 6_000));
    }

    private void ingest(List<MessageRow> rows) {
        cloud.ingestMessagePage(rows, List.of(), List.of(), null);
    }

    @Test
    void partsKnownAreThePartsThePlannerMakesOfTheLiveMessages() {
        ingest(history());

        SqlPortalProgress.PortalProgress dm = of(DM);
        assertThat(dm.messagesKnown()).isEqualTo(5);
        assertThat(dm.partsKnown()).isEqualTo(1 + 3 + 1);
        assertThat(of(GROUP).partsKnown()).isEqualTo(1);
    }

    @Test
    void aBulkLoadCountsLikePageByPageIngest() {
        boolean bulk = cloud.beginBulkMessageLoad();
        ingest(history().subList(0, 3));
        ingest(history().subList(3, 6));
        ingest(List.of(message(guid(1), DM, 1_000))); // a GUID delivered twice counts once
        cloud.finishBulkMessageLoad();

        assertThat(of(DM).partsKnown()).as("bulk load: " + bulk).isEqualTo(5);
        assertThat(of(DM).messagesKnown()).isEqualTo(5);
    }

    @Test
    void editsUnsendsAndTombstonesMoveTheCounts() {
        ingest(history());

        ingest(List.of(withBody(message(guid(1), DM, 1_000), "  \uFFFC "))); // edited down to nothing
        assertThat(of(DM).partsKnown()).isEqualTo(4);
        ingest(List.of(withExtras(message(guid(2), DM, 2_000), UNSENT)));
        assertThat(of(DM).partsKnown()).isEqualTo(1);
        ingest(List.of(message(guid(5), DM, 5_000))); // an unsend is sticky: a stale copy plans nothing
        assertThat(of(DM).partsKnown()).isEqualTo(1);
        cloud.ingestMessagePage(List.of(), List.of(guid(3)), List.of(), null);
        assertThat(of(DM).partsKnown()).isZero();
        assertThat(of(DM).messagesKnown()).isEqualTo(4);
    }

    @Test
    void aDeletedPortalKnowsNothingUntilItIsRestored() {
        ingest(history());
        cloud.softDeletePortal(DM);
        assertThat(of(DM).messagesKnown()).isZero();
        assertThat(of(DM).partsKnown()).isZero();
        assertThat(of(GROUP).partsKnown()).isEqualTo(1);

        db.chatRestore(LOGIN).restore(DM);
        assertThat(of(DM).partsKnown()).isEqualTo(5);

        cloud.softDeletePortal(DM);
        cloud.purgeSoftDeletedOrphans(); // no chat row: the messages go for good
        assertThat(of(DM).messagesKnown()).isZero();
        assertThat(of(DM).partsKnown()).isZero();
    }

    @Test
    void partsBridgedCountTheMessageMapWithoutReactions() {
        ingest(history());
        bridge.recordSentParts(List.of(
                sent(PartKey.text(guid(1))), sent(PartKey.attachment(guid(2), 0)), sent(PartKey.reaction(guid(4)))));
        bridge.recordSentParts(List.of(sent(PartKey.text(guid(1))))); // a retried send is one part

        assertThat(of(DM).partsBridged()).isEqualTo(2);

        db.chatRestore(LOGIN).restore(DM); // forgets the deleted room's parts
        assertThat(of(DM).partsBridged()).isZero();
    }

    @Test
    void thePortalRowJoinsBackfillStateAndDeletion() {
        ingest(history());
        of(GROUP);
        bridge.saveBackfillState(
                new BackfillState(DM, BackfillStatus.RUNNING, new BackfillCursor(2_000, guid(2)), 2, 4, "slow", 1));
        bridge.markPortalDeleted(GROUP, 1);

        SqlPortalProgress.PortalProgress dm = of(DM);
        assertThat(dm.backfill()).isEqualTo(BackfillStatus.RUNNING);
        assertThat(dm.messagesDone()).isEqualTo(2);
        assertThat(dm.partsSent()).isEqualTo(4);
        assertThat(dm.lastError()).isEqualTo("slow");
        assertThat(dm.deleted()).isFalse();
        assertThat(of(GROUP).deleted()).isTrue();
        assertThat(progress().portalsByStatus()).isEqualTo(Map.of("running", 1L, "deleted", 1L));
    }

    @Test
    void cachedMessagesAreWhatTheCandidatesCount() {
        ingest(history());
        ingest(List.of(message(guid(7), null, 7_000))); // no portal yet: not counted

        long candidates = cloud.portalCandidates().stream()
                .mapToLong(PortalCandidate::messageCount)
                .sum();
        assertThat(progress().cachedMessages()).isEqualTo(candidates).isEqualTo(6);
    }

    private static SentPart sent(PartKey key) {
        return new SentPart(DM, key, key.guidNorm(), "!room", "$" + key.txnId(), 1);
    }

    private static MessageRow withBody(MessageRow m, String text) {
        return new MessageRow(
                m.guid(),
                m.recordName(),
                m.chatId(),
                m.portalId(),
                m.timestampMs(),
                m.sender(),
                m.fromMe(),
                text,
                m.subject(),
                m.service(),
                m.attachments(),
                m.hasBody(),
                m.deleted(),
                m.attachmentGuids(),
                m.extras());
    }
}
