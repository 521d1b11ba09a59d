package imbridge.sim.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatasetGeneratorTest {

    private static Dataset dataset;
    private static Truth truth;

    @BeforeAll
    static void generate() {
        dataset = new DatasetGenerator(7, 30, 20_000).generate();
        truth = GroundTruth.compute(dataset);
    }

    @Test
    void sameSeedGivesIdenticalRecordsAndTruth() {
        Dataset again = new DatasetGenerator(7, 30, 20_000).generate();

        assertThat(TruthJson.toBytes(GroundTruth.compute(again))).isEqualTo(TruthJson.toBytes(truth));
        for (String zone : Zones.ALL) {
            assertThat(render(again, zone)).as(zone).isEqualTo(render(dataset, zone));
        }
    }

    @Test
    void differentSeedGivesDifferentData() {
        Dataset other = new DatasetGenerator(8, 30, 20_000).generate();

        assertThat(TruthJson.toBytes(GroundTruth.compute(other))).isNotEqualTo(TruthJson.toBytes(truth));
    }

    @Test
    void conversationsMixDmsAndGroupsWithOneVeryLargeChat() {
        List<Conversation> plan = dataset.conversations();

        assertThat(plan).hasSize(30);
        assertThat(plan.stream().mapToInt(Conversation::messageCount).sum()).isEqualTo(20_000);
        assertThat(plan).allSatisfy(c -> assertThat(c.messageCount()).isPositive());
        assertThat(plan.stream().filter(c -> c.kind() == Conversation.Kind.DM)).hasSize(18);
        int largest = plan.stream().mapToInt(Conversation::messageCount).max().orElseThrow();
        assertThat(largest / 20_000.0).isCloseTo(0.35, within(0.02));
        List<Integer> sorted =
                plan.stream().map(Conversation::messageCount).sorted().toList();
        assertThat(sorted.get(0))
                .as("heavy tail: smallest chat far below the median")
                .isLessThan(sorted.get(15));
        long chatless = plan.stream().filter(c -> !c.hasChatRecord()).count();
        assertThat(chatless).isBetween(1L, 4L);
        assertThat(plan.stream().filter(c -> !c.hasChatRecord())).allMatch(c -> c.kind() == Conversation.Kind.DM);
        assertThat(dataset.chats()).hasSize((int) (30 - chatless));
    }

    @Test
    void groupsHaveUpperCaseGidsAndTwoToEightParticipants() {
        List<ChatRecord> groups =
                dataset.chats().stream().filter(ChatRecord::isGroup).toList();

        assertThat(groups).hasSize(12).allSatisfy(g -> {
            assertThat(g.gid()).isEqualTo(g.gid().toUpperCase(Locale.ROOT)).matches(HandleNormalizer::isUuid);
            assertThat(g.participants()).hasSizeBetween(2, 8);
            assertThat(g.cid()).matches("chat\\d{18}");
        });
        Set<String> gids = groups.stream().map(ChatRecord::gid).collect(Collectors.toSet());
        List<MessageRecord> groupMessages = dataset.messages().stream()
                .filter(m -> gids.contains(m.chatId().toUpperCase(Locale.ROOT)))
                .toList();
        assertThat(groupMessages)
                .anyMatch(m -> gids.contains(m.chatId()))
                .anyMatch(m -> m.chatId().equals(m.chatId().toLowerCase(Locale.ROOT)));
    }

    @Test
    void truthPortalsMatchTheGeneratorsIntent() {
        Map<String, Integer> intended = dataset.conversations().stream()
                .collect(Collectors.toMap(Conversation::portalId, Conversation::messageCount));
        Map<String, Integer> messagesPerPortal = new HashMap<>();
        for (Truth.Portal portal : truth.portals()) {
            messagesPerPortal.put(portal.portalId(), (int)
                    portal.parts().stream().map(Truth.Part::guid).distinct().count());
        }

        assertThat(messagesPerPortal).isEqualTo(intended);
        assertThat(truth.partCount()).isGreaterThan(20_000);
    }

    @Test
    void messagesCarryTheVarietyTheBridgeMustHandle() {
        List<MessageRecord> messages = dataset.messages();

        assertThat(messages).hasSize(20_000);
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.guid()).isEqualTo(m.guid().toLowerCase(Locale.ROOT)).matches(HandleNormalizer::isUuid);
            assertThat(m.msgType()).isZero();
        });
        assertThat(share(messages, MessageRecord::fromMe)).isCloseTo(0.40, within(0.03));
        assertThat(share(messages, m -> !m.attachmentGuids().isEmpty())).isCloseTo(0.10, within(0.02));
        assertThat(share(
                        messages,
                        m -> !m.attachmentGuids().isEmpty()
                                && MessageBody.trim(m.text() == null ? "" : m.text())
                                        .isEmpty()))
                .isCloseTo(0.03, within(0.01));
        assertThat(share(messages, m -> m.subject() != null)).isCloseTo(0.01, within(0.005));
        assertThat(messages)
                .anyMatch(m -> m.text() == null)
                .anyMatch(m -> m.text() != null && m.text().contains("\n"))
                .anyMatch(m -> m.text() != null && m.text().startsWith(" "))
                .anyMatch(m -> m.text() != null && m.text().codePoints().anyMatch(cp -> cp > 0xFFFF));
        Set<String> senderShapes = new HashSet<>();
        for (MessageRecord m : messages) {
            String s = m.sender();
            senderShapes.add(
                    s.startsWith("tel:")
                            ? "tel"
                            : s.startsWith("mailto:")
                                    ? "mailto"
                                    : s.startsWith("+")
                                            ? "plus"
                                            : s.contains("@") ? "email" : s.length() == 11 ? "11" : "10");
        }
        assertThat(messages).allMatch(m -> m.sender().chars().allMatch(ch -> ch < 128));
        assertThat(senderShapes).containsExactlyInAnyOrder("tel", "mailto", "plus", "email", "11", "10");
        assertThat(messages)
                .anyMatch(m -> !m.fromMe()
                        && m.sender().contains("@")
                        && !m.sender().equals(m.sender().toLowerCase(Locale.ROOT)));
    }

    @Test
    void messageZoneIsNotChronologicalAndChatsHaveTimestampTies() {
        List<MessageRecord> inZoneOrder = dataset.messages();
        int inversions = 0;
        for (int i = 1; i < inZoneOrder.size(); i++) {
            if (inZoneOrder.get(i).timeNs() < inZoneOrder.get(i - 1).timeNs()) {
                inversions++;
            }
        }
        assertThat(inversions).isGreaterThan(inZoneOrder.size() / 4);

        long tiedParts = truth.portals().stream()
                .mapToLong(p -> {
                    Set<Long> seen = new HashSet<>();
                    Set<String> tiedGuids = new HashSet<>();
                    Map<Long, String> firstGuid = new HashMap<>();
                    for (Truth.Part part : p.parts()) {
                        if (!seen.add(part.ts()) && !firstGuid.get(part.ts()).equals(part.guid())) {
                            tiedGuids.add(part.guid());
                        }
                        firstGuid.putIfAbsent(part.ts(), part.guid());
                    }
                    return tiedGuids.size();
                })
                .sum();
        assertThat(tiedParts)
                .as("messages sharing a timestamp with another in the same chat")
                .isGreaterThan(100);
    }

    @Test
    void attachmentsHaveSizesInRangeAndChecksumsOfTheirBytes() {
        List<AttachmentRecord> attachments = dataset.attachments();

        assertThat(attachments).hasSize(dataset.summary().attachments());
        assertThat(attachments).allSatisfy(a -> assertThat(a.size()).isBetween(256, 48 * 1024));
        assertThat(attachments.stream().map(AttachmentRecord::mime).collect(Collectors.toSet()))
                .contains("image/jpeg", "image/png", "video/mp4", "application/pdf", "audio/x-caf");
        AttachmentRecord sample = attachments.get(attachments.size() / 2);
        byte[] bytes = AssetBytes.generate(7, sample.recordName(), sample.mime(), sample.size());
        assertThat(bytes).hasSize(sample.size());
        assertThat(AssetBytes.sha256Hex(bytes)).isEqualTo(sample.sha256());
    }

    @Test
    void smallSizesStillGiveAtLeastOneDmAndOneGroup() {
        Dataset two = new DatasetGenerator(3, 2, 5).generate();
        Dataset one = new DatasetGenerator(3, 1, 1).generate();
        Dataset none = new DatasetGenerator(3, 0, 0).generate();

        assertThat(two.conversations())
                .extracting(Conversation::kind)
                .containsExactlyInAnyOrder(Conversation.Kind.DM, Conversation.Kind.GROUP);
        assertThat(GroundTruth.compute(two).portals()).hasSize(2);
        assertThat(one.conversations())
                .singleElement()
                .extracting(Conversation::kind)
                .isEqualTo(Conversation.Kind.DM);
        assertThat(one.messages()).hasSize(1);
        assertThat(GroundTruth.compute(none).portals()).isEmpty();
    }

    @Test
    void rejectsFewerMessagesThanChats() {
        assertThatThrownBy(() -> new DatasetGenerator(1, 10, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("messages >= chats");
    }

    @Test
    void aHundredThousandMessagesGenerateWithTheirTruth() { // how fast is the benchmarks' business, not a test's
        Dataset big = new DatasetGenerator(11, 40, 100_000).generate();
        Truth bigTruth = GroundTruth.compute(big);

        assertThat(big.messages()).hasSize(100_000);
        assertThat(bigTruth.partCount()).isGreaterThan(100_000);
    }

    private static double share(List<MessageRecord> messages, java.util.function.Predicate<MessageRecord> test) {
        return messages.stream().filter(test).count() / (double) messages.size();
    }

    private static byte[] render(Dataset d, String zone) {
        RecordWriter writer = new RecordWriter("http://127.0.0.1:1");
        ChangeLog log = d.zone(zone);
        return Json.write(g -> {
            g.writeStartArray();
            for (Change change : log.page(0, Integer.MAX_VALUE).changes()) {
                writer.writeChange(g, zone, change);
            }
            g.writeEndArray();
        });
    }

    @Test
    void severalBigChatsGetExactlyTheirSizeAndTheOthersShareTheRest() {
        Dataset d = new DatasetGenerator(
                        3,
                        12,
                        20_000,
                        SimProfile.BASIC,
                        SimConfig.DEFAULT_LATE_AFTER,
                        5_000,
                        3,
                        SimConfig.DEFAULT_ATTACHMENT_RATIO)
                .generate();

        List<Integer> sizes = d.conversations().stream()
                .map(Conversation::messageCount)
                .sorted(java.util.Comparator.reverseOrder())
                .toList();
        assertThat(sizes).hasSize(12).startsWith(5_000, 5_000, 5_000);
        assertThat(sizes.get(3)).isLessThan(5_000).isPositive();
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(20_000);
        assertThat(sizes).allSatisfy(n -> assertThat(n).isPositive());
    }

    @Test
    void bigChatsThatDoNotFitAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DatasetGenerator(
                        3, 4, 10_000, SimProfile.BASIC, SimConfig.DEFAULT_LATE_AFTER, 4_000, 3, 0.1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
