package imbridge.sim.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Profile {@code full} at the dataset level: what the generator plants, checked against the ground truth (which
 * derives everything from the records, so each test pits the two witnesses against each other).
 */
class FullProfileTest {

    private static final Duration LATE_AFTER = Duration.ofSeconds(3);
    private static final String OWNER = "tel:+15550000001";

    /** Started, late changes not yet due. */
    private static Dataset early;

    private static Truth earlyTruth;
    /** Same seed, started and moved past {@link #LATE_AFTER}. */
    private static Dataset settled;

    private static Truth truth;

    @BeforeAll
    static void generate() {
        early = generate(11, 20, 5_000);
        early.start(new ManualClock());
        earlyTruth = GroundTruth.compute(early);
        ManualClock clock = new ManualClock();
        settled = generate(11, 20, 5_000);
        settled.start(clock);
        clock.advance(LATE_AFTER);
        truth = GroundTruth.compute(settled);
    }

    private static Dataset generate(long seed, int chats, int messages) {
        return new DatasetGenerator(seed, chats, messages, SimProfile.FULL, LATE_AFTER).generate();
    }

    @Test
    void aReplysFirstPartNamesItsTargetWhenTheTargetHasPartsBeforeIt() {
        List<MessageRecord> replies = messages(m -> m.meta().replyGuid() != null);
        Map<String, Truth.Part> texts = textParts(truth);
        int anchored = 0;
        for (MessageRecord reply : replies) {
            Truth.Part part = texts.get(reply.guid().toUpperCase(Locale.ROOT));
            String target = reply.meta().replyGuid().substring("r:0:".length());
            if (part != null && texts.containsKey(target.toUpperCase(Locale.ROOT))) {
                assertThat(part.replyTo()).as(reply.guid()).isEqualTo(target);
                anchored++;
            }
        }
        assertThat(anchored).isPositive();
        assertThat(truth.portals().stream()
                        .flatMap(p -> p.parts().stream())
                        .filter(p -> p.replyTo() != null)
                        .count())
                .isLessThanOrEqualTo(replies.size());
    }

    @Test
    void theSameSeedGivesIdenticalHistoriesLateChangesAndTruth() {
        ManualClock clock = new ManualClock();
        Dataset again = generate(11, 20, 5_000);
        again.start(clock);
        clock.advance(LATE_AFTER);

        assertThat(TruthJson.toBytes(GroundTruth.compute(again))).isEqualTo(TruthJson.toBytes(truth));
        for (String zone : Zones.ALL) {
            assertThat(again.zone(zone).history())
                    .as(zone)
                    .isEqualTo(settled.zone(zone).history());
        }
        assertThat(TruthJson.toBytes(GroundTruth.compute(generate(12, 20, 5_000))))
                .isNotEqualTo(TruthJson.toBytes(earlyTruth));
    }

    @Test
    void everyBasicRecordIsKeptUnchanged() {
        Dataset basic = new DatasetGenerator(11, 20, 5_000).generate();
        for (String zone : List.of(Zones.CHATS, Zones.MESSAGES, Zones.ATTACHMENTS)) {
            Map<String, CkRecord> full = new HashMap<>();
            settled.zone(zone).history().stream()
                    .filter(c -> !c.deleted())
                    .forEach(c -> full.put(c.recordName(), c.record()));
            assertThat(basic.zone(zone).history())
                    .as(zone)
                    .allSatisfy(c -> assertThat(full.get(c.recordName())).isEqualTo(c.record()));
        }
        assertThat(settled.summary().messages()).isGreaterThan(5_000).isLessThan(5_600);
    }

    @Test
    void filteredChatsAreNeverBridged() {
        List<Conversation> junk = role(Conversation.Role.FILTERED);

        assertThat(junk)
                .extracting(Conversation::kind)
                .containsExactlyInAnyOrder(Conversation.Kind.DM, Conversation.Kind.GROUP);
        for (Conversation conversation : junk) {
            ChatRecord chat = chat(conversation);
            assertThat(chat.filter()).isNotZero();
            assertThat(messagesOf(conversation)).hasSize(conversation.messageCount());
            assertThat(portalIds(truth)).doesNotContain(conversation.portalId());
            assertThat(truth.deletedPortals()).doesNotContain(conversation.portalId());
        }
    }

