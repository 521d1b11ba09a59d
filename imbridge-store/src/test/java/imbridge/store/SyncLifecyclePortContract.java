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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sync lifecycle at the ports (tokens, markers, tombstones, soft deletes, restore, extras), kept by the SQL
 * stores and by the core's in-memory fakes alike; what needs the database itself is
 * {@link SyncLifecycleContractTest}.
 */
abstract class SyncLifecyclePortContract extends StoreTestBase {

    static final String VERSION = "_version";
    static final String CHAT_VERSION = "_chat_version";

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
        assertThat(stores.cloudStore(OTHER_LOGIN).hasAnySyncState()).isFalse();
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
        assertThat(stores.cloudStore(OTHER_LOGIN).rejects(10)).isEmpty();
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

    MessageRow onlyMessage(String portalId) {
        List<MessageRow> rows = cloud.messagesAfter(portalId, BackfillCursor.START, 10);
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    static void fillEveryCloudTable(CloudStore store) {
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
