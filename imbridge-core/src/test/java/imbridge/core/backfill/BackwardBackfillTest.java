package imbridge.core.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.BackwardTask;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.MessageRow;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.SentPart;
import imbridge.core.port.BackwardTasks;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.portal.PortalRooms;
import imbridge.core.sync.FatalErrorHandler;
import imbridge.core.testing.InMemoryBackwardTasks;
import imbridge.core.testing.InMemoryBridgeStore;
import imbridge.core.testing.InMemoryCloudStore;
import imbridge.core.testing.RecordingGateway;
import imbridge.core.testing.ZeroByteAssets;
import imbridge.core.util.CancellationToken;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Backward backfill on a batch-send homeserver: a new room gets its newest messages forward, then older history is
 * inserted above them page by page, and the room reads exactly as if everything had been sent oldest first.
 */
class BackwardBackfillTest {
    private static final String PORTAL = "tel:+15551112222";
    private static final String OWNER = "tel:+15550000001";
    private final InMemoryCloudStore cloud = new InMemoryCloudStore();
    private final InMemoryBridgeStore bridge = new InMemoryBridgeStore();
    private final InMemoryBackwardTasks tasks = new InMemoryBackwardTasks(bridge);
    private final RecordingGateway matrix = new RecordingGateway();
    private final AttachmentPipeline pipeline =
            new AttachmentPipeline(new ZeroByteAssets(), matrix, 4, Duration.ofSeconds(5));
    private final MessagePartPlanner planner = new MessagePartPlanner(OWNER);
    private final BackwardSettings split = new BackwardSettings(10, 7);

    BackwardBackfillTest() {
        matrix.batchSupported = true;
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    private ForwardBackfill forward() {
        PortalRooms rooms = new PortalRooms(cloud, bridge, matrix, new PortalIdResolver(List.of(OWNER)));
        ForwardBackfill forward = new ForwardBackfill(
                cloud,
                bridge,
                matrix,
                rooms,
                pipeline,
                planner,
                new BackfillSettings(6, 3, 3, 4, Duration.ofSeconds(5)),
                Clock.systemUTC(),
                BackfillProgress.NONE);
        forward.splitHistory(
                new HistorySplit(cloud, tasks, matrix::batchSendingSupported, split, Clock.systemUTC()),
                backward(tasks));
        return forward;
    }

    private BackwardBackfill backward(BackwardTasks store) {
        return new BackwardBackfill(
                cloud,
                bridge,
                store,
                matrix,
                pipeline,
                planner,
                split,
                Clock.systemUTC(),
                BackfillMonitor.silent(Clock.systemUTC()),
                portalId -> false);
    }

    private static MessageRow row(String guid, long ts, String text, List<CloudAttachment> atts, MessageExtras extras) {
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
                extras);
    }

    /** 40 messages with timestamp ties and some attachments, ingested shuffled; returned oldest first. */
    private List<MessageRow> seed() {
        List<MessageRow> rows = rows();
        ingest(rows);
        return rows;
    }

    private void ingest(List<MessageRow> rows) {
        List<MessageRow> shuffled = new ArrayList<>(rows);
        java.util.Collections.shuffle(shuffled, new Random(7));
        cloud.ingestMessagePage(shuffled, List.of(), List.of(), "t" + rows.size());
    }