    @Test
    void theSelfChatIsBridgedUnderTheOwnersHandle() {
        Conversation self = role(Conversation.Role.SELF_CHAT).getFirst();
        Truth.Portal portal = portal(truth, OWNER);

        assertThat(self.portalId()).isEqualTo(OWNER);
        assertThat(chat(self).participants())
                .singleElement()
                .satisfies(p -> assertThat(p).contains("5550000001"));
        assertThat(portal.kind()).isEqualTo("dm");
        assertThat(portal.members()).containsExactly(OWNER);
        assertThat(portal.parts())
                .hasSize(self.messageCount())
                .allSatisfy(p -> assertThat(p.fromMe()).isTrue())
                .allSatisfy(p -> assertThat(p.sender()).isEqualTo(OWNER));
    }

    @Test
    void tapbacksUnsentSystemServiceAndBodylessMessagesProduceNoParts() {
        List<MessageRecord> tapbacks = messages(m -> m.meta().isTapback());
        List<MessageRecord> unsent = messages(m -> m.meta().unsent());
        List<MessageRecord> system = messages(m -> (m.flags() & MessageRecord.FLAG_SYSTEM) != 0);
        List<MessageRecord> service = messages(m -> (m.flags() & MessageRecord.FLAG_SERVICE) != 0);
        List<MessageRecord> bodyless = messages(m -> m.text() == null
                && m.subject() == null
                && m.attachmentGuids().isEmpty()
                && !m.isSystemOrService()
                && !m.meta().isTapback());

        assertThat(tapbacks)
                .hasSizeGreaterThanOrEqualTo(60)
                .anySatisfy(t -> assertThat(t.meta().assocType()).isBetween(2000L, 2005L))
                .anySatisfy(t -> {
                    assertThat(t.meta().assocType()).isEqualTo(2006L);
                    assertThat(t.meta().assocEmoji()).isNotBlank();
                })
                .anySatisfy(t -> assertThat(t.meta().assocType()).isBetween(3000L, 3006L))
                .anySatisfy(t -> assertThat(t.text()).isNotBlank())
                .allSatisfy(t -> assertThat(t.meta().assocGuid()).startsWith("p:0/"));
        assertThat(unsent)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(m -> assertThat(m.text()).isNull());
        assertThat(system)
                .hasSizeGreaterThanOrEqualTo(2)
                .anySatisfy(m -> assertThat(m.text()).isNotBlank());
        assertThat(service)
                .hasSizeGreaterThanOrEqualTo(2)
                .anySatisfy(m -> assertThat(m.text()).isNotBlank());
        assertThat(bodyless).hasSizeGreaterThanOrEqualTo(2);
        Set<String> bridged = bridgedGuids(truth);
        for (List<MessageRecord> group : List.of(unsent, system, service, bodyless)) {
            assertThat(group).noneMatch(m -> bridged.contains(m.guid().toUpperCase(Locale.ROOT)));
        }
        // Tapbacks are no messages: an add still standing is one reaction part; removes never appear.
        Map<String, MessageRecord> tapbackByGuid = new HashMap<>();
        tapbacks.forEach(t -> tapbackByGuid.put(t.guid().toUpperCase(Locale.ROOT), t));
        List<Truth.Part> reactions = truth.portals().stream()
                .flatMap(p -> p.parts().stream())
                .filter(part -> tapbackByGuid.containsKey(part.guid().toUpperCase(Locale.ROOT)))
                .toList();
        assertThat(reactions).isNotEmpty().allSatisfy(part -> {
            assertThat(part.part()).isEqualTo("reaction");
            assertThat(part.kind()).isEqualTo("reaction");
            assertThat(part.key()).isNotBlank();
            assertThat(tapbackByGuid
                            .get(part.guid().toUpperCase(Locale.ROOT))
                            .meta()
                            .assocType())
                    .isLessThan(3000L);
        });
        assertThat(reactions.size())
                .isLessThan((int) tapbacks.stream()
                        .filter(t -> t.meta().assocType() < 3000)
                        .count())
                .as("some adds were removed later");
    }

