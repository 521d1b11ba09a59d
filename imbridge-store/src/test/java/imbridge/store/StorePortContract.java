package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.ChatRow;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalCandidate;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RecordReject;
import imbridge.core.model.SentPart;
import imbridge.core.model.Zone;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The store contract at the ports ({@code CloudStore}, {@code BridgeStore}), kept by every SQL dialect and by the
 * core's in-memory fakes alike; what needs the database itself (row counts, injected failures, statistics) is
 * {@link StoreContractTest}.
 */
abstract class StorePortContract extends StoreTestBase {

    static final int PAGE = 400;

    // ---- sync tokens ----------------------------------------------------------------------------------

    @Test
    void tokenRoundTripsPerZoneAndNullNeverOverwrites() {
        assertThat(cloud.syncToken(Zone.MESSAGES)).isEmpty();

        cloud.ingestMessagePage(List.of(), List.of(), List.of(), "m1");
        cloud.ingestChatPage(List.of(), List.of(), List.of(), "c1");
        assertThat(cloud.syncToken(Zone.MESSAGES)).contains("m1");
        assertThat(cloud.syncToken(Zone.CHATS)).contains("c1");
        assertThat(cloud.syncToken(Zone.ATTACHMENTS)).isEmpty();

        cloud.ingestMessagePage(List.of(message("a", DM, 1)), List.of(), List.of(), null);
        assertThat(cloud.syncToken(Zone.MESSAGES)).contains("m1");

        cloud.ingestMessagePage(List.of(), List.of(), List.of(), "m2");
        cloud.ingestAttachmentPage(List.of(), List.of(), List.of(), "a1");
        assertThat(cloud.syncToken(Zone.MESSAGES)).contains("m2");
        assertThat(cloud.syncToken(Zone.ATTACHMENTS)).contains("a1");
        assertThat(cloud.syncToken(Zone.CHATS)).contains("c1");
    }

