package imbridge.core.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSource;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.portal.PortalRooms;
import imbridge.core.testing.InMemoryBridgeStore;
import imbridge.core.testing.InMemoryCloudStore;
import imbridge.core.testing.RecordingGateway;
import imbridge.core.util.CancellationToken;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ForwardBackfillTest {
    private static final String PORTAL = "tel:+15551112222";
    private final InMemoryCloudStore cloud = new InMemoryCloudStore();
    private final InMemoryBridgeStore bridge = new InMemoryBridgeStore();
    private final RecordingGateway matrix = new RecordingGateway();
    private final CloudSource assets = new CloudSource() {
        @Override
        public ZonePage<imbridge.core.model.CloudChat> chatChanges(String t) {
            throw new IllegalStateException();
        }

        @Override
        public ZonePage<imbridge.core.model.CloudMessage> messageChanges(String t) {
            throw new IllegalStateException();
        }

        @Override
        public ZonePage<CloudAttachment> attachmentChanges(String t) {
            throw new IllegalStateException();
        }

        @Override
        public InputStream openAsset(CloudAttachment a) {
            return new ByteArrayInputStream(new byte[(int) a.size()]);
        }
    };
    private final AttachmentPipeline pipeline = new AttachmentPipeline(assets, matrix, 4, Duration.ofSeconds(5));
    private final BackfillSettings settings = new BackfillSettings(7, 3, 3, 4, Duration.ofSeconds(5));

    @AfterEach
    void close() {
        pipeline.close();
    }

    private ForwardBackfill backfill() {
        PortalIdResolver resolver = new PortalIdResolver(List.of("tel:+15550000001"));
        return new ForwardBackfill(
                cloud,
                bridge,
                matrix,
                new PortalRooms(cloud, bridge, matrix, resolver),
                pipeline,
                new MessagePartPlanner("tel:+15550000001"),
                settings,
                Clock.systemUTC(),
                BackfillProgress.NONE);
    }

    /** 40 messages with shuffled arrival, timestamp ties, and some attachments. */
    private List<MessageRow> seed() {
        Random random = new Random(3);
        List<MessageRow> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<CloudAttachment> atts = i % 5 == 0
                    ? List.of(new CloudAttachment(
                            "rec" + i, "att" + i, "image/png", "public.png", i + ".png", 10, null, null))
                    : List.of();
            String text = i % 10 == 5 ? "" : "message " + i;
            rows.add(new MessageRow(
                    String.format("%08x-guid", random.nextInt()),
                    "r" + i,
                    "chat",
                    PORTAL,
                    1000L + i / 3,
                    "5551112222",
                    i % 2 == 0,
                    text,
                    null,
                    "iMessage",
                    atts,
                    true,
                    false));
        }
        List<MessageRow> shuffled = new ArrayList<>(rows);
        java.util.Collections.shuffle(shuffled, random);
        cloud.ingestMessagePage(shuffled, List.of(), List.of(), "t");
        return rows;
    }

    private static List<PartKey> expectedOrder(List<MessageRow> rows) {
        MessagePartPlanner planner = new MessagePartPlanner("tel:+15550000001");
        return rows.stream()
                .sorted(Comparator.comparingLong(MessageRow::timestampMs).thenComparing(MessageRow::guidNorm))
                .flatMap(r -> planner.plan(r).stream())
                .map(PlannedPart::key)
                .toList();
    }

    @Test
    void sendsEveryPartOnceInTimestampGuidOrderAcrossChunksAndCheckpoints() throws Exception {
        List<MessageRow> rows = seed();
        BackfillState state = backfill().run(PORTAL, new CancellationToken());

        assertThat(state.status()).isEqualTo(BackfillStatus.DONE);
        assertThat(state.messagesDone()).isEqualTo(40);
        assertThat(matrix.timeline).extracting(s -> s.part().key()).containsExactlyElementsOf(expectedOrder(rows));
        assertThat(bridge.map.get(PORTAL)).hasSize(matrix.timeline.size());
        assertThat(bridge.checkpoints.size()).isGreaterThan(5);
        assertThat(matrix.rooms).hasSize(1);
    }

    @Test
    void aFailedSendStopsAtTheCheckpointAndALaterRunResumesWithoutDuplicates() throws Exception {
        List<MessageRow> rows = seed();
        List<PartKey> order = expectedOrder(rows);
        PartKey poison = order.get(23);
        matrix.failWhen = p -> p.key().equals(poison);

        BackfillState failed = backfill().run(PORTAL, new CancellationToken());
        assertThat(failed.status()).isEqualTo(BackfillStatus.FAILED);
        assertThat(failed.lastError()).contains(poison.toString());
        assertThat(matrix.timeline).extracting(s -> s.part().key()).containsExactlyElementsOf(order.subList(0, 23));

        matrix.failWhen = p -> false;
        BackfillState done = backfill().run(PORTAL, new CancellationToken());
        assertThat(done.status()).isEqualTo(BackfillStatus.DONE);
        assertThat(done.messagesDone()).isEqualTo(40);
        assertThat(matrix.timeline).extracting(s -> s.part().key()).containsExactlyElementsOf(order);
        assertThat(matrix.rooms).hasSize(1);
    }

    private static MessageRow reply(String guid, long ts, String text, List<CloudAttachment> atts, String target) {
        return new MessageRow(
                guid,
                "r-" + guid,
                "chat",
                PORTAL,
                ts,
                "5551112222",
                false,
                text,
                null,
                "iMessage",
                atts,
                true,
                false,
                null,
                new imbridge.core.model.MessageExtras(null, null, null, target, false, 0, 0, 0));
    }

    private String replyOf(String guid) {
        return matrix.timeline.stream()
                .filter(s -> s.part().guid().equals(guid))
                .findFirst()
                .orElseThrow()
                .part()
                .replyToEventId();
    }

    private String eventOf(PartKey key) {
        return matrix.timeline.stream()
                .filter(s -> s.part().key().equals(key))
                .findFirst()
                .orElseThrow()
                .eventId();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aReplyPointsAtItsTargetsFirstPartWhetherSentInThisChunkOrAnEarlierRun(boolean batch) throws Exception {
        matrix.batchSupported = batch;
        CloudAttachment photo =
                new CloudAttachment("rec-p", "att-p", "image/png", "public.png", "p.png", 10, null, null);
        cloud.ingestMessagePage(List.of(reply("aaaa-1", 1000, "first", List.of(), null)), List.of(), List.of(), "t");
        backfill().run(PORTAL, new CancellationToken());
        cloud.ingestMessagePage(
                List.of(
                        reply("bbbb-2", 2000, "answer", List.of(), "AAAA-1"),
                        reply("cccc-3", 3000, "", List.of(photo), null),
                        reply("dddd-4", 4000, "", List.of(photo), "cccc-3"),
                        reply("eeee-5", 5000, "lost", List.of(), "ffff-unknown")),
                List.of(),
                List.of(),
                "t2");

        BackfillState done = backfill().run(PORTAL, new CancellationToken());

        assertThat(done.status()).isEqualTo(BackfillStatus.DONE);
        assertThat(replyOf("aaaa-1")).isNull();
        assertThat(replyOf("bbbb-2")).isEqualTo(eventOf(PartKey.text("aaaa-1")));
        assertThat(replyOf("dddd-4")).isEqualTo(eventOf(PartKey.attachment("cccc-3", 0)));
        assertThat(replyOf("eeee-5")).isNull();
        assertThat(bridge.eventIdOf(PORTAL, PartKey.text("AAAA-1"))).contains(eventOf(PartKey.text("aaaa-1")));
    }

    @Test
    void aFinishedPortalIsNotSentAgain() throws Exception {
        seed();
        backfill().run(PORTAL, new CancellationToken());
        int sent = matrix.timeline.size();
        backfill().run(PORTAL, new CancellationToken());
        assertThat(matrix.timeline).hasSize(sent);
    }

    @Test
    void theBatchPathPacksWholeMessagesAndResumesAfterAFailedBatch() throws Exception {
        matrix.batchSupported = true;
        List<MessageRow> rows = seed();
        List<PartKey> order = expectedOrder(rows);
        PartKey poison = order.get(17);
        matrix.failWhen = p -> p.key().equals(poison);
        assertThat(backfill().run(PORTAL, new CancellationToken()).status()).isEqualTo(BackfillStatus.FAILED);

        matrix.failWhen = p -> false;
        BackfillState done = backfill().run(PORTAL, new CancellationToken());
        assertThat(done.status()).isEqualTo(BackfillStatus.DONE);
        assertThat(done.messagesDone()).isEqualTo(40);
        assertThat(matrix.timeline).extracting(s -> s.part().key()).containsExactlyElementsOf(order);
        assertThat(matrix.batchSizes).allSatisfy(n -> assertThat(n).isBetween(1, 5));
        assertThat(bridge.map.get(PORTAL)).hasSize(order.size());
    }

    @Test
    void aMessageWhoseAttachmentRecordHasNotArrivedHoldsThePortalUntilItIsComplete() throws Exception {
        CloudAttachment late =
                new CloudAttachment("rec-late", "ATT-LATE", "image/png", "public.png", "l.png", 7, null, null);
        MessageRow before = new MessageRow(
                "aaaa-1",
                "r1",
                "chat",
                PORTAL,
                1000,
                "5551112222",
                false,
                "first",
                null,
                "iMessage",
                List.of(),
                true,
                false);
        MessageRow waiting = new MessageRow(
                "bbbb-2",
                "r2",
                "chat",
                PORTAL,
                2000,
                "5551112222",
                false,
                "look",
                null,
                "iMessage",
                List.of(),
                true,
                false,
                List.of("ATT-LATE"),
                null);
        MessageRow after = new MessageRow(
                "cccc-3",
                "r3",
                "chat",
                PORTAL,
                3000,
                "5551112222",
                false,
                "later",
                null,
                "iMessage",
                List.of(),
                true,
                false);
        cloud.ingestMessagePage(List.of(before, waiting, after), List.of(), List.of(), "t");
        boolean[] syncsPending = {true};
        PortalIdResolver resolver = new PortalIdResolver(List.of("tel:+15550000001"));
        ForwardBackfill forward = new ForwardBackfill(
                cloud,
                bridge,
                matrix,
                new PortalRooms(cloud, bridge, matrix, resolver),
                pipeline,
                new MessagePartPlanner("tel:+15550000001"),
                settings,
                Clock.systemUTC(),
                BackfillProgress.NONE,
                p -> false,
                () -> syncsPending[0]);

        BackfillState held = forward.run(PORTAL, new CancellationToken());
        assertThat(held.status()).isEqualTo(BackfillStatus.WAITING);
        assertThat(matrix.timeline).extracting(s -> s.part().guid()).containsExactly("aaaa-1");

        // the attachment record arrives; the sync completes the message's list
        cloud.ingestMessagePage(
                List.of(new MessageRow(
                        "bbbb-2",
                        "r2",
                        "chat",
                        PORTAL,
                        2000,
                        "5551112222",
                        false,
                        "look",
                        null,
                        "iMessage",
                        List.of(late),
                        true,
                        false,
                        List.of("ATT-LATE"),
                        null)),
                List.of(),
                List.of(),
                null);
        BackfillState done = forward.run(PORTAL, new CancellationToken());
        assertThat(done.status()).isEqualTo(BackfillStatus.DONE);
        assertThat(matrix.timeline)
                .extracting(s -> s.part().key().toString())
                .containsExactly(
                        PartKey.text("aaaa-1").toString(),
                                PartKey.text("bbbb-2").toString(),
                        PartKey.attachment("bbbb-2", 0).toString(),
                                PartKey.text("cccc-3").toString());
    }

    @Test
    void onceNoSyncIsPendingAMessageGoesWithoutTheAttachmentThatNeverCame() throws Exception {
        MessageRow waiting = new MessageRow(
                "bbbb-2",
                "r2",
                "chat",
                PORTAL,
                2000,
                "5551112222",
                false,
                "look",
                null,
                "iMessage",
                List.of(),
                true,
                false,
                List.of("ATT-NEVER"),
                null);
        cloud.ingestMessagePage(List.of(waiting), List.of(), List.of(), "t");
        BackfillState done = backfill().run(PORTAL, new CancellationToken());
        assertThat(done.status()).isEqualTo(BackfillStatus.DONE);
        assertThat(matrix.timeline).extracting(s -> s.part().key()).containsExactly(PartKey.text("bbbb-2"));
    }

    private static MessageRow text(String guid, long ts, boolean fromMe, String body, long readAt) {
        return new MessageRow(
                guid,
                "r-" + guid,
                "chat",
                PORTAL,
                ts,
                "5551112222",
                fromMe,
                body,
                null,
                "iMessage",
                List.of(),
                true,
                false,
                null,
                new imbridge.core.model.MessageExtras(null, null, null, null, false, 0, readAt, 0));
    }

    private static MessageRow tapback(String guid, long ts, boolean fromMe, int type, String target) {
        return new MessageRow(
                guid,
                "r-" + guid,
                "chat",
                PORTAL,
                ts,
                "5551112222",
                fromMe,
                null,
                null,
                "iMessage",
                List.of(),
                true,
                false,
                null,
                new imbridge.core.model.MessageExtras(type, "p:0/" + target, null, null, false, 0, 0, 0));
    }

    private List<RecordingGateway.Sent> reactions() {
        return matrix.timeline.stream()
                .filter(s -> s.part() instanceof imbridge.core.model.OutgoingPart.Reaction)
                .toList();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void tapbacksBecomeReactionsOnTheirTargetsAndRemovesRedactThemEvenInALaterRun(boolean batch) throws Exception {
        matrix.batchSupported = batch;
        cloud.ingestMessagePage(
                List.of(
                        text("aaaa-1", 1000, false, "first", 0),
                        text("bbbb-2", 1100, true, "second", 0),
                        tapback("tap-1", 1200, false, 2000, "aaaa-1"), // ❤️ on A, stays until the later run
                        tapback("tap-2", 1300, true, 2001, "BBBB-2"), // 👍 on B ...
                        tapback("tap-3", 1400, true, 3001, "bbbb-2"), // ... removed in the same chunk
                        tapback("tap-4", 1500, false, 2002, "gone-9"), // target never bridged: skipped
                        tapback("tap-5", 1600, false, 3002, "gone-9"), // its removal: nothing to redact
                        tapback("tap-6", 1700, false, 2000, "aaaa-1"), // the same ❤️ again: nothing new
                        text("cccc-3", 1800, true, "read me", 1_900)),
                List.of(),
                List.of(),
                "t");
        ForwardBackfill first = backfill();
        assertThat(first.run(PORTAL, new CancellationToken()).status()).isEqualTo(BackfillStatus.DONE);

        assertThat(reactions()).extracting(s -> s.part().guid()).containsExactly("tap-1", "tap-2");
        imbridge.core.model.OutgoingPart.Reaction loved =
                (imbridge.core.model.OutgoingPart.Reaction) reactions().get(0).part();
        assertThat(loved.key()).isEqualTo(PartKey.reaction("tap-1"));
        assertThat(loved.emoji()).isEqualTo("❤️");
        assertThat(loved.targetEventId()).isEqualTo(eventOf(PartKey.text("aaaa-1")));
        assertThat(reactions().get(0).sender()).isEqualTo(PORTAL);
        assertThat(reactions().get(0).ts()).isEqualTo(1200);
        assertThat(((imbridge.core.model.OutgoingPart.Reaction)
                                reactions().get(1).part())
                        .targetEventId())
                .isEqualTo(eventOf(PartKey.text("bbbb-2")));
        assertThat(matrix.redactions).containsExactly(eventOf(PartKey.reaction("tap-2")));
        assertThat(first.reactionsSent()).isEqualTo(2);
        assertThat(first.reactionsRedacted()).isEqualTo(1);
        assertThat(first.reactionsSkipped()).isEqualTo(1);
        assertThat(bridge.eventIdOf(PORTAL, PartKey.reaction("TAP-1"))).contains(eventOf(PartKey.reaction("tap-1")));
        assertThat(matrix.readMarkers)
                .containsExactly("!room1:test " + PORTAL + " " + eventOf(PartKey.text("cccc-3")) + " 1900");

        cloud.ingestMessagePage(List.of(tapback("tap-7", 2000, false, 3000, "aaaa-1")), List.of(), List.of(), "t2");
        ForwardBackfill later = backfill();
        assertThat(later.run(PORTAL, new CancellationToken()).status()).isEqualTo(BackfillStatus.DONE);
        assertThat(matrix.redactions)
                .containsExactly(eventOf(PartKey.reaction("tap-2")), eventOf(PartKey.reaction("tap-1")));
        assertThat(reactions()).hasSize(2);
    }
}
