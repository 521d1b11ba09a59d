package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackfillState;
import imbridge.core.model.ChatRow;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalCandidate;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RecordReject;
import imbridge.core.model.Zone;
import imbridge.core.port.CloudStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store half of issue 3 (sync controller): sync-state bookkeeping, deletion semantics and housekeeping,
 * written as the GIVEN/WHEN/THEN requirements of behaviour.md §10 they implement. Every dialect runs exactly these.
 */
abstract class SyncLifecycleContractTest extends StoreTestBase {

    private static final String VERSION = "_version";
    private static final String CHAT_VERSION = "_chat_version";

    // ---- sync state (behaviour.md §2.1) -------------------------------------------------------------------

    @Test
    void aRecordedErrorKeepsTheTokenAndTheNextSuccessClearsIt() throws SQLException {
        cloud.ingestMessagePage(List.of(), List.of(), List.of(), "m1");

        cloud.recordSyncError(Zone.MESSAGES, "THROTTLED (HTTP 429) three times");
        cloud.recordSyncError(Zone.CHATS, "ZONE_BUSY");

        assertThat(cloud.syncToken(Zone.MESSAGES)).contains("m1");
        assertThat(cloud.syncToken(Zone.CHATS)).as("an error row has no token").isEmpty();
        assertThat(lastError(Zone.MESSAGES)).isEqualTo("THROTTLED (HTTP 429) three times");
        assertThat(lastError(Zone.CHATS)).isEqualTo("ZONE_BUSY");

        cloud.ingestMessagePage(List.of(), List.of(), List.of(), "m2");
        assertThat(cloud.syncToken(Zone.MESSAGES)).contains("m2");
        assertThat(lastError(Zone.MESSAGES)).isNull();
    }

    @Test
    void clearingOneZoneTokenLeavesTheOthers() {
        cloud.ingestChatPage(List.of(), List.of(), List.of(), "c1");
        cloud.ingestMessagePage(List.of(), List.of(), List.of(), "m1");
        cloud.ingestAttachmentPage(List.of(), List.of(), List.of(), "a1");

        cloud.clearSyncToken(Zone.MESSAGES);

        assertThat(cloud.syncToken(Zone.MESSAGES)).isEmpty();
        assertThat(cloud.syncToken(Zone.CHATS)).contains("c1");
        assertThat(cloud.syncToken(Zone.ATTACHMENTS)).contains("a1");
        cloud.ingestMessagePage(List.of(), List.of(), List.of(), "m-again");
        assertThat(cloud.syncToken(Zone.MESSAGES)).contains("m-again");
    }

    @Test
    void versionMarkersDefaultToZeroAndClearSyncTokensKeepsOnlyTheVersion() {
        assertThat(cloud.hasAnySyncState()).isFalse();
        assertThat(cloud.versionMarker(VERSION)).isZero();
        assertThat(cloud.versionMarker(CHAT_VERSION)).isZero();

        cloud.setVersionMarker(VERSION, 3);
        assertThat(cloud.hasAnySyncState()).as("a version row alone counts").isTrue();
        cloud.setVersionMarker(CHAT_VERSION, 1);
        cloud.setVersionMarker(CHAT_VERSION, 2);
        cloud.ingestChatPage(List.of(), List.of(), List.of(), "c1");
        cloud.ingestMessagePage(List.of(), List.of(), List.of(), "m1");
        assertThat(cloud.versionMarker(VERSION)).isEqualTo(3);
        assertThat(cloud.versionMarker(CHAT_VERSION)).isEqualTo(2);

        cloud.clearSyncTokens();

        assertThat(cloud.syncToken(Zone.CHATS)).isEmpty();
        assertThat(cloud.syncToken(Zone.MESSAGES)).isEmpty();
        assertThat(cloud.versionMarker(CHAT_VERSION))
                .as("behaviour.md §2.1: _chat_version goes too")
                .isZero();
        assertThat(cloud.versionMarker(VERSION)).isEqualTo(3);
        assertThat(cloud.hasAnySyncState()).isTrue();
        assertThat(db.cloudStore(OTHER_LOGIN).hasAnySyncState()).isFalse();
    }

    @Test
    void anErrorRowAloneIsSyncState() {
        cloud.recordSyncError(Zone.CHATS, "INTERNAL_ERROR");
        assertThat(cloud.hasAnySyncState()).isTrue();
    }

