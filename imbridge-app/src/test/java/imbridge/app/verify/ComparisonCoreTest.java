package imbridge.app.verify;

import static imbridge.app.verify.Scenario.DM;
import static imbridge.app.verify.Scenario.GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ComparisonCoreTest {

    private static void assertFaults(
            VerificationReport report,
            long missing,
            long duplicates,
            long outOfOrder,
            long unexpected,
            long mismatched) {
        assertThat(new long[] {
                    report.missing(), report.duplicates(), report.outOfOrder(), report.unexpected(), report.mismatched()
                })
                .as("missing, duplicates, outOfOrder, unexpected, mismatched; samples: %s", report.samples())
                .containsExactly(missing, duplicates, outOfOrder, unexpected, mismatched);
    }

    private static PortalRow row(VerificationReport report, String portalId) {
        return report.portals().stream()
                .filter(r -> portalId.equals(r.portalId()))
                .findFirst()
                .orElseThrow();
    }

    private static int reactionIndex(Scenario s, String guid) {
        List<DeliveredEvent> events = s.room(DM).events;
        for (int i = 0; i < events.size(); i++) {
            if (DeliveredEvent.REACTION.equals(events.get(i).type())
                    && events.get(i).content().get("com.imbridge.part") instanceof Map<?, ?> m
                    && guid.equals(m.get("guid"))) {
                return i;
            }
        }
        throw new IllegalArgumentException("no reaction " + guid);
    }

    private static ExpectedPart expectedPart(Scenario s, String guid) {
        return s.truth.portals().getFirst().parts().stream()
                .filter(p -> p.guid().equals(guid))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void standingReactionsOnTheirTargetsAreAllZerosAndCountAsParts() {
        VerificationReport report = Scenario.reactions().compare();
        assertFaults(report, 0, 0, 0, 0, 0);
        assertThat(report.delivered()).isEqualTo(new Counts(1, 4));
    }

    @Test
    void aReactionWithTheWrongKeyOrTargetIsMismatched() {
        Scenario s = Scenario.reactions();
        String loved = "7a900001-aaaa-4bbb-8ccc-000000000001";
        String liked = "7a900002-aaaa-4bbb-8ccc-000000000002";
        String firstMessage = s.message(DM, 0).eventId();
        s.room(DM).events.set(reactionIndex(s, loved), s.reactionEvent(DM, expectedPart(s, loved), firstMessage, "👍"));
        s.room(DM).events.set(reactionIndex(s, liked), s.reactionEvent(DM, expectedPart(s, liked), firstMessage, "👍"));

        VerificationReport report = s.compare();

        assertFaults(report, 0, 0, 0, 0, 2);
        assertThat(report.samples())
                .extracting(ProblemSample::detail)
                .anySatisfy(d -> assertThat(d).contains("reaction key \"👍\" ≠ expected \"❤️\""))
                .anySatisfy(d -> assertThat(d).contains("reaction annotates " + firstMessage));
    }

    @Test
    void aMissingRedactedOrUnexpectedReactionIsCountedAsSuch() {
        Scenario s = Scenario.reactions();
        String loved = "7a900001-aaaa-4bbb-8ccc-000000000001";
        String liked = "7a900002-aaaa-4bbb-8ccc-000000000002";
        DeliveredEvent redacted = s.room(DM).events.get(reactionIndex(s, liked));
        s.room(DM)
                .events
                .set(
                        reactionIndex(s, liked),
                        new DeliveredEvent(
                                redacted.eventId(),
                                DeliveredEvent.REACTION,
                                redacted.sender(),
                                redacted.originServerTs(),
                                Map.of()));
        s.room(DM).events.remove(reactionIndex(s, loved));
        ExpectedPart stray = ExpectedPart.reaction(
                "7a900003-aaaa-4bbb-8ccc-000000000003",
                1_700_000_009_000L,
                DM,
                false,
                "😂",
                "0c5e0001-aaaa-4bbb-8ccc-000000000001");
        s.room(DM).events.add(s.reactionEvent(DM, stray, s.message(DM, 0).eventId(), "😂"));

        VerificationReport report = s.compare();

        assertFaults(report, 2, 0, 0, 1, 0);
        assertThat(report.samples())
                .filteredOn(p -> p.problem() == Problem.MISSING)
                .extracting(ProblemSample::part)
                .containsOnly("reaction");
    }

    @Test
    void perfectRunIsOkWithAllZeros() {
        Scenario s = Scenario.small();
        VerificationReport report = s.compare();

        assertFaults(report, 0, 0, 0, 0, 0);
        assertThat(report.ok()).isTrue();
        assertThat(report.expected()).isEqualTo(new Counts(2, 11));
        assertThat(report.delivered()).isEqualTo(new Counts(2, 11));
        assertThat(report.samples()).isEmpty();
        assertThat(report.seed()).isEqualTo(7L);
        assertThat(report.portals()).extracting(PortalRow::portalId).containsExactly(DM, GROUP);
        assertThat(row(report, DM).roomId()).isEqualTo("!room0:localhost");
    }

    @Test
    void oneMissingMessageIsReportedAsMissingOnly() {
        Scenario s = Scenario.small();
        DeliveredEvent removed = s.message(GROUP, 2);
        s.room(GROUP).events.remove(s.messageIndex(GROUP, 2));

        VerificationReport report = s.compare();

        assertFaults(report, 1, 0, 0, 0, 0);
        assertThat(report.ok()).isFalse();
        assertThat(row(report, GROUP).missing()).isEqualTo(1);
        assertThat(row(report, GROUP).delivered()).isEqualTo(4);
        assertThat(report.samples()).singleElement().satisfies(sample -> {
            assertThat(sample.problem()).isEqualTo(Problem.MISSING);
            assertThat(sample.portalId()).isEqualTo(GROUP);
            assertThat(sample.guid()).isEqualTo("1D000003-AAAA-4BBB-8CCC-000000000003");
            assertThat(sample.part()).isEqualTo("text");
            assertThat(sample.eventId()).isNull();
        });
        assertThat(removed.isRoomMessage()).isTrue();
    }

    @Test
    void oneDuplicatedMessageIsReportedAsDuplicateOnly() {
        Scenario s = Scenario.small();
        DeliveredEvent copy = Scenario.withEventId(s.message(DM, 1), "$dup:localhost");
        s.room(DM).events.add(s.messageIndex(DM, 1) + 1, copy);

        VerificationReport report = s.compare();

        assertFaults(report, 0, 1, 0, 0, 0);
        assertThat(report.delivered().parts()).isEqualTo(report.expected().parts() + 1);
        assertThat(report.samples())
                .singleElement()
                .satisfies(sample -> assertThat(sample.eventId()).isEqualTo("$dup:localhost"));
    }

    @Test
    void threeDeliveriesOfOnePartCountTwoDuplicates() {
        Scenario s = Scenario.small();
        DeliveredEvent original = s.message(GROUP, 0);
        s.room(GROUP).events.add(Scenario.withEventId(original, "$a:localhost"));
        s.room(GROUP).events.add(Scenario.withEventId(original, "$b:localhost"));

        assertFaults(s.compare(), 0, 2, 0, 0, 0);
    }

    @Test
    void oneSwappedAdjacentPairIsOneOutOfOrderAndNothingElse() {
        Scenario s = Scenario.small();
        Collections.swap(s.room(DM).events, s.messageIndex(DM, 2), s.messageIndex(DM, 3));

        VerificationReport report = s.compare();

        assertFaults(report, 0, 0, 1, 0, 0);
        assertThat(row(report, DM).outOfOrder()).isEqualTo(1);
        assertThat(report.samples())
                .singleElement()
                .satisfies(sample -> assertThat(sample.problem()).isEqualTo(Problem.OUT_OF_ORDER));
    }

    @Test
    void oneMessageMovedFarCountsOnceAndReversalCountsAllButOne() {
        Scenario moved = Scenario.small();
        List<DeliveredEvent> events = moved.room(GROUP).events;
        events.add(events.remove(moved.messageIndex(GROUP, 0)));
        assertFaults(moved.compare(), 0, 0, 1, 0, 0);

        Scenario reversed = Scenario.small();
        int first = reversed.messageIndex(GROUP, 0);
        Collections.reverse(reversed.room(GROUP).events.subList(first, first + 5));
        assertFaults(reversed.compare(), 0, 0, 4, 0, 0);
    }

    @Test
    void wrongTimestampIsMismatched() {
        Scenario s = Scenario.small();
        s.replaceMessage(DM, 0, Scenario.withTs(s.message(DM, 0), 1_700_000_000_124L));

        VerificationReport report = s.compare();

        assertFaults(report, 0, 0, 0, 0, 1);
        assertThat(report.samples())
                .singleElement()
                .satisfies(sample -> assertThat(sample.detail()).contains("origin_server_ts"));
    }

    @Test
    void wrongSenderIsMismatched() {
        Scenario s = Scenario.small();
        s.replaceMessage(GROUP, 0, Scenario.withSender(s.message(GROUP, 0), Scenario.ghost(Scenario.DM)));
        s.replaceMessage(GROUP, 1, Scenario.withSender(s.message(GROUP, 1), "@alice:localhost"));

        VerificationReport report = s.compare();

        assertFaults(report, 0, 0, 0, 0, 2);
        assertThat(report.samples())
                .extracting(ProblemSample::detail)
                .anySatisfy(d -> assertThat(d).contains("is the ghost of " + DM))
                .anySatisfy(d -> assertThat(d).contains("@alice:localhost is not a ghost"));
    }

    @Test
    void wrongBodyIsMismatchedAndSeveralFaultsInOnePartCountOnce() {
        Scenario s = Scenario.small();
        DeliveredEvent bad = Scenario.withContent(s.message(DM, 5), "body", "Lunch at noon?");
        s.replaceMessage(DM, 5, Scenario.withTs(bad, 1L));

        VerificationReport report = s.compare();

        assertFaults(report, 0, 0, 0, 0, 1);
        assertThat(report.samples())
                .singleElement()
                .satisfies(sample -> assertThat(sample.detail())
                        .contains("body \"Lunch at noon?\" ≠ expected \"**Lunch**\\nat noon?\"")
                        .contains("origin_server_ts"));
    }

    @Test
    void wrongFileMetadataIsMismatched() {
        Scenario s = Scenario.small();
        s.replaceMessage(DM, 2, Scenario.withContent(s.message(DM, 2), "msgtype", "m.file"));
        s.replaceMessage(
                DM, 3, Scenario.withContent(s.message(DM, 3), "info", Map.of("mimetype", "video/mp4", "size", 4095)));
        s.replaceMessage(DM, 4, Scenario.withContent(s.message(DM, 4), "filename", "other.pdf"));

        VerificationReport report = s.compare();

        assertFaults(report, 0, 0, 0, 0, 3);
        assertThat(report.samples())
                .extracting(ProblemSample::detail)
                .anySatisfy(d -> assertThat(d).contains("msgtype m.file ≠ expected m.image"))
                .anySatisfy(d -> assertThat(d).contains("info.size 4095"))
                .anySatisfy(d -> assertThat(d).contains("filename \"other.pdf\""));
    }

    @Test
    void wrongMediaBytesAreMismatchedUnlessNoFetcherIsGiven() {
        Scenario s = Scenario.small();
        String url = (String) s.message(GROUP, 3).content().get("url");
        byte[] corrupted = s.media.get(url).clone();
        corrupted[0] ^= 1;
        s.media.put(url, corrupted);

        VerificationReport checked = s.compare();
        assertFaults(checked, 0, 0, 0, 0, 1);
        assertThat(checked.samples()).singleElement().satisfies(sample -> {
            assertThat(sample.detail()).contains("sha256");
            assertThat(sample.part()).isEqualTo("att0");
        });

        VerificationReport unchecked =
                ComparisonCore.compare(s.truth, s.delivered(), null, GhostResolver.imessage(Scenario.SERVER));
        assertThat(unchecked.ok()).isTrue();
    }

    @Test
    void fileMsgtypeFollowsTheMimeFamily() {
        assertThat(ContentCheck.fileMsgtype("Image/HEIC")).isEqualTo("m.image");
        assertThat(ContentCheck.fileMsgtype("video/quicktime")).isEqualTo("m.video");
        assertThat(ContentCheck.fileMsgtype("audio/x-m4a")).isEqualTo("m.audio");
        assertThat(ContentCheck.fileMsgtype("application/pdf")).isEqualTo("m.file");
    }

    @Test
    void unavailableOrTruncatedMediaIsMismatched() {
        Scenario s = Scenario.small();
        String gone = (String) s.message(DM, 2).content().get("url");
        String cut = (String) s.message(DM, 3).content().get("url");
        s.media.remove(gone);
        s.media.put(cut, new byte[10]);

        VerificationReport report = s.compare();

        assertFaults(report, 0, 0, 0, 0, 2);
        assertThat(report.samples())
                .extracting(ProblemSample::detail)
                .anySatisfy(d -> assertThat(d).contains("unavailable"))
                .anySatisfy(d -> assertThat(d).contains("has 10 bytes, expected 4096"));
    }

    @Test
    void unmarkedMessageInPortalRoomIsUnexpectedOnly() {
        Scenario s = Scenario.small();
        s.room(DM)
                .events
                .add(new DeliveredEvent(
                        "$plain:localhost",
                        "m.room.message",
                        Scenario.ghost(DM),
                        1L,
                        Map.of("msgtype", "m.text", "body", "who am I")));

        VerificationReport report = s.compare();

        assertFaults(report, 0, 0, 0, 1, 0);
        assertThat(row(report, DM).unexpected()).isEqualTo(1);
        assertThat(report.samples())
                .singleElement()
                .satisfies(sample -> assertThat(sample.detail()).contains("no com.imbridge.part marker"));
    }

    @Test
    void partOfAnotherPortalIsUnexpectedWhereItDoesNotBelong() {
        Scenario s = Scenario.small();
        s.room(GROUP).events.add(Scenario.withEventId(s.message(DM, 0), "$stray:localhost"));

        VerificationReport report = s.compare();

        assertFaults(report, 0, 0, 0, 1, 0);
        assertThat(report.samples())
                .singleElement()
                .satisfies(sample -> assertThat(sample.detail()).isEqualTo("part belongs to portal " + DM));
    }

    @Test
    void roomOfUnknownPortalIsUnexpected() {
        Scenario s = Scenario.small();
        Scenario.Room ghostRoom = s.addRoom("!unknown:localhost", "tel:+19990000000");
        ghostRoom.events.add(s.eventFor(
                "tel:+19990000000",
                ExpectedPart.text("ffff0001-aaaa-4bbb-8ccc-000000000001", 5L, "tel:+19990000000", false, "x")));
        ghostRoom.events.add(s.eventFor(
                "tel:+19990000000",
                ExpectedPart.text("ffff0002-aaaa-4bbb-8ccc-000000000002", 6L, "tel:+19990000000", false, "y")));

        VerificationReport report = s.compare();

        assertFaults(report, 0, 0, 0, 2, 0);
        assertThat(report.delivered().portals()).isEqualTo(3);
        assertThat(row(report, "tel:+19990000000"))
                .extracting(PortalRow::expected, PortalRow::delivered, PortalRow::unexpected)
                .containsExactly(0L, 2L, 2L);
    }

    @Test
    void secondRoomForOnePortalMakesItsMessagesUnexpected() {
        Scenario s = Scenario.small();
        Scenario.Room extra = s.addRoom("!extra:localhost", GROUP);
        extra.events.add(Scenario.withEventId(s.message(GROUP, 0), "$again:localhost"));

        VerificationReport report = s.compare();

        assertFaults(report, 0, 0, 0, 1, 0);
        assertThat(row(report, GROUP).roomId()).isEqualTo("!room1:localhost");
        assertThat(report.delivered().portals()).isEqualTo(2);
        assertThat(report.samples())
                .singleElement()
                .satisfies(sample -> assertThat(sample.roomId()).isEqualTo("!extra:localhost"));
    }

    @Test
    void portalWithoutRoomIsAllMissing() {
        Scenario s = Scenario.small();
        s.rooms.remove(s.room(GROUP));

        VerificationReport report = s.compare();

        assertFaults(report, 5, 0, 0, 0, 0);
        assertThat(row(report, GROUP).roomId()).isNull();
        assertThat(report.delivered().portals()).isEqualTo(1);
    }

    @Test
    void roomsWithoutBridgeStateCountOnlyMarkedMessages() {
        Scenario s = Scenario.small();
        Scenario.Room management = s.addRoom("!mgmt:localhost", null);
        management.events.add(new DeliveredEvent(
                "$help:localhost",
                "m.room.message",
                "@imessagebot:localhost",
                1L,
                Map.of("msgtype", "m.notice", "body", "help")));
        VerificationReport ignored = s.compare();
        assertThat(ignored.ok()).isTrue();
        assertThat(ignored.portals()).hasSize(2);

        management.events.add(Scenario.withEventId(s.message(DM, 0), "$lost:localhost"));
        VerificationReport report = s.compare();
        assertFaults(report, 0, 0, 0, 1, 0);
        assertThat(report.portals()).anySatisfy(r -> {
            assertThat(r.portalId()).isNull();
            assertThat(r.roomId()).isEqualTo("!mgmt:localhost");
        });
    }

    @Test
    void nonMessageEventsAreIgnored() {
        Scenario s = Scenario.small();
        s.room(DM)
                .events
                .add(new DeliveredEvent(
                        "$r:localhost",
                        "m.reaction",
                        Scenario.ghost(DM),
                        1L,
                        Map.of("m.relates_to", Map.of("rel_type", "m.annotation", "key", "👍"))));
        s.room(DM)
                .events
                .add(new DeliveredEvent(
                        "$n:localhost", "m.room.name", Scenario.ghost(DM), 1L, Map.of("name", "x"), ""));

        assertThat(s.compare().ok()).isTrue();
    }

    @Test
    void samplesAreCappedAndMixKinds() {
        Scenario s = Scenario.large(3, 90);
        String portal = s.truth.portals().get(0).portalId();
        s.room(portal)
                .events
                .removeIf(e -> e.isRoomMessage()
                        && e.content().get("com.imbridge.part") instanceof Map<?, ?> m
                        && !((String) m.get("guid")).startsWith("00000000")
                        && !((String) m.get("guid")).startsWith("00000003"));
        String other = s.truth.portals().get(1).portalId();
        Collections.swap(s.room(other).events, s.messageIndex(other, 0), s.messageIndex(other, 1));

        VerificationReport report = s.compare();

        assertThat(report.missing()).isEqualTo(28);
        assertThat(report.outOfOrder()).isEqualTo(1);
        assertThat(report.samples())
                .hasSize(ComparisonCore.SAMPLE_LIMIT)
                .extracting(ProblemSample::problem)
                .contains(Problem.MISSING, Problem.OUT_OF_ORDER);
    }

    /**
     * The comparison stays linear at 25,000 parts: every room's timeline is streamed once, every portal's expected
     * parts are loaded once and every delivered file is fetched once, whatever the account's size (its speed is a
     * benchmark's business, not a test's).
     */
    @Test
    void twentyFiveThousandPartsAreEachReadOnce() {
        Scenario s = Scenario.large(300, 25_000);
        String portal = s.truth.portals().get(17).portalId();
        Collections.swap(s.room(portal).events, s.messageIndex(portal, 10), s.messageIndex(portal, 11));
        List<DeliveredRoom> rooms = s.delivered();
        CountingReader reader = new CountingReader(DeliveredReader.of(rooms));
        CountingTruth truth = new CountingTruth(s.truth.asSource());
        MediaFetcher media = s.fetcher();
        Map<String, Integer> fetches = new ConcurrentHashMap<>();

        VerificationReport report = ComparisonCore.compare(
                        truth,
                        reader,
                        uri -> {
                            fetches.merge(uri, 1, Integer::sum);
                            return media.open(uri);
                        },
                        GhostResolver.imessage(Scenario.SERVER),
                        ComparisonCore.SAMPLE_LIMIT,
                        List.of())
                .report();

        assertThat(report.expected()).isEqualTo(new Counts(300, 25_000));
        assertFaults(report, 0, 0, 1, 0, 0);
        assertThat(reader.streams)
                .hasSize(rooms.size())
                .allSatisfy((room, times) -> assertThat(times).isOne());
        assertThat(reader.events.get())
                .isEqualTo(rooms.stream().mapToLong(r -> r.timeline().size()).sum());
        assertThat(truth.loads)
                .hasSize(300)
                .allSatisfy((portalId, times) -> assertThat(times).isOne());
        assertThat(fetches)
                .hasSize(25_000 / 50)
                .allSatisfy((uri, times) -> assertThat(times).isOne());
    }

    /** Counts how often each room is streamed and how many events it hands out. */
    private static final class CountingReader implements DeliveredReader {
        private final DeliveredReader reader;
        final Map<String, Integer> streams = new ConcurrentHashMap<>();
        final AtomicLong events = new AtomicLong();

        CountingReader(DeliveredReader reader) {
            this.reader = reader;
        }

        @Override
        public List<RoomListing> rooms() {
            return reader.rooms();
        }

        @Override
        public void events(RoomListing room, Consumer<DeliveredEvent> sink) {
            streams.merge(room.roomId(), 1, Integer::sum);
            reader.events(room, e -> {
                events.incrementAndGet();
                sink.accept(e);
            });
        }
    }

    /** Counts how often each portal's expected parts are loaded. */
    private static final class CountingTruth implements TruthSource {
        private final TruthSource truth;
        final Map<String, Integer> loads = new ConcurrentHashMap<>();

        CountingTruth(TruthSource truth) {
            this.truth = truth;
        }

        @Override
        public TruthSummary summary() {
            return truth.summary();
        }

        @Override
        public ExpectedPortal portal(String portalId) {
            loads.merge(portalId, 1, Integer::sum);
            return truth.portal(portalId);
        }
    }
}