    @Test
    void invalidRowsAreRefusedBeforeAnythingIsWritten() {
        MessageRow noGuid =
                new MessageRow(null, "rec", null, DM, 1, null, false, "x", null, null, List.of(), true, false);
        assertThatThrownBy(() ->
                        cloud.ingestMessagePage(List.of(message("ok", DM, 1), noGuid), List.of(), List.of(), "m1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GUID");
        assertThat(cloud.portalCandidates()).isEmpty();
        assertThat(cloud.syncToken(Zone.MESSAGES)).isEmpty();
    }

    // ---- deletion -----------------------------------------------------------------------------------------

    @Test
    void softDeleteIsStickyOnReimport() {
        MessageRow live = message("sticky", DM, 5);
        cloud.ingestMessagePage(List.of(live, message("other", DM, 6)), List.of(), List.of(), "m1");
        cloud.ingestMessagePage(List.of(), List.of("sticky"), List.of(), "m2");
        cloud.ingestMessagePage(List.of(live), List.of(), List.of(), "m3");
        assertThat(cloud.messagesAfter(DM, BackfillCursor.START, 10))
                .extracting(MessageRow::guid)
                .containsExactly("other");

        MessageRow deletedOnArrival = withDeleted(message("gone", GROUP, 7), true);
        cloud.ingestMessagePage(List.of(deletedOnArrival), List.of(), List.of(), "m4");
        cloud.ingestMessagePage(List.of(withDeleted(deletedOnArrival, false)), List.of(), List.of(), "m5");
        assertThat(cloud.messagesAfter(GROUP, BackfillCursor.START, 10)).isEmpty();
        assertThat(cloud.portalCandidates())
                .extracting(PortalCandidate::portalId)
                .containsExactly(DM);
    }

    @Test
    void messageTombstonesMatchGuidInAnyCaseOrRecordName() {
        String guidA = "5f0c8a1e-93b1-4d7e-a0c4-2b9d6e1f3a70";
        MessageRow a = message(guidA, DM, 1);
        MessageRow b = withRecordName(message("B-GUID", DM, 2), "record-of-b");
        MessageRow livePath = withRecordName(message("LIVE-ONLY", DM, 3), "");
        MessageRow untouched = message("keep-me", DM, 4);
        cloud.ingestMessagePage(List.of(a, b, livePath, untouched), List.of(), List.of(), "m1");

        cloud.ingestMessagePage(
                List.of(), List.of(guidA.toUpperCase(Locale.ROOT), "record-of-b", "", "unknown"), List.of(), "m2");

        assertThat(cloud.messagesAfter(DM, BackfillCursor.START, 10))
                .extracting(MessageRow::guid)
                .containsExactly("LIVE-ONLY", "keep-me");
    }

    @Test
    void chatUpsertNeverTouchesDeletedFlag() {
        ChatRow deleted = new ChatRow(
                "iMessage;-;bob@example.com",
                "chat-record-bob",
                null,
                "mailto:bob@example.com",
                "iMessage",
                null,
                List.of("mailto:bob@example.com"),
                false,
                true);
        cloud.ingestChatPage(List.of(deleted), List.of(), List.of(), "c1");
        ChatRow redelivered = new ChatRow(
                deleted.cloudChatId(),
                deleted.recordName(),
                null,
                deleted.portalId(),
                "iMessage",
                "Bob",
                deleted.participants(),
                false,
                false);
        cloud.ingestChatPage(List.of(redelivered), List.of(), List.of(), "c2");

        assertThat(cloud.chatPortalId("iMessage;-;bob@example.com")).isEmpty();
        assertThat(cloud.chatForPortal("mailto:bob@example.com")).isEmpty();
    }

    // ---- chat lookups -------------------------------------------------------------------------------------

    @Test
    void chatPortalIdFindsByChatIdRecordNameAndGroupIdCaseInsensitively() {
        ChatRow bareHandle = new ChatRow(
                "+15559876543",
                "chat-record-bare",
                null,
                "tel:+15559876543",
                "SMS",
                null,
                List.of("+15559876543"),
                false,
                false);
        cloud.ingestChatPage(List.of(dmChat(), groupChat(), bareHandle), List.of(), List.of(), "c1");

        assertThat(cloud.chatPortalId("iMessage;-;+15551234567")).contains(DM);
        assertThat(cloud.chatPortalId("chat-record-dm")).contains(DM);
        assertThat(cloud.chatPortalId("chat918273645")).contains(GROUP);
        assertThat(cloud.chatPortalId("0C6A3F5E-1B2D-4C3E-9F40-5A6B7C8D9E0F")).contains(GROUP);
        assertThat(cloud.chatPortalId("0c6a3f5e-1b2d-4c3e-9f40-5a6b7c8d9e0f")).contains(GROUP);
        assertThat(cloud.chatPortalId("SMS;-;+15559876543")).contains("tel:+15559876543");
        assertThat(cloud.chatPortalId("SMS;-;+15550000000")).isEmpty();
        assertThat(cloud.chatPortalId("nobody-knows")).isEmpty();
        assertThat(cloud.chatPortalId("")).isEmpty();
    }

    /** The identifier match beats a record-name match, which beats a group-ID match, whatever the update order. */
    @Test
    void chatPortalIdPrefersTheChatIdThenTheRecordNameThenTheGroupId() {
        ChatRow byGroup = new ChatRow(
                "chat-g", "rec-g", "shared-name", "gid:group-portal", "iMessage", null, List.of(), false, false);
        ChatRow byRecord = new ChatRow(
                "chat-r", "shared-name", null, "tel:+15550000002", "iMessage", null, List.of(), false, false);
        ChatRow byId = new ChatRow(
                "shared-name", "rec-i", null, "tel:+15550000003", "iMessage", null, List.of(), false, false);
        cloud.ingestChatPage(List.of(byGroup), List.of(), List.of(), "c1");
        assertThat(cloud.chatPortalId("shared-name")).contains("gid:group-portal");
        cloud.ingestChatPage(List.of(byRecord), List.of(), List.of(), "c2");
        assertThat(cloud.chatPortalId("shared-name")).contains("tel:+15550000002");
        cloud.ingestChatPage(List.of(byId), List.of(), List.of(), "c3");
        assertThat(cloud.chatPortalId("shared-name")).contains("tel:+15550000003");
        cloud.ingestChatPage(List.of(byGroup, byRecord), List.of(), List.of(), "c4");
        assertThat(cloud.chatPortalId("shared-name"))
                .as("a newer update does not outrank a better match")
                .contains("tel:+15550000003");
    }

    @Test
    void chatForPortalReturnsTheStoredRow() {
        cloud.ingestChatPage(List.of(groupChat()), List.of(), List.of(), "c1");
        ChatRow expected = new ChatRow(
                "chat918273645",
                "chat-record-group",
                "0c6a3f5e-1b2d-4c3e-9f40-5a6b7c8d9e0f",
                GROUP,
                "iMessage",
                "Climbing crew",
                List.of("tel:+15551234567", "mailto:carol@example.com"),
                false,
                false);
        assertThat(cloud.chatForPortal(GROUP)).contains(expected);
    }

    // ---- attachments --------------------------------------------------------------------------------------

    @Test
    void attachmentsAreFoundByGuidInAnyCaseUntilTombstoned() {
        CloudAttachment photo = attachment("att-photo", "AbCd-0001");
        CloudAttachment voice = attachment("att-voice", "abcd-0002");
        cloud.ingestAttachmentPage(List.of(photo, voice), List.of(), List.of(), "a1");

        assertThat(cloud.attachmentsByGuid(List.of("abcd-0001", "ABCD-0002", "missing")))
                .containsOnlyKeys("ABCD-0001", "ABCD-0002")
                .containsEntry("ABCD-0001", photo);

        cloud.ingestAttachmentPage(List.of(), List.of("att-voice"), List.of(), "a2");
        assertThat(cloud.attachmentsByGuid(List.of("abcd-0001", "abcd-0002"))).containsOnlyKeys("ABCD-0001");
    }

    // ---- portal discovery and keyset paging ---------------------------------------------------------------

    @Test
    void portalCandidatesAreNewestFirstAndIgnoreDeletedAndUnresolvedMessages() {
        cloud.ingestMessagePage(
                List.of(
                        message("p1-old", "tel:+1", 100),
                        message("p1-new", "tel:+1", 900),
                        message("p2", "tel:+2", 500),
                        message("p3", "tel:+3", 1_000),
                        withDeleted(message("p4", "tel:+4", 2_000), true),
                        message("unresolved", null, 3_000)),
                List.of("p3"),
                List.of(),
                "m1");

        assertThat(cloud.portalCandidates())
                .containsExactly(new PortalCandidate("tel:+1", 900, 2), new PortalCandidate("tel:+2", 500, 1));
    }

    @Test
    void keysetPagingVisitsEveryMessageOnceInOrderDespiteTimestampTies() {
        int total = 12_000;
        Random random = new Random(42);
        List<MessageRow> all = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            // ~8 messages share each timestamp; GUIDs random, in CloudKit's lower case.
            all.add(message(UUID.nameUUIDFromBytes(("m" + i).getBytes()).toString(), DM, 1_700_000_000_000L + i / 8));
        }
        List<MessageRow> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, random);
        for (int from = 0; from < total; from += PAGE) {
            List<MessageRow> page = new ArrayList<>(shuffled.subList(from, from + PAGE));
            page.add(message("noise-" + from, GROUP, 1_700_000_000_000L + from));
            cloud.ingestMessagePage(page, List.of(), List.of(), "m" + from);
        }
        List<String> tombstoned = List.of(
                all.get(0).guid(), all.get(5_000).guid(), all.get(total - 1).guid());
        cloud.ingestMessagePage(List.of(), tombstoned, List.of(), "m-end");