    @Test
    void markerNamesMustBePseudoZones() {
        assertThatThrownBy(() -> cloud.setVersionMarker("messageManateeZone", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("_version");
        assertThatThrownBy(() -> cloud.versionMarker(null)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * behaviour.md W4 (second half): GIVEN a fresh bootstrap WHEN clearAllData runs THEN every cloud table of the login
     * is empty.
     */
    @Test
    void clearAllDataEmptiesEveryCloudTableOfTheLoginOnly() throws SQLException {
        CloudStore other = db.cloudStore(OTHER_LOGIN);
        for (CloudStore store : List.of(cloud, other)) {
            fillEveryCloudTable(store);
        }
        cacheUpload(LOGIN, "att-1");
        cacheUpload(OTHER_LOGIN, "att-1");
        recordAttachmentFailure(LOGIN, "att-1");
        recordAttachmentFailure(OTHER_LOGIN, "att-1");
        bridge.savePortal(new Portal(DM, PortalKind.DM, null, List.of(DM), "!dm:example.org"));
        bridge.commitBackfillBatch(List.of(sent(PartKey.text("dm-1"), "$1")), BackfillState.initial(DM, 1));
        for (String table : CloudTables.ALL) {
            assertThat(rows(table, LOGIN)).as("%s filled", table).isPositive();
        }

        cloud.clearAllData();

        for (String table : CloudTables.ALL) {
            assertThat(rows(table, LOGIN)).as("%s of the login", table).isZero();
            assertThat(rows(table, OTHER_LOGIN))
                    .as("%s of another login", table)
                    .isPositive();
        }
        assertThat(cloud.hasAnySyncState()).isFalse();
        assertThat(cloud.versionMarker(VERSION)).isZero();
        assertThat(cloud.portalCandidates()).isEmpty();
        assertThat(cloud.rejects(10)).isEmpty();
        assertThat(bridge.portal(DM)).as("bridge state is not cloud data").isPresent();
        assertThat(bridge.existingParts(DM, List.of(PartKey.text("dm-1")))).hasSize(1);
    }

    // ---- chat tombstones (behaviour.md §4.5 step 4, §8.1) --------------------------------------------------

    /**
     * behaviour.md T7: GIVEN tombstones in a page THEN chat rows are resolved by record_name, never by cloud_chat_id.
     */
    @Test
    void chatTombstonesResolveByRecordNameNeverByChatId() {
        ChatRow namedLikeTheTombstone = chat("rec-X", "record-of-a", "tel:+1000", false);
        ChatRow tombstoned = chat("iMessage;-;+2000", "rec-X", "tel:+2000", false);
        ChatRow sameIdentifierAsAGroup =
                new ChatRow("chat-77", "record-of-c", "REC-X", "gid:rec-x", "iMessage", null, List.of(), false, false);
        cloud.ingestChatPage(
                List.of(namedLikeTheTombstone, tombstoned, sameIdentifierAsAGroup), List.of(), List.of(), "c1");
        cloud.ingestMessagePage(
                List.of(message("a-1", "tel:+1000", 1), message("b-1", "tel:+2000", 2), message("c-1", "gid:rec-x", 3)),
                List.of(),
                List.of(),
                "m1");

        List<String> portals = cloud.ingestChatPage(List.of(), List.of("rec-X"), List.of(), "c2");

        assertThat(portals).containsExactly("tel:+2000");
        assertThat(cloud.chatPortalId("rec-X"))
                .as("the chat whose ID equals the name survives")
                .contains("tel:+1000");
        assertThat(cloud.chatForPortal("tel:+2000")).isEmpty();
        assertThat(cloud.chatForPortal("gid:rec-x")).isPresent();
        assertThat(cloud.portalCandidates())
                .extracting(PortalCandidate::portalId)
                .containsExactlyInAnyOrder("tel:+1000", "gid:rec-x");
    }

    /** behaviour.md W3 orphan case and replay: tombstones of unknown records change nothing and report no portal. */
    @Test
    void unknownOrRepeatedChatTombstonesReportNoPortal() {
        cloud.ingestChatPage(List.of(dmChat()), List.of(), List.of(), "c1");
        cloud.ingestMessagePage(List.of(message("dm-1", DM, 1)), List.of(), List.of(), "m1");

        assertThat(cloud.ingestChatPage(List.of(), List.of("never-seen", ""), List.of(), "c2"))
                .isEmpty();
        assertThat(cloud.ingestChatPage(List.of(), List.of("chat-record-dm"), List.of(), "c3"))
                .containsExactly(DM);
        assertThat(cloud.ingestChatPage(List.of(), List.of("chat-record-dm"), List.of(), "c4"))
                .isEmpty();
        assertThat(cloud.syncToken(Zone.CHATS)).contains("c4");
    }

    /**
     * behaviour.md §8.1: the portal's other chat rows are soft-deleted with its messages; messages are never
     * hard-deleted (F15).
     */
    @Test
    void chatTombstoneSoftDeletesThePortalsOtherChatsAndKeepsMessageRows() throws SQLException {
        ChatRow imessage = chat("iMessage;-;+15551234567", "rec-imessage", DM, false);
        ChatRow sms = chat("SMS;-;+15551234567", "rec-sms", DM, false);
        cloud.ingestChatPage(List.of(imessage, sms), List.of(), List.of(), "c1");
        cloud.ingestMessagePage(List.of(message("dm-1", DM, 1), message("dm-2", DM, 2)), List.of(), List.of(), "m1");

        assertThat(cloud.ingestChatPage(List.of(), List.of("rec-imessage"), List.of(), "c2"))
                .containsExactly(DM);

        assertThat(rows("cloud_chat"))
                .as("the SMS chat row stays, soft-deleted")
                .isEqualTo(1);
        assertThat(cloud.chatForPortal(DM)).isEmpty();
        assertThat(cloud.chatPortalId("SMS;-;+15551234567")).isEmpty();
        assertThat(rows("cloud_message")).isEqualTo(2);
        assertThat(cloud.messagesAfter(DM, BackfillCursor.START, 10)).isEmpty();
        assertThat(cloud.portalCandidates()).isEmpty();
    }

    /**
     * behaviour.md T9: GIVEN a deleted portal's soft-deleted messages WHEN CloudKit re-delivers them live THEN they
     * stay deleted.
     */
    @Test
    void tombstonedPortalsMessagesStayDeletedWhenRedelivered() {
        cloud.ingestChatPage(List.of(groupChat()), List.of(), List.of(), "c1");
        List<MessageRow> history = List.of(message("g-1", GROUP, 1), message("g-2", GROUP, 2));
        cloud.ingestMessagePage(history, List.of(), List.of(), "m1");
        cloud.ingestChatPage(List.of(), List.of("chat-record-group"), List.of(), "c2");

        cloud.ingestMessagePage(history, List.of(), List.of(), "m2");
        cloud.ingestChatPage(List.of(groupChat()), List.of(), List.of(), "c3");

        assertThat(cloud.messagesAfter(GROUP, BackfillCursor.START, 10)).isEmpty();
        assertThat(cloud.portalCandidates()).isEmpty();
        cloud.ingestMessagePage(List.of(message("g-3", GROUP, 3)), List.of(), List.of(), "m3");
        assertThat(cloud.messagesAfter(GROUP, BackfillCursor.START, 10))
                .as("new traffic is live")
                .extracting(MessageRow::guid)
                .containsExactly("g-3");
    }

    @Test
    void portalDeletionIsRememberedOnThePortalRowAcrossRestartsUntilCleared() {
        bridge.savePortal(new Portal(GROUP, PortalKind.GROUP, "g", List.of(), "!room:x"));
        bridge.markPortalDeleted(GROUP, 1000);
        bridge.markPortalDeleted(GROUP, 2000); // the first deletion time wins
        bridge.markPortalDeleted("tel:+15550001111", 3000); // never bridged: a bare row is enough

        assertThat(bridge.deletedPortals())
                .containsEntry(GROUP, 1000L)
                .containsEntry("tel:+15550001111", 3000L)
                .hasSize(2);
        assertThat(bridge.portal("tel:+15550001111")).get().satisfies(p -> {
            assertThat(p.roomId()).isNull();
            assertThat(p.kind()).isEqualTo(PortalKind.DM);
        });
        assertThat(bridge.portal(GROUP).orElseThrow().roomId())
                .as("the mark does not touch the room")
                .isEqualTo("!room:x");
        assertThat(bridge.staleBefore(GROUP)).isEmpty();
        bridge.clearPortalDeleted(GROUP);
        assertThat(bridge.deletedPortals()).containsOnlyKeys("tel:+15550001111");
        assertThat(bridge.staleBefore(GROUP))
                .as("the deletion time outlives the mark")
                .hasValue(1000L);
        assertThat(bridge.staleBefore("tel:+15550001111")).isEmpty();
    }

    @Test
    void messagesNamingUnsyncedAttachmentsWaitUntilTheirListIsComplete() {
        CloudAttachment late = new CloudAttachment(
                "rec-late",
                "att-late",
                "image/png",
                "public.png",
                "l.png",
                3,
                "a".repeat(64),
                "http://x/assets/rec-late");
        MessageRow waiting = new MessageRow(
                "w-1",
                "rec-w-1",
                "chat",
                GROUP,
                5,
                "s",
                false,
                "t",
                null,
                "iMessage",
                List.of(),
                true,
                false,
                List.of("ATT-LATE"),
                null);
        cloud.ingestMessagePage(List.of(waiting, message("ok-1", GROUP, 6)), List.of(), List.of(), "m1");
        assertThat(cloud.messagesAwaitingAttachments(10))
                .extracting(MessageRow::guid)
                .containsExactly("w-1");
        assertThat(cloud.messagesAwaitingAttachments(10).getFirst().attachmentGuids())
                .containsExactly("ATT-LATE");

        MessageRow completed = new MessageRow(
                "w-1",
                "rec-w-1",
                "chat",
                GROUP,
                5,
                "s",
                false,
                "t",
                null,
                "iMessage",
                List.of(late),
                true,
                false,
                List.of("ATT-LATE"),
                null);
        cloud.ingestMessagePage(List.of(completed), List.of(), List.of(), null);
        assertThat(cloud.messagesAwaitingAttachments(10)).isEmpty();
        assertThat(cloud.syncToken(Zone.MESSAGES))
                .as("a completion carries no token")
                .contains("m1");
        assertThat(cloud.messagesAfter(GROUP, BackfillCursor.START, 10)
                        .getFirst()
                        .attachments())
                .containsExactly(late);
    }

    // ---- Matrix-side or skip-list delete (behaviour.md §8.3, T8) -----------------------------------------------

    @Test
    void softDeletePortalHidesChatsAndMessagesButKeepsTheirRows() throws SQLException {
        cloud.ingestChatPage(List.of(dmChat(), groupChat()), List.of(), List.of(), "c1");
        cloud.ingestMessagePage(List.of(message("dm-1", DM, 1), message("g-1", GROUP, 2)), List.of(), List.of(), "m1");

        cloud.softDeletePortal(GROUP);

        assertThat(cloud.chatForPortal(GROUP)).isEmpty();
        assertThat(cloud.chatPortalId("chat918273645")).isEmpty();
        assertThat(cloud.messagesAfter(GROUP, BackfillCursor.START, 10)).isEmpty();
        assertThat(cloud.portalCandidates())
                .extracting(PortalCandidate::portalId)
                .containsExactly(DM);
        assertThat(rows("cloud_chat")).isEqualTo(2);
        assertThat(rows("cloud_message"))
                .as("UUIDs are kept for echo detection")
                .isEqualTo(2);

        cloud.ingestChatPage(List.of(groupChat()), List.of(), List.of(), "c2");
        cloud.ingestMessagePage(List.of(message("g-1", GROUP, 2)), List.of(), List.of(), "m2");
        assertThat(cloud.chatForPortal(GROUP)).as("sticky on re-delivery").isEmpty();
        assertThat(cloud.messagesAfter(GROUP, BackfillCursor.START, 10)).isEmpty();
        assertThat(cloud.purgeSoftDeletedOrphans())
                .as("the soft-deleted chat row protects them")
                .isZero();
    }

    // ---- restore-chat (behaviour.md §8.7) --------------------------------------------------------------------

    @Test
    void restoreBringsBackAMatrixSideDeletedChatWholeAndTellsTombstonedChatsApart() {
        cloud.ingestChatPage(List.of(dmChat(), groupChat()), List.of(), List.of(), "c1");
        cloud.ingestMessagePage(
                List.of(message("dm-1", DM, 1), message("dm-2", DM, 2), message("g-1", GROUP, 3)),
                List.of(),
                List.of(),
                "m1");
        bridge.savePortal(new Portal(DM, PortalKind.DM, null, List.of(DM), "!room:example.org"));
        bridge.commitBackfillBatch(
                List.of(sent(PartKey.text("dm-1"), "$old")),
                new BackfillState(DM, imbridge.core.model.BackfillStatus.DONE, BackfillCursor.START, 1, 1, null, 5));
        // Matrix-side delete of the DM; CloudKit tombstone of the group's chat.
        cloud.softDeletePortal(DM);
        bridge.markPortalDeleted(DM, 10);
        bridge.forgetPortalRoom(DM);
        cloud.ingestChatPage(List.of(), List.of("chat-record-group"), List.of(), "c2");
        SqlChatRestore restore = db.chatRestore(LOGIN);

        assertThat(restore.softDeletedPortals())
                .containsExactly(
                        new SqlChatRestore.SoftDeletedPortal(GROUP, 1, 0),
                        new SqlChatRestore.SoftDeletedPortal(DM, 2, 1));

        assertThat(restore.restore(DM)).isEqualTo(2);
        assertThat(cloud.messagesAfter(DM, BackfillCursor.START, 10)).hasSize(2);
        assertThat(cloud.chatForPortal(DM)).isPresent();
        assertThat(bridge.deletedPortals()).doesNotContainKey(DM);
        assertThat(bridge.backfillState(DM)).isEmpty();
        assertThat(bridge.portal(DM).orElseThrow().roomId()).isNull();
        assertThat(bridge.existingParts(DM, List.of(PartKey.text("dm-1"))))
                .as("the deleted room's parts")
                .isEmpty();
        assertThat(restore.softDeletedPortals())
                .extracting(SqlChatRestore.SoftDeletedPortal::portalId)
                .containsExactly(GROUP);
    }

    // ---- housekeeping (behaviour.md §6.7, §2.10) ----------------------------------------------------------

    /**
     * behaviour.md W3: GIVEN soft-deleted rows whose portal has no chat row WHEN housekeeping runs THEN they are
     * hard-deleted.
     * behaviour.md F11/T10: GIVEN live rows without a chat row (DMs) THEN they are never deleted, and backfill still
     * reads them.
     */
    @Test
    void purgeRemovesOnlySoftDeletedMessagesOfPortalsWithoutChatRows() throws SQLException {
        cloud.ingestChatPage(List.of(groupChat()), List.of(), List.of(), "c1");
        String dmWithoutChat = "mailto:dave@example.com";
        cloud.ingestMessagePage(
                List.of(
                        message("dm-live-1", dmWithoutChat, 1),
                        message("dm-live-2", dmWithoutChat, 2),
                        message("dm-deleted", dmWithoutChat, 3),
                        message("g-live", GROUP, 4),
                        message("g-deleted", GROUP, 5),
                        withDeleted(message("orphan-1", "tel:+3000", 6), true),
                        withDeleted(message("unresolved", null, 7), true)),
                List.of("dm-deleted", "g-deleted"),
                List.of(),
                "m1");

        assertThat(cloud.purgeSoftDeletedOrphans()).isEqualTo(3);

        assertThat(rows("cloud_message")).isEqualTo(4);
        assertThat(cloud.messagesAfter(dmWithoutChat, BackfillCursor.START, 10))
                .extracting(MessageRow::guid)
                .containsExactly("dm-live-1", "dm-live-2");
        assertThat(cloud.messagesAfter(GROUP, BackfillCursor.START, 10))
                .extracting(MessageRow::guid)
                .containsExactly("g-live");
        assertThat(cloud.portalCandidates())
                .extracting(PortalCandidate::portalId)
                .containsExactly(GROUP, dmWithoutChat);
        assertThat(cloud.purgeSoftDeletedOrphans()).as("idempotent").isZero();
    }

    /** The tombstone path end to end: soft delete at tombstone time, hard delete only by housekeeping. */
    @Test
    void tombstonedChatsMessagesArePurgedByHousekeepingOnly() throws SQLException {
        cloud.ingestChatPage(List.of(dmChat(), groupChat()), List.of(), List.of(), "c1");
        cloud.ingestMessagePage(List.of(message("dm-1", DM, 1), message("g-1", GROUP, 2)), List.of(), List.of(), "m1");
        cloud.ingestChatPage(List.of(), List.of("chat-record-group"), List.of(), "c2");
        assertThat(rows("cloud_message")).isEqualTo(2);

        assertThat(cloud.purgeSoftDeletedOrphans()).isEqualTo(1);

        assertThat(rows("cloud_message")).isEqualTo(1);
        assertThat(cloud.messagesAfter(DM, BackfillCursor.START, 10))
                .extracting(MessageRow::guid)
                .containsExactly("dm-1");
    }

    /**
     * behaviour.md W4: GIVEN cache rows no live message references WHEN housekeeping runs THEN they go and referenced
     * ones stay.
     */
    @Test
    void pruneKeepsOnlyUploadsALiveMessageReferences() throws SQLException {
        CloudAttachment live = attachment("att-live", "guid-live");
        CloudAttachment ofDeleted = attachment("att-of-deleted", "guid-of-deleted");
        CloudAttachment dropped = attachment("att-dropped", "guid-dropped");
        CloudAttachment shared = attachment("att-shared", "guid-shared");
        cloud.ingestMessagePage(
                List.of(
                        withAttachments(message("m-live", DM, 1), List.of(live, shared)),
                        withAttachments(message("m-deleted", DM, 2), List.of(ofDeleted, shared)),
                        withAttachments(message("m-edited", DM, 3), List.of(dropped))),
                List.of("m-deleted"),
                List.of(),
                "m1");
        // The record lost its attachment on re-delivery: the reference goes with it.
        cloud.ingestMessagePage(List.of(message("m-edited", DM, 3)), List.of(), List.of(), "m2");
        for (String name : List.of("att-live", "att-of-deleted", "att-dropped", "att-shared", "att-never-referenced")) {
            cacheUpload(LOGIN, name);
        }
        cacheUpload(OTHER_LOGIN, "att-of-deleted");

        assertThat(cloud.pruneAttachmentCache()).isEqualTo(3);

        assertThat(cachedUploads(LOGIN)).containsExactly("att-live", "att-shared");
        assertThat(cachedUploads(OTHER_LOGIN)).containsExactly("att-of-deleted");
        assertThat(cloud.pruneAttachmentCache()).isZero();
    }

    @Test
    void purgedMessagesNoLongerProtectTheirUploads() throws SQLException {
        cloud.ingestMessagePage(
                List.of(withAttachments(
                        message("orphan", "tel:+3000", 1), List.of(attachment("att-orphan", "guid-orphan")))),
                List.of("orphan"),
                List.of(),
                "m1");
        cacheUpload(LOGIN, "att-orphan");

        assertThat(cloud.purgeSoftDeletedOrphans()).isEqualTo(1);
        assertThat(cloud.pruneAttachmentCache()).isEqualTo(1);
        assertThat(rows("cloud_message_attachment")).isZero();
    }

    // ---- message model (wire-contracts.md §1 "Full record model") -----------------------------------------

    @Test
    void extrasAndAttachmentGuidsRoundTrip() {
        MessageRow tapback =
                withExtras(message("tapback", DM, 1), new MessageExtras(2006, "p:0/A1B2", "🦄", null, false, 0, 0, 2));
        MessageRow reply = withExtras(
                message("reply", DM, 2),
                new MessageExtras(
                        null,
                        null,
                        null,
                        "0c5e0000-0000-4000-8000-000000000001",
                        false,
                        1_700_000_001_000L,
                        1_700_000_002_000L,
                        0));
        MessageRow unsent =
                withExtras(message("unsent", DM, 3), new MessageExtras(null, null, null, null, true, 0, 0, 1));
        MessageRow waiting = withAttachments(message("waiting", DM, 4), List.of(), List.of("att-guid-not-yet-known"));
        cloud.ingestMessagePage(List.of(tapback, reply, unsent, waiting), List.of(), List.of(), "m1");

        List<MessageRow> stored = cloud.messagesAfter(DM, BackfillCursor.START, 10);

        assertThat(stored).containsExactly(tapback, reply, unsent, waiting);
        assertThat(stored.getLast().attachmentsIncomplete()).isTrue();
        assertThat(stored.getFirst().extras().tapbackType()).isEqualTo(2006);
        assertThat(stored.get(1).extras().tapbackType()).isNull();
    }

    /** A local Apple source's body layout and resolved target part survive the store unchanged. */
    @Test
    void bodyLayoutAndTargetPartRoundTrip() {
        imbridge.core.model.BodyLayout layout = new imbridge.core.model.BodyLayout(List.of(
                new imbridge.core.model.BodyLayout.Bubble(0, 0, null, null),
                new imbridge.core.model.BodyLayout.Bubble(1, -1, "see <this>", "see <b>&lt;this&gt;</b>")));
        MessageRow local = withExtras(
                message("local", DM, 1), new MessageExtras(2001, "p:1/AB", null, "AB", false, 0, 0, 0, "text", layout));
        cloud.ingestMessagePage(List.of(local), List.of(), List.of(), "m1");

        assertThat(onlyMessage(DM).extras()).isEqualTo(local.extras());
        assertThat(onlyMessage(DM).extras().layout().partFor(1)).isEqualTo("text");
    }

    @Test
    void readTimeOnlyMovesForwardWhileOtherExtrasFollowTheRecord() {
        MessageRow read =
                withExtras(message("read", DM, 1), new MessageExtras(null, null, null, null, false, 5_000, 9_000, 0));
        cloud.ingestMessagePage(List.of(read), List.of(), List.of(), "m1");

        MessageRow redelivered =
                withExtras(message("read", DM, 1), new MessageExtras(null, null, null, null, true, 6_000, 0, 1));
        cloud.ingestMessagePage(List.of(redelivered), List.of(), List.of(), "m2");

        assertThat(cloud.messagesAfter(DM, BackfillCursor.START, 10))
                .singleElement()
                .extracting(MessageRow::extras)
                .isEqualTo(new MessageExtras(null, null, null, null, true, 6_000, 9_000, 1));
    }

    /** behaviour.md §11.3 item 6: an incomplete attachment map never overwrites a fuller stored attachments_json. */
    @Test
    void anIncompleteAttachmentListNeverReplacesAFullerStoredOne() throws SQLException {
        CloudAttachment photo = attachment("att-photo", "guid-photo");
        CloudAttachment video = attachment("att-video", "guid-video");
        List<String> both = List.of("guid-photo", "guid-video");
        MessageRow full = withAttachments(message("m", DM, 1), List.of(photo, video));
        cloud.ingestMessagePage(List.of(full), List.of(), List.of(), "m1");

        cloud.ingestMessagePage(
                List.of(withAttachments(message("m", DM, 1), List.of(video), both)), List.of(), List.of(), "m2");
        assertThat(onlyMessage(DM).attachments()).containsExactly(photo, video);

        // The references follow the kept list: both uploads stay protected.
        cacheUpload(LOGIN, "att-photo");
        cacheUpload(LOGIN, "att-video");
        assertThat(cloud.pruneAttachmentCache()).isZero();

        // A complete record always wins, even with fewer attachments.
        cloud.ingestMessagePage(
                List.of(withAttachments(message("m", DM, 1), List.of(video))), List.of(), List.of(), "m3");
        assertThat(onlyMessage(DM).attachments()).containsExactly(video);
        assertThat(onlyMessage(DM).attachmentGuids()).containsExactly("guid-video");
    }

    @Test
    void anIncompleteListStillReplacesAShorterStoredOne() {
        CloudAttachment photo = attachment("att-photo", "guid-photo");
        CloudAttachment video = attachment("att-video", "guid-video");
        List<String> both = List.of("guid-photo", "guid-video");
        cloud.ingestMessagePage(
                List.of(withAttachments(message("m", DM, 1), List.of(), both)), List.of(), List.of(), "m1");
        cloud.ingestMessagePage(
                List.of(withAttachments(message("m", DM, 1), List.of(photo), both)), List.of(), List.of(), "m2");
        assertThat(onlyMessage(DM).attachments()).containsExactly(photo);

        cloud.ingestMessagePage(
                List.of(withAttachments(message("m", DM, 1), List.of(photo, video), both)), List.of(), List.of(), "m3");
        assertThat(onlyMessage(DM).attachments()).containsExactly(photo, video);
        assertThat(onlyMessage(DM).attachmentsIncomplete()).isFalse();
    }

    // ---- portal discovery (behaviour.md §4.9) -------------------------------------------------------------

    @Test
    void candidatesSkipPortalsWhoseOnlyChatsAreFilteredOrDeleted() {
        cloud.ingestChatPage(
                List.of(
                        chat("junk-1", "rec-junk", "tel:+1111", true),
                        chat("gone-1", "rec-gone", "tel:+2222", false),
                        chat("mixed-junk", "rec-mixed-junk", "tel:+3333", true),
                        chat("mixed-live", "rec-mixed-live", "tel:+3333", false),
                        chat("live-1", "rec-live", "tel:+4444", false)),
                List.of(),
                List.of(),
                "c1");
        cloud.ingestMessagePage(
                List.of(
                        message("junk", "tel:+1111", 10),
                        message("gone", "tel:+2222", 20),
                        message("mixed", "tel:+3333", 30),
                        message("live", "tel:+4444", 40),
                        message("dm-no-chat", "tel:+5555", 50)),
                List.of(),
                List.of(),
                "m1");
        cloud.softDeletePortal("tel:+2222");
        cloud.ingestMessagePage(List.of(message("gone-later", "tel:+2222", 60)), List.of(), List.of(), "m2");

        assertThat(cloud.portalCandidates())
                .containsExactly(
                        new PortalCandidate("tel:+5555", 50, 1),
                        new PortalCandidate("tel:+4444", 40, 1),
                        new PortalCandidate("tel:+3333", 30, 1));
    }

    // ---- rejects ------------------------------------------------------------------------------------------

    @Test
    void rejectsAreListedNewestFirstUpToTheLimit() {
        cloud.ingestMessagePage(
                List.of(),
                List.of(),
                List.of(new RecordReject(Zone.MESSAGES, "m-old", "INVALID_UTF8", "{\"a\":1}")),
                "m1");
        cloud.ingestChatPage(
                List.of(), List.of(), List.of(new RecordReject(Zone.CHATS, "c-mid", "MISSING_FIELD", null)), "c1");
        cloud.ingestAttachmentPage(
                List.of(), List.of(), List.of(new RecordReject(Zone.ATTACHMENTS, "a-new", "BAD_GUID", null)), "a1");

        assertThat(cloud.rejects(10))
                .containsExactly(
                        new RecordReject(Zone.ATTACHMENTS, "a-new", "BAD_GUID", null),
                        new RecordReject(Zone.CHATS, "c-mid", "MISSING_FIELD", null),
                        new RecordReject(Zone.MESSAGES, "m-old", "INVALID_UTF8", "{\"a\":1}"));
        assertThat(cloud.rejects(2)).extracting(RecordReject::recordName).containsExactly("a-new", "c-mid");
        assertThat(cloud.rejects(0)).isEmpty();
        assertThatThrownBy(() -> cloud.rejects(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(db.cloudStore(OTHER_LOGIN).rejects(10)).isEmpty();
    }

    // ---- bridge side --------------------------------------------------------------------------------------

    @Test
    void forgettingARoomResetsBackfillButKeepsTheMessageMap() {
        Portal withRoom = new Portal(DM, PortalKind.DM, "Dana", List.of(DM), "!old:example.org");
        bridge.savePortal(withRoom);
        bridge.commitBackfillBatch(List.of(sent(PartKey.text("dm-1"), "$1")), BackfillState.initial(DM, 1));
        bridge.savePortal(new Portal(GROUP, PortalKind.GROUP, null, List.of(), "!group:example.org"));
        bridge.saveBackfillState(BackfillState.initial(GROUP, 2));

        bridge.forgetPortalRoom(DM);
        bridge.forgetPortalRoom("tel:+19999999999");

        assertThat(bridge.portal(DM)).contains(withRoom.withRoom(null));
        assertThat(bridge.backfillState(DM)).isEmpty();
        assertThat(bridge.existingParts(DM, List.of(PartKey.text("dm-1")))).hasSize(1);
        assertThat(bridge.portal(GROUP).orElseThrow().roomId()).isEqualTo("!group:example.org");
        assertThat(bridge.backfillState(GROUP)).isPresent();
        assertThat(bridge.portal("tel:+19999999999")).isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private MessageRow onlyMessage(String portalId) {
        List<MessageRow> rows = cloud.messagesAfter(portalId, BackfillCursor.START, 10);
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    private String lastError(Zone zone) throws SQLException {
        try (Connection c = raw();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT last_error FROM cloud_sync_state WHERE zone = '" + zone.zoneName() + "'")) {
            assertThat(rs.next()).as("a sync state row for %s", zone).isTrue();
            return rs.getString(1);
        }
    }

    private static void fillEveryCloudTable(CloudStore store) {
        CloudAttachment photo = attachment("att-1", "guid-1");
        store.setVersionMarker(VERSION, 1);
        store.ingestAttachmentPage(List.of(photo), List.of(), List.of(), "a1");
        store.ingestChatPage(List.of(dmChat()), List.of(), List.of(), "c1");
        store.ingestMessagePage(
                List.of(withAttachments(message("dm-1", DM, 1), List.of(photo))),
                List.of(),
                List.of(new RecordReject(Zone.MESSAGES, "bad", "MISSING_FIELD", null)),
                "m1");
    }
}