    @Test
    void tapbacksTargetEarlierMessagesOfTheirConversation() {
        Map<String, MessageRecord> byGuid =
                settled.messages().stream().collect(Collectors.toMap(MessageRecord::guid, m -> m, (a, b) -> a));
        Set<String> tombstoned = tombstonedRecordNames(Zones.MESSAGES);
        for (MessageRecord tapback : messages(m -> m.meta().isTapback())) {
            String targetGuid = tapback.meta().assocGuid().substring("p:0/".length());
            MessageRecord target = byGuid.get(targetGuid);
            if (target == null) {
                assertThat(tombstoned).as("a missing target was deleted").isNotEmpty();
                continue;
            }
            assertThat(target.timeNs()).isLessThan(tapback.timeNs());
            assertThat(target.chatId().toUpperCase(Locale.ROOT))
                    .isEqualTo(tapback.chatId().toUpperCase(Locale.ROOT));
        }
    }

    @Test
    void repliesEditsSubjectsReadTimesAndUnusualTypesAreBridgedAsText() {
        List<MessageRecord> replies = messages(m -> m.meta().replyGuid() != null);
        List<MessageRecord> edited = messages(m -> m.meta().editedAtNs() != null);
        List<MessageRecord> unusual = messages(m -> m.msgType() != 0 && !m.isSystemOrService() && m.text() != null);
        List<MessageRecord> withSubject = messages(m -> m.subject() != null);
        List<MessageRecord> read = messages(m -> m.meta().dateReadNs() != null);

        assertThat(replies)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(m -> assertThat(m.meta().replyGuid()).matches("r:0:[0-9a-f-]{36}"));
        assertThat(edited)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(m -> assertThat(m.meta().editedAtNs()).isGreaterThan(m.timeNs()));
        assertThat(read).isNotEmpty().allSatisfy(m -> {
            assertThat(m.fromMe()).isTrue();
            assertThat(m.meta().dateReadNs()).isGreaterThan(m.timeNs());
        });
        assertThat(unusual).hasSizeGreaterThanOrEqualTo(3);
        Map<String, Truth.Part> texts = textParts(truth);
        for (List<MessageRecord> group : List.of(replies, edited, unusual, withSubject)) {
            for (MessageRecord message : group) {
                assertThat(texts.get(message.guid().toUpperCase(Locale.ROOT)))
                        .as(message.guid())
                        .isNotNull()
                        .extracting(Truth.Part::body)
                        .isEqualTo(MessageBody.of(message.text(), message.subject()));
            }
        }
    }

    @Test
    void initialMessageTombstonesComeAfterTheirRecordsAndRemoveTheirParts() {
        List<Change> history = settled.zone(Zones.MESSAGES).history();
        Map<String, Long> firstSeen = new HashMap<>();
        Map<String, MessageRecord> deletedRecords = new HashMap<>();
        for (Change change : history) {
            if (!change.deleted()) {
                firstSeen.putIfAbsent(change.recordName(), change.sequence());
                deletedRecords.put(change.recordName(), (MessageRecord) unwrap(change.record()));
            }
        }
        List<Change> tombstones = history.stream().filter(Change::deleted).toList();

        assertThat(tombstones).hasSizeGreaterThanOrEqualTo(3);
        Set<String> bridged = bridgedGuids(truth);
        for (Change tombstone : tombstones) {
            assertThat(firstSeen.get(tombstone.recordName())).isLessThan(tombstone.sequence());
            assertThat(bridged)
                    .doesNotContain(
                            deletedRecords.get(tombstone.recordName()).guid().toUpperCase(Locale.ROOT));
        }
    }

    @Test
    void chatTombstonesDeleteTheirPortalsForDmsAndGroups() {
        List<Conversation> deleted = role(Conversation.Role.DELETED);
        Set<String> tombstoned = tombstonedRecordNames(Zones.CHATS);

        assertThat(deleted)
                .extracting(Conversation::kind)
                .containsExactlyInAnyOrder(Conversation.Kind.DM, Conversation.Kind.GROUP);
        for (Conversation conversation : deleted) {
            assertThat(tombstoned).contains(conversation.chatRecordName());
            assertThat(messagesOf(conversation)).hasSize(conversation.messageCount());
            assertThat(truth.deletedPortals()).contains(conversation.portalId());
            assertThat(earlyTruth.deletedPortals()).contains(conversation.portalId());
            assertThat(portalIds(truth)).doesNotContain(conversation.portalId());
        }
    }

