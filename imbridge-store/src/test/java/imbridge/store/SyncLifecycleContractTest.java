package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackfillState;
import imbridge.core.model.ChatRow;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalCandidate;
import imbridge.core.model.PortalKind;
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
abstract class SyncLifecycleContractTest extends SyncLifecyclePortContract {

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

    private String lastError(Zone zone) throws SQLException {
        try (Connection c = raw();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT last_error FROM cloud_sync_state WHERE zone = '" + zone.zoneName() + "'")) {
            assertThat(rs.next()).as("a sync state row for %s", zone).isTrue();
            return rs.getString(1);
        }
    }
}