    private static List<MessageRow> rows() {
        Random random = new Random(5);
        List<MessageRow> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<CloudAttachment> atts = i % 4 == 0
                    ? List.of(new CloudAttachment(
                            "rec" + i, "att" + i, "image/png", "public.png", i + ".png", 10, null, null))
                    : List.of();
            rows.add(row(
                    String.format("%08x-g%02d", random.nextInt(), i),
                    1000L + i / 3,
                    "message " + i,
                    atts,
                    MessageExtras.NONE));
        }
        rows.sort(Comparator.comparingLong(MessageRow::timestampMs).thenComparing(MessageRow::guidNorm));
        return rows;
    }

    private static final MessagePartPlanner PLANNER = new MessagePartPlanner(OWNER);

    private static List<PartKey> partsInOrder(List<MessageRow> rows) {
        return rows.stream()
                .flatMap(r -> PLANNER.plan(r).stream())
                .map(PlannedPart::key)
                .toList();
    }

    private List<PartKey> roomTimeline() {
        return matrix.timeline.stream().map(s -> s.part().key()).toList();
    }

    private void drain(BackwardBackfill backward) throws Exception {
        for (int i = 0; i < 100; i++) {
            BackwardBackfill.PageResult r = backward.runPage(PORTAL, new CancellationToken());
            if (r != BackwardBackfill.PageResult.MORE) {
                assertThat(r).isEqualTo(BackwardBackfill.PageResult.DONE);
                return;
            }
        }
        throw new AssertionError("backward backfill did not finish");
    }

    @Test
    void newestMessagesGoForwardThenOlderPagesAreInsertedAboveUntilTheRoomReadsOldestFirst() throws Exception {
        List<MessageRow> rows = seed();

        assertThat(forward().run(PORTAL, new CancellationToken()).status()).isEqualTo(BackfillStatus.DONE);
        assertThat(roomTimeline()).containsExactlyElementsOf(partsInOrder(rows.subList(30, 40)));
        BackwardTask task = tasks.backwardTask(PORTAL).orElseThrow();
        assertThat(task.before())
                .isEqualTo(new BackfillCursor(
                        rows.get(30).timestampMs(), rows.get(30).guidNorm()));

        BackwardBackfill backward = backward(tasks);
        assertThat(backward.hasWork(PORTAL)).isTrue();
        drain(backward);

        assertThat(roomTimeline()).containsExactlyElementsOf(partsInOrder(rows));
        assertThat(backward.hasWork(PORTAL)).isFalse();
        assertThat(tasks.backwardTask(PORTAL).orElseThrow().messagesDone()).isEqualTo(30);
        // every page moved strictly older, and each batch went in as history (above the room)
        List<BackfillCursor> positions =
                tasks.checkpoints.stream().map(BackwardTask::before).toList();
        for (int i = 1; i < positions.size(); i++) {
            assertThat(isOlder(positions.get(i), positions.get(i - 1))).isTrue();
        }
        assertThat(bridge.map.get(PORTAL)).hasSize(matrix.timeline.size());
    }

    @Test
    void aChatNoBiggerThanTheForwardShareGoesForwardWholeAndGetsNoTask() throws Exception {
        List<MessageRow> rows = seed();
        PortalRooms rooms = new PortalRooms(cloud, bridge, matrix, new PortalIdResolver(List.of(OWNER)));
        ForwardBackfill forward = new ForwardBackfill(
                cloud,
                bridge,
                matrix,
                rooms,
                pipeline,
                planner,
                new BackfillSettings(6, 3, 3, 4, Duration.ofSeconds(5)),
                Clock.systemUTC(),
                BackfillProgress.NONE);
        forward.splitHistory(
                new HistorySplit(
                        cloud, tasks, matrix::batchSendingSupported, new BackwardSettings(40, 7), Clock.systemUTC()),
                backward(tasks));

        forward.run(PORTAL, new CancellationToken());

        assertThat(tasks.backwardTask(PORTAL)).isEmpty();
        assertThat(roomTimeline()).containsExactlyElementsOf(partsInOrder(rows));
    }

    @Test
    void withoutBatchSendTheWholeHistoryGoesForward() throws Exception {
        matrix.batchSupported = false;
        List<MessageRow> rows = seed();

        forward().run(PORTAL, new CancellationToken());

        assertThat(tasks.backwardTask(PORTAL)).isEmpty();
        assertThat(roomTimeline()).containsExactlyElementsOf(partsInOrder(rows));
    }

    @Test
    void aCrashBetweenSendAndCheckpointResendsTheSameEventIdsAndDuplicatesNothing() throws Exception {
        List<MessageRow> rows = seed();
        forward().run(PORTAL, new CancellationToken());
        int forwardParts = matrix.timeline.size();

        assertThatThrownBy(() -> backward(new CrashOnCommit(tasks, 2)).runPage(PORTAL, new CancellationToken()))
                .isInstanceOf(IllegalStateException.class); // the second request was sent, its checkpoint never made
        int afterCrash = matrix.timeline.size();
        drain(backward(tasks)); // the restarted bridge

        assertThat((long) afterCrash)
                .isGreaterThan(forwardParts + tasks.checkpoints.getFirst().partsSent());
        assertThat(roomTimeline()).containsExactlyElementsOf(partsInOrder(rows));
    }

    @Test
    void repliesAndReactionsPointAtOlderMessagesAPageInsertsLaterAndRemovedTapbacksAreNeverShown() throws Exception {
        List<MessageRow> rows = new ArrayList<>();
        rows.add(row("aaaa-0001", 1000, "the original", List.of(), MessageExtras.NONE));
        for (int i = 2; i <= 20; i++) {
            rows.add(row(String.format("ffff-%04d", i), 1000 + i, "filler " + i, List.of(), MessageExtras.NONE));
        }
        rows.add(row(
                "bbbb-0030",
                1030,
                "a reply",
                List.of(),
                new MessageExtras(null, null, null, "AAAA-0001", false, 0, 0, 0)));
        rows.add(row(
                "cccc-0031",
                1031,
                "Loved",
                List.of(),
                new MessageExtras(2000, "p:0/aaaa-0001", null, null, false, 0, 0, 0)));
        rows.add(row(
                "dddd-0032",
                1032,
                "Liked",
                List.of(),
                new MessageExtras(2001, "p:0/aaaa-0001", null, null, false, 0, 0, 0)));
        rows.add(row(
                "eeee-0033",
                1033,
                "Removed a like",
                List.of(),
                new MessageExtras(3001, "p:0/aaaa-0001", null, null, false, 0, 0, 0)));
        for (int i = 40; i < 50; i++) {
            rows.add(row(String.format("ffff-%04d", i), 1000 + i, "late " + i, List.of(), MessageExtras.NONE));
        }
        cloud.ingestMessagePage(rows, List.of(), List.of(), "t");

        forward().run(PORTAL, new CancellationToken());
        drain(backward(tasks));

        String room = bridge.portal(PORTAL).map(Portal::roomId).orElseThrow();
        String original = matrix.eventIdFor(room, PartKey.text("aaaa-0001"));
        assertThat(matrix.timeline.stream()
                        .filter(s -> s.part().key().equals(PartKey.text("aaaa-0001")))
                        .toList())
                .singleElement()
                .extracting(RecordingGateway.Sent::eventId)
                .isEqualTo(original);
        OutgoingPart reply = matrix.timeline.stream()
                .filter(s -> s.part().guid().equals("bbbb-0030"))
                .findFirst()
                .orElseThrow()
                .part();
        assertThat(((OutgoingPart.Text) reply).replyToEventId()).isEqualTo(original);
        List<OutgoingPart.Reaction> reactions = matrix.timeline.stream()
                .map(RecordingGateway.Sent::part)
                .filter(OutgoingPart.Reaction.class::isInstance)
                .map(OutgoingPart.Reaction.class::cast)
                .toList();
        assertThat(reactions).singleElement().satisfies(r -> {
            assertThat(r.guid()).isEqualTo("cccc-0031");
            assertThat(r.targetEventId()).isEqualTo(original);
        });
        assertThat(matrix.redactions).isEmpty();
    }

    @Test
    void repliesAndTapbacksAmongTheNewestMessagesPointAtOlderOnesBackwardBackfillInsertsLater() throws Exception {
        List<MessageRow> rows = new ArrayList<>();
        rows.add(row("aaaa-0001", 1000, "the original", List.of(), MessageExtras.NONE));
        for (int i = 2; i <= 30; i++) {
            rows.add(row(String.format("ffff-%04d", i), 1000 + i, "filler " + i, List.of(), MessageExtras.NONE));
        }
        rows.add(row(
                "bbbb-0045",
                1045,
                "a late reply",
                List.of(),
                new MessageExtras(null, null, null, "AAAA-0001", false, 0, 0, 0)));
        rows.add(row(
                "cccc-0046",
                1046,
                "Loved",
                List.of(),
                new MessageExtras(2000, "p:0/aaaa-0001", null, null, false, 0, 0, 0)));
        cloud.ingestMessagePage(rows, List.of(), List.of(), "t");

        forward().run(PORTAL, new CancellationToken()); // the newest 10, the reply and the tapback among them
        assertThat(matrix.timeline.stream().map(s -> s.part().guid()))
                .contains("bbbb-0045", "cccc-0046")
                .doesNotContain("aaaa-0001");
        drain(backward(tasks));

        String original = matrix.timeline.stream()
                .filter(s -> s.part().key().equals(PartKey.text("aaaa-0001")))
                .findFirst()
                .orElseThrow()
                .eventId();
        OutgoingPart reply = matrix.timeline.stream()
                .filter(s -> s.part().guid().equals("bbbb-0045"))
                .findFirst()
                .orElseThrow()
                .part();
        assertThat(((OutgoingPart.Text) reply).replyToEventId()).isEqualTo(original);
        assertThat(matrix.timeline.stream()
                        .map(RecordingGateway.Sent::part)
                        .filter(OutgoingPart.Reaction.class::isInstance)
                        .map(OutgoingPart.Reaction.class::cast)
                        .toList())
                .singleElement()
                .extracting(OutgoingPart.Reaction::targetEventId)
                .isEqualTo(original);
    }

    @Test
    void aTaskForAPortalWithoutARoomIsDroppedNotRun() throws Exception {
        seed();
        tasks.saveBackwardTask(BackwardTask.startingBefore(PORTAL, BackfillCursor.END, 1));

        assertThat(backward(tasks).hasWork(PORTAL)).isFalse();
        assertThat(backward(tasks).runPage(PORTAL, new CancellationToken()))
                .isEqualTo(BackwardBackfill.PageResult.NOTHING_TO_DO);
        assertThat(tasks.backwardTask(PORTAL)).isEmpty();
        assertThat(matrix.timeline).isEmpty();
    }

    @Test
    void messagesOlderThanTheWholeRoomThatTurnUpLaterAreInsertedAboveIt() throws Exception {
        List<MessageRow> rows = rows();
        ingest(rows.subList(20, 40));
        matrix.batchSupported = false; // the room was filled forward, whole
        forward().run(PORTAL, new CancellationToken());
        assertThat(roomTimeline()).containsExactlyElementsOf(partsInOrder(rows.subList(20, 40)));
        matrix.batchSupported = true;

        // a later sync brings 20 messages older than everything in the room (behaviour.md R1)
        ingest(rows.subList(0, 20));
        BackwardBackfill backward = backward(tasks);
        List<MessageRow> rest = backward.takeOlderThanRoom(PORTAL, rows.subList(0, 20));

        assertThat(rest).isEmpty();
        drain(backward);
        assertThat(roomTimeline()).containsExactlyElementsOf(partsInOrder(rows));
    }

    @Test
    void theQueueInsertsHistoryAfterTheForwardRunOnItsLowestLane() throws Exception {
        List<MessageRow> rows = seed();
        CancellationToken cancel = new CancellationToken();
        FatalErrorHandler fatal = (what, e) -> {
            throw new AssertionError(what, e);
        };
        try (BackfillQueue queue = new BackfillQueue(forward(), backward(tasks), 2, fatal, cancel)) {
            queue.start();
            queue.enqueue(PORTAL);
            queue.awaitIdle();
        }
        assertThat(roomTimeline()).containsExactlyElementsOf(partsInOrder(rows));
        assertThat(tasks.backwardTask(PORTAL).map(BackwardTask::done)).contains(true);
    }

    private static boolean isOlder(BackfillCursor a, BackfillCursor b) {
        return a.timestampMs() < b.timestampMs()
                || (a.timestampMs() == b.timestampMs() && a.guidNorm().compareTo(b.guidNorm()) < 0);
    }

    /** The store of a bridge killed between a batch request and its checkpoint: commit {@code n} throws. */
    private static final class CrashOnCommit implements BackwardTasks {
        private final BackwardTasks inner;
        private int commitsLeft;

        CrashOnCommit(BackwardTasks inner, int crashAt) {
            this.inner = inner;
            this.commitsLeft = crashAt;
        }

        @Override
        public Optional<BackwardTask> backwardTask(String portalId) {
            return inner.backwardTask(portalId);
        }

        @Override
        public void saveBackwardTask(BackwardTask task) {
            inner.saveBackwardTask(task);
        }

        @Override
        public void commitBackwardBatch(List<SentPart> sent, BackwardTask task) {
            if (--commitsLeft == 0) {
                throw new IllegalStateException("killed before the checkpoint");
            }
            inner.commitBackwardBatch(sent, task);
        }

        @Override
        public List<BackwardTask> openBackwardTasks() {
            return inner.openBackwardTasks();
        }

        @Override
        public Optional<BackfillCursor> oldestBridged(String portalId) {
            return inner.oldestBridged(portalId);
        }

        @Override
        public void deleteBackwardTask(String portalId) {
            inner.deleteBackwardTask(portalId);
        }
    }
}