    @Test
    void malformedRecordsOfEveryKindAreListedWithTheirReasons() {
        assertThat(truth.rejectedRecords())
                .extracting(Truth.Rejected::reason)
                .containsExactlyInAnyOrder(
                        "MISSING_FIELD:guid",
                        "MISSING_FIELD:time",
                        "MISSING_FIELD:chatID",
                        "WRONG_TYPE:time",
                        "WRONG_TYPE:sender",
                        "INVALID_UTF8:text",
                        "INVALID_UTF8:sender",
                        "BAD_GUID",
                        "ABSURD_TIMESTAMP",
                        "ABSURD_TIMESTAMP",
                        "OVERSIZE_TEXT",
                        "WRONG_TYPE:stl",
                        "MISSING_FIELD:stl",
                        "MISSING_FIELD:lqa");
        assertThat(truth.rejectedRecords())
                .filteredOn(r -> r.reason().endsWith(":stl"))
                .allSatisfy(r -> assertThat(r.zone()).isEqualTo(Zones.CHATS));
        assertThat(truth.rejectedRecords())
                .filteredOn(r -> r.reason().endsWith(":lqa"))
                .singleElement()
                .satisfies(r -> assertThat(r.zone()).isEqualTo(Zones.ATTACHMENTS));

        Set<String> bridged = bridgedGuids(truth);
        List<MalformedRecord> malformed = settled.malformed(Zones.MESSAGES);
        assertThat(malformed)
                .hasSize(11)
                .allSatisfy(m -> assertThat(bridged)
                        .doesNotContain(((MessageRecord) m.base()).guid().toUpperCase(Locale.ROOT)));
        assertThat(settled.messages())
                .noneMatch(m -> malformed.stream().anyMatch(x -> x.base().equals(m)));
        MessageRecord oversize = (MessageRecord) malformed.stream()
                .filter(m -> m.defect().kind() == Defect.Kind.OVERSIZE_TEXT)
                .findFirst()
                .orElseThrow()
                .base();
        assertThat(oversize.text().length()).isGreaterThan(Defect.OVERSIZE_TEXT_CHARS);
    }

    @Test
    void aWrongTypeFollowsTheDeclaredTypeWhateverTheValueLooksLike() throws Exception {
        MessageRecord digits = new MessageRecord(
                "rn-digits",
                "0c5e0001-aaaa-4bbb-8ccc-000000000001",
                "iMessage;-;+15556388140",
                "15556388140",
                700_000_000_000_000_000L,
                0,
                "hi",
                null,
                List.of(),
                "iMessage",
                0);
        JsonNode sender = render(new MalformedRecord(digits, new Defect(Defect.Kind.WRONG_TYPE, "sender")))
                .at("/fields/sender");
        JsonNode time = render(new MalformedRecord(digits, new Defect(Defect.Kind.WRONG_TYPE, "time")))
                .at("/fields/time");

        assertThat(sender.get("type").asText()).isEqualTo("INT64");
        assertThat(sender.get("value").isNumber()).isTrue();
        assertThat(time.get("type").asText()).isEqualTo("STRING");
        assertThat(time.get("value").isTextual()).isTrue();
        for (long seed = 1; seed <= 12; seed++) {
            Dataset small = generate(seed, 4, 40);
            for (String zone : List.of(Zones.CHATS, Zones.MESSAGES)) {
                for (MalformedRecord record : small.malformed(zone)) {
                    if (record.defect().kind() == Defect.Kind.WRONG_TYPE) {
                        JsonNode field =
                                render(record).at("/fields/" + record.defect().field());
                        boolean declaredNumeric =
                                Set.of("time", "stl").contains(record.defect().field());
                        assertThat(field.get("type").asText())
                                .as(seed + " " + record.reason())
                                .isEqualTo(declaredNumeric ? "STRING" : "INT64");
                    }
                }
            }
        }
    }

    private static JsonNode render(CkRecord record) throws Exception {
        RecordWriter writer = new RecordWriter("http://127.0.0.1:1");
        byte[] json =
                Json.write(g -> writer.writeChange(g, record.zoneName(), new Change(1, record.recordName(), record)));
        return Json.MAPPER.readTree(json);
    }

    @Test
    void aMalformedAttachmentLosesItsPartButTheMessageKeepsItsText() {
        AttachmentRecord broken = (AttachmentRecord)
                settled.malformed(Zones.ATTACHMENTS).getFirst().base();
        MessageRecord carrier =
                messages(m -> m.attachmentGuids().contains(broken.guid())).getFirst();

        List<Truth.Part> parts = truth.portals().stream()
                .flatMap(p -> p.parts().stream())
                .filter(p -> p.guid().equals(carrier.guid()))
                .toList();
        assertThat(parts).extracting(Truth.Part::part).containsExactly("text");
        assertThat(settled.attachments()).noneMatch(a -> a.guid().equals(broken.guid()));
    }