        List<String> expected = all.stream()
                .filter(m -> !tombstoned.contains(m.guid()))
                .sorted(Comparator.comparingLong(MessageRow::timestampMs).thenComparing(MessageRow::guidNorm))
                .map(MessageRow::guid)
                .toList();
        List<String> visited = new ArrayList<>();
        BackfillCursor cursor = BackfillCursor.START;
        for (int pages = 0; pages < 100; pages++) {
            List<MessageRow> batch = cloud.messagesAfter(DM, cursor, 700);
            if (batch.isEmpty()) {
                break;
            }
            batch.forEach(m -> visited.add(m.guid()));
            MessageRow last = batch.getLast();
            cursor = new BackfillCursor(last.timestampMs(), last.guidNorm());
        }
        assertThat(visited).hasSize(total - tombstoned.size()).containsExactlyElementsOf(expected);
    }

    // ---- bridge state -------------------------------------------------------------------------------------

    @Test
    void portalsRoundTripAndUpdate() {
        Portal group = new Portal(GROUP, PortalKind.GROUP, "Climbing crew", List.of("tel:+15551234567"), null);
        Portal dm = new Portal(DM, PortalKind.DM, null, List.of(DM), null);
        bridge.savePortal(group);
        bridge.savePortal(dm);
        assertThat(bridge.portal(GROUP)).contains(group);

        Portal withRoom = group.withRoom("!room:example.org");
        bridge.savePortal(withRoom);
        assertThat(bridge.portal(GROUP)).contains(withRoom);
        assertThat(bridge.portals()).containsExactly(withRoom, dm);
        assertThat(bridge.portal("tel:+19999999999")).isEmpty();
    }

    @Test
    void portalByRoomFindsThePortalWhoseRoomItIsAndNothingForOtherRooms() {
        Portal group = new Portal(GROUP, PortalKind.GROUP, "Climbing crew", List.of(DM), "!group:example.org");
        Portal dm = new Portal(DM, PortalKind.DM, null, List.of(DM), "!dm:example.org");
        Portal roomless = new Portal("tel:+15550000000", PortalKind.DM, null, List.of(), null);
        bridge.savePortal(group);
        bridge.savePortal(dm);
        bridge.savePortal(roomless);

        assertThat(bridge.portalByRoom("!group:example.org")).contains(group);
        assertThat(bridge.portalByRoom("!dm:example.org")).contains(dm);
        assertThat(bridge.portalByRoom("!unknown:example.org")).isEmpty();
        assertThat(bridge.portalByRoom("!DM:example.org"))
                .as("room IDs are case-sensitive")
                .isEmpty();
    }

    @Test
    void aForgottenRoomNoLongerFindsItsPortalAndANewRoomDoes() {
        bridge.savePortal(new Portal(DM, PortalKind.DM, null, List.of(DM), "!old:example.org"));
        bridge.forgetPortalRoom(DM);
        assertThat(bridge.portalByRoom("!old:example.org")).isEmpty();

        Portal reopened = new Portal(DM, PortalKind.DM, null, List.of(DM), "!new:example.org");
        bridge.savePortal(reopened);
        assertThat(bridge.portalByRoom("!new:example.org")).contains(reopened);
        assertThat(bridge.portalByRoom("!old:example.org")).isEmpty();
    }

    @Test
    void portalByRoomSeesOnlyItsOwnLoginsPortals() {
        BridgeStore otherBridge = stores.bridgeStore(OTHER_LOGIN);
        Portal others = new Portal(GROUP, PortalKind.GROUP, null, List.of(), "!shared:example.org");
        otherBridge.savePortal(others);
        assertThat(bridge.portalByRoom("!shared:example.org")).isEmpty();

        Portal mine = new Portal(DM, PortalKind.DM, null, List.of(DM), "!shared:example.org");
        bridge.savePortal(mine);
        assertThat(bridge.portalByRoom("!shared:example.org")).contains(mine);
        assertThat(otherBridge.portalByRoom("!shared:example.org")).contains(others);
    }

    @Test
    void twoPortalsClaimingOneRoomResolveToTheLowestPortalId() {
        Portal dm = new Portal(DM, PortalKind.DM, null, List.of(DM), "!same:example.org");
        Portal group = new Portal(GROUP, PortalKind.GROUP, null, List.of(DM), "!same:example.org");
        bridge.savePortal(dm);
        bridge.savePortal(group);
        assertThat(GROUP).isLessThan(DM);
        assertThat(bridge.portalByRoom("!same:example.org")).contains(group);
    }

    @Test
    void eventIdOfFindsAPartsFirstEventCaseInsensitivelyWithinItsPortal() {
        BackfillState state =
                new BackfillState(DM, BackfillStatus.RUNNING, new BackfillCursor(10, "GUID-1"), 1, 2, null, 1_000);
        bridge.commitBackfillBatch(
                List.of(sent(PartKey.text("guid-1"), "$first"), sent(PartKey.attachment("guid-1", 0), "$photo")),
                state);
        bridge.commitBackfillBatch(List.of(sent(PartKey.text("guid-1"), "$second")), state);

        assertThat(bridge.eventIdOf(DM, PartKey.text("GUID-1"))).contains("$first");
        assertThat(bridge.eventIdOf(DM, PartKey.attachment("Guid-1", 0))).contains("$photo");
        assertThat(bridge.eventIdOf(DM, PartKey.attachment("guid-1", 1))).isEmpty();
        assertThat(bridge.eventIdOf(GROUP, PartKey.text("guid-1"))).isEmpty();
    }

    @Test
    void existingPartsLooksUpLargeBatches() {
        List<SentPart> sent = new ArrayList<>();
        List<PartKey> asked = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            PartKey key = PartKey.text("g-" + i);
            asked.add(key);
            if (i % 3 == 0) {
                sent.add(sent(key, "$e" + i));
            }
        }
        bridge.commitBackfillBatch(sent, BackfillState.initial(DM, 1));
        assertThat(bridge.existingParts(DM, asked))
                .hasSize(400)
                .containsExactlyInAnyOrderElementsOf(
                        sent.stream().map(SentPart::key).toList());
    }

    @Test
    void backfillStateRoundTrips() {
        assertThat(bridge.backfillState(DM)).isEmpty();
        BackfillState initial = BackfillState.initial(DM, 1_234);
        bridge.saveBackfillState(initial);
        assertThat(bridge.backfillState(DM)).contains(initial);

        BackfillState failed = new BackfillState(
                DM,
                BackfillStatus.FAILED,
                new BackfillCursor(1_700_000_000_123L, "0C6A3F5E-AAAA"),
                5_000,
                5_321,
                "homeserver said no",
                9_999);
        bridge.saveBackfillState(failed);
        assertThat(bridge.backfillState(DM)).contains(failed);

        BackfillState done = new BackfillState(DM, BackfillStatus.DONE, failed.cursor(), 5_001, 5_322, null, 10_000);
        bridge.commitBackfillBatch(List.of(), done);
        assertThat(bridge.backfillState(DM)).contains(done);
    }

    // ---- isolation and rejects ----------------------------------------------------------------------------

    @Test
    void loginsDoNotSeeEachOthersRows() {
        CloudStore otherCloud = stores.cloudStore("@bob:example.org");
        BridgeStore otherBridge = stores.bridgeStore("@bob:example.org");
        cloud.ingestAttachmentPage(List.of(attachment("att-1", "shared-guid")), List.of(), List.of(), "a1");
        cloud.ingestChatPage(List.of(dmChat()), List.of(), List.of(), "c1");
        cloud.ingestMessagePage(
                List.of(message("shared-guid", DM, 1)),
                List.of(),
                List.of(new RecordReject(Zone.MESSAGES, "bad", "why", null)),
                "m1");
        bridge.savePortal(new Portal(DM, PortalKind.DM, null, List.of(DM), "!a:example.org"));
        bridge.commitBackfillBatch(List.of(sent(PartKey.text("shared-guid"), "$a")), BackfillState.initial(DM, 1));

        assertThat(otherCloud.syncToken(Zone.MESSAGES)).isEmpty();
        assertThat(otherCloud.portalCandidates()).isEmpty();
        assertThat(otherCloud.messagesAfter(DM, BackfillCursor.START, 10)).isEmpty();
        assertThat(otherCloud.chatPortalId("iMessage;-;+15551234567")).isEmpty();
        assertThat(otherCloud.attachmentsByGuid(List.of("shared-guid"))).isEmpty();
        assertThat(otherCloud.rejectCount()).isZero();
        assertThat(otherBridge.portals()).isEmpty();
        assertThat(otherBridge.existingParts(DM, List.of(PartKey.text("shared-guid"))))
                .isEmpty();
        assertThat(otherBridge.backfillState(DM)).isEmpty();

        // The same GUID may exist for both logins; tombstones of one never touch the other.
        otherCloud.ingestMessagePage(List.of(message("shared-guid", DM, 1)), List.of(), List.of(), "b1");
        otherCloud.ingestMessagePage(List.of(), List.of("shared-guid"), List.of(), "b2");
        assertThat(cloud.messagesAfter(DM, BackfillCursor.START, 10)).hasSize(1);
    }

    @Test
    void tapbacksTargetingFindsThePortalsTapbacksOnOneMessageWhateverTheirPrefixOrCase() {
        MessageExtras onTarget = new MessageExtras(2000, "p:0/target-guid", null, null, false, 0, 0, 0);
        cloud.ingestMessagePage(
                List.of(
                        withExtras(
                                message("t2", DM, 12),
                                new MessageExtras(3000, "p:1/TARGET-GUID", null, null, false, 0, 0, 0)),
                        withExtras(message("t1", DM, 10), onTarget),
                        withExtras(
                                message("bare", DM, 11),
                                new MessageExtras(2001, "Target-Guid", null, null, false, 0, 0, 0)),
                        withExtras(
                                message("longer", DM, 13),
                                new MessageExtras(2000, "p:0/X-TARGET-GUID", null, null, false, 0, 0, 0)),
                        withExtras(
                                message("elsewhere", DM, 14),
                                new MessageExtras(2000, "p:0/OTHER", null, null, false, 0, 0, 0)),
                        message("target-guid", DM, 9),
                        withExtras(message("other", GROUP, 11), onTarget),
                        withDeleted(withExtras(message("gone", DM, 11), onTarget), true)),
                List.of(),
                List.of(),
                "m1");

        assertThat(cloud.tapbacksTargeting(DM, "TARGET-GUID"))
                .extracting(MessageRow::guid)
                .containsExactly("t1", "bare", "t2");
        assertThat(cloud.tapbacksTargeting(GROUP, "target-guid"))
                .extracting(MessageRow::guid)
                .containsExactly("other");
        assertThat(cloud.tapbacksTargeting(DM, "NO-SUCH-GUID")).isEmpty();
    }

    @Test
    void tapbacksUpToReturnsOnlyThePortalsTapbacksAtOrBeforeTheCursorOldestFirst() {
        MessageExtras love = new MessageExtras(2000, "p:0/T", null, null, false, 0, 0, 0);
        cloud.ingestMessagePage(
                List.of(
                        withExtras(message("t1", DM, 10), love),
                        message("plain", DM, 11),
                        withExtras(message("t2", DM, 12), love),
                        withExtras(message("t3", DM, 13), love),
                        withExtras(message("other", GROUP, 11), love),
                        withDeleted(withExtras(message("gone", DM, 11), love), true)),
                List.of(),
                List.of(),
                "m1");

        assertThat(cloud.tapbacksUpTo(DM, new BackfillCursor(12, "T2")))
                .extracting(MessageRow::guid)
                .containsExactly("t1", "t2");
        assertThat(cloud.tapbacksUpTo(DM, new BackfillCursor(12, "T1")))
                .extracting(MessageRow::guid)
                .containsExactly("t1");
        assertThat(cloud.tapbacksUpTo(DM, BackfillCursor.START)).isEmpty();
        assertThat(cloud.tapbacksUpTo(DM, new BackfillCursor(Long.MAX_VALUE, "")))
                .extracting(MessageRow::guid)
                .containsExactly("t1", "t2", "t3");
    }

    @Test
    void anUnsendIsStickyWhenAnOlderCopyOfTheMessageArrivesLater() {
        MessageExtras unsent = new MessageExtras(null, null, null, null, true, 0, 0, 0);
        cloud.ingestMessagePage(List.of(withExtras(message("u1", DM, 10), unsent)), List.of(), List.of(), null);

        // CloudKit lagging behind the live unsend re-delivers the message as it was before
        cloud.ingestMessagePage(List.of(message("u1", DM, 10)), List.of(), List.of(), "m2");

        assertThat(cloud.messageByGuid("u1"))
                .hasValueSatisfying(m -> assertThat(m.extras().unsent())
                        .as("Messages cannot take an unsend back: a stale copy must not bring the text back")
                        .isTrue());
    }
}