    @Test
    void conversationsWithMalformedChatRecordsAreBridgedFromMessageData() {
        List<Conversation> broken = role(Conversation.Role.MALFORMED_CHAT);

        assertThat(broken)
                .extracting(Conversation::kind)
                .containsExactlyInAnyOrder(Conversation.Kind.DM, Conversation.Kind.GROUP);
        for (Conversation conversation : broken) {
            Truth.Portal portal = portal(truth, conversation.portalId());
            assertThat(portal.name()).isNull();
            assertThat(portal.parts()).isNotEmpty();
            if (conversation.kind() == Conversation.Kind.GROUP) {
                assertThat(portal.kind()).isEqualTo("group");
                assertThat(portal.members()).isEmpty();
            } else {
                assertThat(portal.members()).containsExactly(conversation.portalId());
            }
        }
    }

    @Test
    void lateChangesStayInvisibleUntilLateAfterAndThenChangeTheTruth() {
        Conversation late = role(Conversation.Role.LATE).getFirst();
        Conversation lateDeleted = role(Conversation.Role.DELETED_LATE).getFirst();

        assertThat(early.pendingLateChanges()).isGreaterThanOrEqualTo(8);
        assertThat(portalIds(earlyTruth)).doesNotContain(late.portalId()).contains(lateDeleted.portalId());
        assertThat(earlyTruth.deletedPortals()).doesNotContain(lateDeleted.portalId());

        assertThat(settled.pendingLateChanges()).isZero();
        assertThat(portal(truth, late.portalId()).parts())
                .hasSizeGreaterThanOrEqualTo(late.messageCount())
                .anySatisfy(p -> assertThat(p.kind()).isEqualTo("file"));
        assertThat(portal(truth, late.portalId()).name()).isNotNull();
        assertThat(truth.deletedPortals()).contains(lateDeleted.portalId());
        assertThat(portalIds(truth)).doesNotContain(lateDeleted.portalId());
    }

    @Test
    void theTruthSeesTheLateChangesOfAllZonesAtOnce() {
        Instant start = Instant.parse("2025-06-01T12:00:00Z");
        AtomicInteger reads = new AtomicInteger();
        Clock stepping = new Clock() {
            @Override
            public Instant instant() {
                return start.plus(LATE_AFTER.multipliedBy(6).dividedBy(10).multipliedBy(reads.getAndIncrement()));
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        Dataset dataset = generate(11, 20, 5_000);
        dataset.start(stepping);
        Conversation late = role(Conversation.Role.LATE).getFirst();
        Conversation lateDeleted = role(Conversation.Role.DELETED_LATE).getFirst();

        Truth before = GroundTruth.compute(dataset);
        Truth after = GroundTruth.compute(dataset);

        assertThat(portalIds(before)).doesNotContain(late.portalId()).contains(lateDeleted.portalId());
        assertThat(before.deletedPortals()).doesNotContain(lateDeleted.portalId());
        assertThat(portal(after, late.portalId()).name())
                .as("chat record and messages arrive together")
                .isNotNull();
        assertThat(portal(after, late.portalId()).members()).hasSize(3);
        assertThat(after.deletedPortals()).contains(lateDeleted.portalId());
    }

    @Test
    void lateMessagesInExistingChatsAreNewerThanEverythingElseThere() {
        Set<String> earlyNames = early.zone(Zones.MESSAGES).history().stream()
                .map(Change::recordName)
                .collect(Collectors.toSet());
        List<MessageRecord> lateOnes = settled.zone(Zones.MESSAGES).history().stream()
                .filter(c -> !earlyNames.contains(c.recordName()) && c.record() instanceof MessageRecord)
                .map(c -> (MessageRecord) c.record())
                .toList();
        Set<String> newChat = Set.of(role(Conversation.Role.LATE).getFirst().chatId());
        List<MessageRecord> inExisting = lateOnes.stream()
                .filter(m -> !newChat.contains(m.chatId().toUpperCase(Locale.ROOT)))
                .toList();

        assertThat(inExisting).isNotEmpty();
        for (MessageRecord message : inExisting) {
            long newestBefore = early.messages().stream()
                    .filter(m -> m.chatId().equalsIgnoreCase(message.chatId()))
                    .mapToLong(MessageRecord::timeNs)
                    .max()
                    .orElseThrow();
            assertThat(message.timeNs()).isGreaterThan(newestBefore);
        }
        List<Change> lateHistory = settled.zone(Zones.MESSAGES).history().stream()
                .filter(c -> !earlyNames.contains(c.recordName()) || c.deleted())
                .toList();
        Change lateTombstone = lateHistory.getLast();
        assertThat(lateTombstone.deleted()).isTrue();
        assertThat(lateOnes).anySatisfy(m -> assertThat(m.recordName()).isEqualTo(lateTombstone.recordName()));
        MessageRecord removed = lateOnes.stream()
                .filter(m -> m.recordName().equals(lateTombstone.recordName()))
                .findFirst()
                .orElseThrow();
        assertThat(bridgedGuids(truth)).doesNotContain(removed.guid().toUpperCase(Locale.ROOT));
    }

    @Test
    void theSummaryCountsConversationsAndEveryRecordIncludingMalformedAndLateOnes() {
        DatasetSummary summary = settled.summary();

        assertThat(summary.chats()).isEqualTo(settled.conversations().size()).isEqualTo(20 + 9);
        assertThat(summary.messages()).isEqualTo(countRecords(Zones.MESSAGES));
        assertThat(summary.attachments()).isEqualTo(countRecords(Zones.ATTACHMENTS));
    }

    @Test
    void tinyAccountsStillGetTheSpecialConversations() {
        Dataset tiny = generate(3, 2, 5);
        tiny.start(new ManualClock());
        Dataset empty = generate(3, 0, 0);
        empty.start(new ManualClock());

        assertThat(GroundTruth.compute(tiny).rejectedRecords()).hasSize(14);
        assertThat(GroundTruth.compute(tiny).deletedPortals()).hasSize(2);
        assertThat(GroundTruth.compute(empty).rejectedRecords())
                .extracting(Truth.Rejected::reason)
                .containsExactlyInAnyOrder("WRONG_TYPE:stl", "MISSING_FIELD:stl");
        assertThat(empty.conversations()).hasSize(9);
    }

    // --- helpers ---

    private static List<Conversation> role(Conversation.Role role) {
        return settled.conversations().stream().filter(c -> c.role() == role).toList();
    }

    private static ChatRecord chat(Conversation conversation) {
        return settled.chats().stream()
                .filter(c -> c.recordName().equals(conversation.chatRecordName()))
                .findFirst()
                .orElseThrow();
    }

    private static List<MessageRecord> messagesOf(Conversation conversation) {
        return settled.messages().stream()
                .filter(m -> m.chatId().equalsIgnoreCase(conversation.chatId()))
                .toList();
    }

    private static List<MessageRecord> messages(Predicate<MessageRecord> test) {
        return settled.messages().stream().filter(test).toList();
    }

    private static Set<String> tombstonedRecordNames(String zone) {
        return settled.zone(zone).history().stream()
                .filter(Change::deleted)
                .map(Change::recordName)
                .collect(Collectors.toSet());
    }

    private static CkRecord unwrap(CkRecord record) {
        return record instanceof MalformedRecord m ? m.base() : record;
    }

    private static long countRecords(String zone) {
        return settled.zone(zone).history().stream().filter(c -> !c.deleted()).count();
    }

    private static Set<String> portalIds(Truth t) {
        return t.portals().stream().map(Truth.Portal::portalId).collect(Collectors.toSet());
    }

    private static Truth.Portal portal(Truth t, String portalId) {
        return t.portals().stream()
                .filter(p -> p.portalId().equals(portalId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no portal " + portalId + " in the truth"));
    }

    private static Set<String> bridgedGuids(Truth t) {
        Set<String> guids = new HashSet<>();
        t.portals().forEach(p -> p.parts().forEach(part -> guids.add(part.guid().toUpperCase(Locale.ROOT))));
        return guids;
    }

    private static Map<String, Truth.Part> textParts(Truth t) {
        Map<String, Truth.Part> texts = new HashMap<>();
        t.portals()
                .forEach(p -> p.parts().stream()
                        .filter(part -> part.part().equals("text"))
                        .forEach(part -> texts.put(part.guid().toUpperCase(Locale.ROOT), part)));
        return texts;
    }
}
