package imbridge.core.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.backfill.BackfillQueue;
import imbridge.core.backfill.BackfillSettings;
import imbridge.core.backfill.ForwardBackfill;
import imbridge.core.backfill.MessagePartPlanner;
import imbridge.core.backfill.StallReport;
import imbridge.core.deletion.RecentlyDeletedPortals;
import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.LiveEvent;
import imbridge.core.model.MessageRow;
import imbridge.core.port.LiveInbox;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.portal.PortalRooms;
import imbridge.core.sync.SyncGate;
import imbridge.core.testing.InMemoryBridgeStore;
import imbridge.core.testing.InMemoryCloudStore;
import imbridge.core.testing.InMemoryLiveInbox;
import imbridge.core.testing.ManualClock;
import imbridge.core.testing.RecordingGateway;
import imbridge.core.testing.RecordingLiveActions;
import imbridge.core.testing.ZeroByteAssets;
import imbridge.core.util.CancellationToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live path against the real backfill engine (in-memory stores, recording gateway): the global gate,
 * history before live per portal, the live lane for caught-up portals, drops, completion of held entries,
 * out-of-order delivery behind the checkpoint and the stall release.
 */
class LivePathTest {
    private static final String OWNER = "tel:+15550000001";
    private static final String BUSY = "tel:+15551110001";
    private static final String QUIET = "tel:+15551110002";
    private static final long HISTORY_TS = 1_700_000_000_000L;
    private static final long NOW = 1_750_000_000_000L; // after the history, before the real clock

    private final InMemoryCloudStore cloud = new InMemoryCloudStore();
    private final InMemoryBridgeStore bridge = new InMemoryBridgeStore();
    private final RecordingGateway matrix = new RecordingGateway();
    private final InMemoryLiveInbox inbox = new InMemoryLiveInbox();
    private final SyncGate gate = new SyncGate();
    private final CancellationToken cancel = new CancellationToken();
    private final RecentlyDeletedPortals deleted = new RecentlyDeletedPortals(Clock.systemUTC(), Duration.ofDays(1));
    private final AttachmentPipeline pipeline =
            new AttachmentPipeline(new ZeroByteAssets(), matrix, 4, Duration.ofSeconds(5));
    private final MessagePartPlanner planner = new MessagePartPlanner(OWNER);
    private final PortalIdResolver resolver = new PortalIdResolver(List.of(OWNER));
    /** When rows from the future become due: moved by the test that needs it, so a slow machine changes nothing. */
    private final ManualClock backfillClock = new ManualClock(Instant.now());

    private final ForwardBackfill forward = new ForwardBackfill(
            cloud,
            bridge,
            matrix,
            new PortalRooms(cloud, bridge, matrix, resolver),
            pipeline,
            planner,
            new BackfillSettings(50, 10, 1, 4, Duration.ofSeconds(5)),
            backfillClock,
            BackfillProgress.NONE);
    private final BackfillQueue queue = new BackfillQueue(
            forward,
            1,
            (what, e) -> {
                throw new AssertionError(what, e);
            },
            cancel);
    private final RecentUnsends unsends = new RecentUnsends(Clock.systemUTC());
    private final LiveAdmission admission = new LiveAdmission(cloud);
    private final RecordingLiveActions actions = new RecordingLiveActions();
    private final LiveUpdates updates =
            new LiveUpdates(cloud, bridge, matrix, actions, admission, unsends, resolver, OWNER);
    private final LiveDelivery delivery =
            new LiveDelivery(inbox, cloud, bridge, planner, queue, forward::sendNow, updates::applyInRoom);
    private LiveProcessor processor;

    private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
            new ch.qos.logback.core.read.ListAppender<>();

    @org.junit.jupiter.api.BeforeEach
    void captureLogs() {
        logged.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(LiveProcessor.class)).addAppender(logged);
    }

    @AfterEach
    void close() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(LiveProcessor.class)).detachAppender(logged);
        cancel.cancel();
        if (processor != null) {
            processor.close();
        }
        queue.close();
        pipeline.close();
    }

    private void start() {
        processor = new LiveProcessor(
                inbox,
                new LiveMessageChecks(unsends, cloud, bridge, resolver, deleted, NOW),
                admission,
                updates,
                delivery,
                bridge,
                deleted,
                gate,
                Clock.systemUTC(),
                (what, e) -> {
                    throw new AssertionError(what, e);
                },
                cancel);
        queue.onPortalFinished(delivery::portalFinished);
        queue.start();
        processor.start();
    }

    private void history(String portal, int count) {
        List<MessageRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new MessageRow(
                    String.format("%08d-0000-4000-8000-%012d", i, portal.hashCode() & 0xffff),
                    "rec" + portal + i,
                    "iMessage;-;" + portal.substring(4),
                    portal,
                    HISTORY_TS + i,
                    portal,
                    false,
                    "old " + i,
                    null,
                    "iMessage",
                    List.of(),
                    true,
                    false));
        }
        cloud.ingestMessagePage(rows, List.of(), List.of(), "t");
    }

    private static LiveEvent live(long seq, String portal, String guid, long ts, boolean stored) {
        return new LiveEvent(
                seq,
                LiveEvent.Kind.MESSAGE,
                stored,
                guid,
                "iMessage;-;" + portal.substring(4),
                portal,
                false,
                ts,
                "live " + seq,
                null,
                "iMessage",
                List.of(),
                null,
                null,
                null,
                List.of(),
                null);
    }

    private List<String> bodiesIn(String portal) {
        String room = bridge.portal(portal).orElseThrow().roomId();
        return matrix.timeline.stream()
                .filter(s -> s.roomId().equals(room))
                .map(s -> s.part() instanceof imbridge.core.model.OutgoingPart.Text t ? t.body() : "?")
                .toList();
    }

    @Test
    void nothingIsHandledBeforeTheGateOpensAndLiveMessagesFollowTheirPortalsHistory() {
        history(BUSY, 120);
        start();
        inbox.append(live(1, BUSY, "AAAAAAAA-0000-4000-8000-000000000001", NOW + 1, false), NOW);
        inbox.append(live(2, BUSY, "AAAAAAAA-0000-4000-8000-000000000002", NOW + 2, false), NOW);
        processor.wake();
        await().during(Duration.ofMillis(400))
                .atMost(Duration.ofSeconds(2))
                .until(() -> inbox.count(LiveInbox.Status.PENDING) == 2 && matrix.timeline.isEmpty());

        queue.enqueue(BUSY); // discovery queued the portal's initial backfill before the gate opened
        gate.open();
        processor.wake();

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.count(LiveInbox.Status.DONE) == 2);
        List<String> bodies = bodiesIn(BUSY);
        assertThat(bodies).hasSize(122);
        assertThat(bodies.subList(0, 120)).allMatch(b -> b.startsWith("old "));
        assertThat(bodies.subList(120, 122)).containsExactly("live 1", "live 2");
    }

    @Test
    void aCaughtUpPortalGetsItsLiveMessageAtOnceAndStoredRedeliveriesAreDroppedWithAReason() {
        history(QUIET, 3);
        start();
        gate.open();
        queue.enqueue(QUIET);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bridge.backfillState(QUIET)
                        .map(s -> s.status() == BackfillStatus.DONE)
                        .orElse(false));

        String guid = "BBBBBBBB-0000-4000-8000-000000000001";
        inbox.append(live(7, QUIET, guid, NOW + 7, false), NOW);
        processor.wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.count(LiveInbox.Status.DONE) == 1);
        assertThat(bodiesIn(QUIET)).containsExactly("old 0", "old 1", "old 2", "live 7");

        inbox.append(live(7, QUIET, guid, NOW + 7, true), NOW); // reconnect window re-delivery
        processor.wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.count(LiveInbox.Status.DROPPED) == 1);
        assertThat(inbox.dropCounts()).containsEntry("STORED_ALREADY_BRIDGED", 1L);
        assertThat(logged.list)
                .as("behaviour.md T5: every drop is logged at INFO with its reason")
                .anySatisfy(e -> {
                    assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
                    assertThat(e.getFormattedMessage())
                            .contains("live drop reason=STORED_ALREADY_BRIDGED")
                            .contains(guid);
                });
        assertThat(bodiesIn(QUIET)).hasSize(4);
    }

    @Test
    void aCaughtUpPortalQueuedAgainByDiscoveryStillTakesTheLiveLaneWhileTheForwardWorkerIsBusy() {
        history(QUIET, 3);
        start();
        gate.open();
        queue.enqueue(QUIET);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bridge.backfillState(QUIET)
                        .map(s -> s.status() == BackfillStatus.DONE)
                        .orElse(false));
        history(BUSY, 5);
        // QUIET's "old 0" is in its room already: only BUSY's first message is held
        matrix.holdWhen = p ->
                p instanceof imbridge.core.model.OutgoingPart.Text t && t.body().equals("old 0");
        try {
            queue.enqueue(BUSY); // the only forward worker is busy with BUSY's initial history
            await().atMost(Duration.ofSeconds(10)).until(() -> matrix.holding.get() == 1);
            queue.enqueue(QUIET); // a re-sync's discovery found newer messages of the caught-up portal

            inbox.append(live(8, QUIET, "CCCCCCCC-0000-4000-8000-000000000001", NOW + 8, false), NOW);
            processor.wake();
            await().atMost(Duration.ofSeconds(10)).until(() -> inbox.count(LiveInbox.Status.DONE) == 1);
            assertThat(bodiesIn(QUIET)).containsExactly("old 0", "old 1", "old 2", "live 8");
            assertThat(matrix.holding.get())
                    .as("BUSY's history is still being sent")
                    .isEqualTo(1);
        } finally {
            matrix.releaseHeld();
        }
    }

    @Test
    void aLiveMessageOlderThanTheCheckpointIsSentAfterTheNewestEventRatherThanLost() {
        history(QUIET, 3);
        start();
        gate.open();
        queue.enqueue(QUIET);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bridge.backfillState(QUIET)
                        .map(s -> s.status() == BackfillStatus.DONE)
                        .orElse(false));

        inbox.append(live(9, QUIET, "CCCCCCCC-0000-4000-8000-000000000001", HISTORY_TS - 5, false), NOW);
        processor.wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.count(LiveInbox.Status.DONE) == 1);
        assertThat(bodiesIn(QUIET)).containsExactly("old 0", "old 1", "old 2", "live 9");
    }

    @Test
    void theStallWatchdogReleasesHeldMessagesOfAStalledPortalAheadOfTheRestOfItsHistory() {
        history(BUSY, 2); // its backfill is stuck: nothing of the history went out
        LiveEvent held = live(3, BUSY, "DDDDDDDD-0000-4000-8000-000000000001", NOW + 3, false);
        inbox.append(held, NOW);
        LiveInbox.Entry entry = inbox.pending(1).getFirst();
        new LiveAdmission(cloud).admit(held, BUSY);
        inbox.hold(entry.id(), BUSY);
        BackfillState stuck = new BackfillState(BUSY, BackfillStatus.RUNNING, BackfillCursor.START, 0, 0, null, 0);

        delivery.onStall(new StallReport(180_000, List.of(stuck), 0));

        assertThat(bodiesIn(BUSY)).containsExactly("live 3");
        assertThat(inbox.count(LiveInbox.Status.DONE)).isEqualTo(1);
        assertThat(bridge.isBridged(held.guid())).isTrue(); // the backfill will skip it when it gets there
    }

    private static LiveEvent change(long seq, LiveEvent.Kind kind, String portal, String target, String newText) {
        return new LiveEvent(
                seq,
                kind,
                false,
                null,
                "iMessage;-;" + portal.substring(4),
                portal,
                false,
                NOW + seq,
                null,
                null,
                "iMessage",
                List.of(),
                null,
                target,
                newText,
                List.of(),
                null);
    }

    @Test
    void editsAndUnsendsReachTheRoomAfterThePortalsRunHasCommittedTheTarget() {
        history(QUIET, 2);
        start();
        gate.open();
        queue.enqueue(QUIET);
        String edited = "EEEEEEEE-0000-4000-8000-000000000001";
        String unsent = "EEEEEEEE-0000-4000-8000-000000000002";
        inbox.append(live(11, QUIET, edited, NOW + 11, false), NOW);
        inbox.append(live(12, QUIET, unsent, NOW + 12, false), NOW);
        inbox.append(change(13, LiveEvent.Kind.EDIT, QUIET, edited, "live 11, corrected"), NOW);
        inbox.append(change(14, LiveEvent.Kind.UNSEND, QUIET, unsent, null), NOW);
        processor.wake();

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.count(LiveInbox.Status.DONE) == 4);
        // Whichever came first (the send or the cache change), the room ends up showing the final state.
        String editedEvent = bridge.eventIdOf(QUIET, imbridge.core.model.PartKey.text(edited))
                .orElseThrow();
        boolean sentFinal = bodiesIn(QUIET).contains("live 11, corrected");
        assertThat(sentFinal || actions.edits.contains(editedEvent + "=live 11, corrected"))
                .isTrue();
        bridge.eventIdOf(QUIET, imbridge.core.model.PartKey.text(unsent))
                .ifPresent(ev -> assertThat(matrix.redactions).anyMatch(r -> r.contains(ev)));
        assertThat(bodiesIn(QUIET)).contains("old 0", "old 1");
    }

    @Test
    void aTapbackRemovalArrivingBehindTheCheckpointStillRedactsItsReaction() {
        history(QUIET, 3);
        String target = String.format("%08d-0000-4000-8000-%012d", 0, QUIET.hashCode() & 0xffff);
        cloud.ingestMessagePage(
                List.of(new MessageRow(
                        "FFFFFFFF-0000-4000-8000-000000000001",
                        "rec-add",
                        "iMessage;-;" + QUIET.substring(4),
                        QUIET,
                        HISTORY_TS + 1,
                        QUIET,
                        false,
                        "Loved a message",
                        null,
                        "iMessage",
                        List.of(),
                        true,
                        false,
                        null,
                        new imbridge.core.model.MessageExtras(2000, "p:0/" + target, null, null, false, 0, 0, 0))),
                List.of(),
                List.of(),
                "t2");
        start();
        gate.open();
        queue.enqueue(QUIET);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bridge.backfillState(QUIET)
                        .map(st -> st.status() == BackfillStatus.DONE)
                        .orElse(false));
        String reactionEvent = bridge.eventIdOf(
                        QUIET, imbridge.core.model.PartKey.reaction("FFFFFFFF-0000-4000-8000-000000000001"))
                .orElseThrow();

        LiveEvent removal = new LiveEvent(
                20,
                LiveEvent.Kind.MESSAGE,
                false,
                "FFFFFFFF-0000-4000-8000-000000000002",
                "iMessage;-;" + QUIET.substring(4),
                QUIET,
                false,
                HISTORY_TS + 1,
                "Removed a heart",
                null,
                "iMessage",
                List.of(),
                new imbridge.core.model.MessageExtras(3000, "p:0/" + target, null, null, false, 0, 0, 0),
                null,
                null,
                List.of(),
                null);
        inbox.append(removal, NOW);
        processor.wake();

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.count(LiveInbox.Status.DONE) == 1);
        assertThat(matrix.redactions).containsExactly(reactionEvent);
    }

    @Test
    void aLiveUnsendRedactsTheReactionsOnItsMessageAndALaterTapbackOnItIsNotSent() {
        history(QUIET, 3);
        String target = String.format("%08d-0000-4000-8000-%012d", 0, QUIET.hashCode() & 0xffff);
        String tapback = "FFFFFFFF-0000-4000-8000-000000000001";
        cloud.ingestMessagePage(List.of(tapbackRow(tapback, target)), List.of(), List.of(), "t2");
        start();
        gate.open();
        queue.enqueue(QUIET);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bridge.backfillState(QUIET)
                        .map(st -> st.status() == BackfillStatus.DONE)
                        .orElse(false));
        String textEvent = bridge.eventIdOf(QUIET, imbridge.core.model.PartKey.text(target))
                .orElseThrow();
        String reactionEvent = bridge.eventIdOf(QUIET, imbridge.core.model.PartKey.reaction(tapback))
                .orElseThrow();

        inbox.append(change(20, LiveEvent.Kind.UNSEND, QUIET, target, null), NOW);
        String lateTapback = "FFFFFFFF-0000-4000-8000-000000000002";
        inbox.append(
                new LiveEvent(
                        21,
                        LiveEvent.Kind.MESSAGE,
                        false,
                        lateTapback,
                        "iMessage;-;" + QUIET.substring(4),
                        QUIET,
                        false,
                        NOW + 21,
                        "Liked a message",
                        null,
                        "iMessage",
                        List.of(),
                        new imbridge.core.model.MessageExtras(2001, "p:0/" + target, null, null, false, 0, 0, 0),
                        null,
                        null,
                        List.of(),
                        null),
                NOW);
        processor.wake();

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.count(LiveInbox.Status.DONE) == 2);
        assertThat(matrix.redactions).containsExactlyInAnyOrder(textEvent, reactionEvent);
        assertThat(bridge.eventIdOf(QUIET, imbridge.core.model.PartKey.reaction(lateTapback)))
                .isEmpty();
    }

    private static MessageRow tapbackRow(String guid, String target) {
        return new MessageRow(
                guid,
                "rec-" + guid,
                "iMessage;-;" + QUIET.substring(4),
                QUIET,
                HISTORY_TS + 1,
                QUIET,
                false,
                "Loved a message",
                null,
                "iMessage",
                List.of(),
                true,
                false,
                null,
                new imbridge.core.model.MessageExtras(2000, "p:0/" + target, null, null, false, 0, 0, 0));
    }

    @Test
    void aCachedMessageFromTheFutureWaitsForItsTimeSoLaterLiveMessagesCannotLandBeforeIt() {
        history(QUIET, 2);
        long soon = backfillClock.millis() + 600;
        cloud.ingestMessagePage(
                List.of(new MessageRow(
                        "99999999-0000-4000-8000-000000000001",
                        "rec-future",
                        "iMessage;-;" + QUIET.substring(4),
                        QUIET,
                        soon,
                        QUIET,
                        false,
                        "from the future",
                        null,
                        "iMessage",
                        List.of(),
                        true,
                        false)),
                List.of(),
                List.of(),
                "t2");
        start();
        gate.open();
        queue.enqueue(QUIET);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bridge.backfillState(QUIET)
                        .map(st -> st.status() == BackfillStatus.DONE)
                        .orElse(false));
        assertThat(bodiesIn(QUIET)).containsExactly("old 0", "old 1");

        backfillClock.advanceMillis(600); // its time has come
        await().atMost(Duration.ofSeconds(10)).until(() -> bodiesIn(QUIET).size() == 3);
        assertThat(bodiesIn(QUIET)).containsExactly("old 0", "old 1", "from the future");
    }

    @Test
    void aContactsReadReceiptMovesItsGhostsMarkerOnlyOnceTheHistoryIsIn() {
        history(QUIET, 2);
        start();
        gate.open();
        queue.enqueue(QUIET);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bridge.backfillState(QUIET)
                        .map(st -> st.status() == BackfillStatus.DONE)
                        .orElse(false));
        String mine = "ABABABAB-0000-4000-8000-000000000001";
        inbox.append(
                new LiveEvent(
                        30,
                        LiveEvent.Kind.MESSAGE,
                        false,
                        mine,
                        "iMessage;-;" + QUIET.substring(4),
                        OWNER,
                        true,
                        NOW + 30,
                        "are you there?",
                        null,
                        "iMessage",
                        List.of(),
                        null,
                        null,
                        null,
                        List.of(),
                        null),
                NOW);
        inbox.append(
                new LiveEvent(
                        31,
                        LiveEvent.Kind.READ_RECEIPT,
                        false,
                        null,
                        "iMessage;-;" + QUIET.substring(4),
                        QUIET,
                        false,
                        NOW + 31,
                        null,
                        null,
                        "iMessage",
                        List.of(),
                        null,
                        mine,
                        null,
                        List.of(),
                        null),
                NOW);
        inbox.append(
                new LiveEvent(
                        32,
                        LiveEvent.Kind.READ_RECEIPT,
                        true,
                        null,
                        "iMessage;-;" + QUIET.substring(4),
                        QUIET,
                        false,
                        NOW + 32,
                        null,
                        null,
                        "iMessage",
                        List.of(),
                        null,
                        mine,
                        null,
                        List.of(),
                        null),
                NOW);
        processor.wake();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> inbox.count(LiveInbox.Status.PENDING) == 0 && inbox.count(LiveInbox.Status.HELD) == 0);
        String event =
                bridge.eventIdOf(QUIET, imbridge.core.model.PartKey.text(mine)).orElseThrow();
        assertThat(matrix.readMarkers)
                .containsExactly(
                        bridge.portal(QUIET).orElseThrow().roomId() + " " + QUIET + " " + event + " " + (NOW + 31));
        assertThat(inbox.dropCounts()).containsEntry("STORED_NON_MESSAGE", 1L); // the stored re-delivery
    }

    @Test
    void theOwnersOwnReadMovesTheOwnersMarkerOnlyWhenTheGatewayActsAsTheOwner() {
        history(QUIET, 2);
        start();
        gate.open();
        queue.enqueue(QUIET);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bridge.backfillState(QUIET)
                        .map(st -> st.status() == BackfillStatus.DONE)
                        .orElse(false));
        assertThat(matrix.directChats)
                .as("the DM is listed as the owner's direct chat")
                .contains(bridge.portal(QUIET).orElseThrow().roomId() + " " + QUIET);
        String theirs = "ABABABAB-0000-4000-8000-000000000002";
        inbox.append(liveText(40, theirs, QUIET, false, "did you see it?"), NOW);
        inbox.append(ownerRead(41, theirs), NOW); // without double puppeting: nobody may read for the owner
        processor.wake();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> inbox.count(LiveInbox.Status.PENDING) == 0 && inbox.count(LiveInbox.Status.HELD) == 0);
        assertThat(inbox.dropCounts()).containsEntry("OWNER_READ_WITHOUT_DOUBLE_PUPPET", 1L);
        assertThat(matrix.readMarkers).noneMatch(m -> m.contains(" " + OWNER + " "));

        matrix.puppeting = true;
        inbox.append(ownerRead(42, theirs), NOW);
        processor.wake();

        String event = bridge.eventIdOf(QUIET, imbridge.core.model.PartKey.text(theirs))
                .orElseThrow();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(matrix.readMarkers)
                        .containsExactly(bridge.portal(QUIET).orElseThrow().roomId() + " " + OWNER + " " + event + " "
                                + (NOW + 42)));
        assertThat(inbox.dropCounts()).containsEntry("OWNER_READ_WITHOUT_DOUBLE_PUPPET", 1L);
    }

    private static LiveEvent liveText(long seq, String guid, String from, boolean fromMe, String text) {
        return new LiveEvent(
                seq,
                LiveEvent.Kind.MESSAGE,
                false,
                guid,
                "iMessage;-;" + QUIET.substring(4),
                from,
                fromMe,
                NOW + seq,
                text,
                null,
                "iMessage",
                List.of(),
                null,
                null,
                null,
                List.of(),
                null);
    }

    /** The owner read {@code target} on another device: the live stream's read event, flagged as mine. */
    private static LiveEvent ownerRead(long seq, String target) {
        return new LiveEvent(
                seq,
                LiveEvent.Kind.READ_RECEIPT,
                false,
                null,
                "iMessage;-;" + QUIET.substring(4),
                OWNER,
                true,
                NOW + seq,
                null,
                null,
                "iMessage",
                List.of(),
                null,
                target,
                null,
                List.of(),
                null);
    }

    @Test
    void historyArrivingOlderThanTheCheckpointIsDeliveredAfterTheNewestEventNotLost() { // behaviour.md R1
        history(QUIET, 2);
        imbridge.core.backfill.OlderGapRepair gaps =
                new imbridge.core.backfill.OlderGapRepair(cloud, bridge, planner, queue, forward::sendNow);
        queue.onPortalFinished(gaps::portalFinished);
        start();
        gate.open();
        queue.enqueue(QUIET);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bridge.backfillState(QUIET)
                        .map(st -> st.status() == BackfillStatus.DONE)
                        .orElse(false));

        MessageRow late = new MessageRow(
                "1a1a1a1a-0000-4000-8000-000000000001",
                "rec-late",
                "iMessage;-;" + QUIET.substring(4),
                QUIET,
                HISTORY_TS - 50,
                QUIET,
                false,
                "late history",
                null,
                "iMessage",
                List.of(),
                true,
                false);
        cloud.ingestMessagePage(List.of(late), List.of(), List.of(), "t-late");
        gaps.pageIngested(List.of(late)); // what the sync pass reports after the page

        await().atMost(Duration.ofSeconds(10)).until(() -> bodiesIn(QUIET).size() == 3);
        assertThat(bodiesIn(QUIET)).containsExactly("old 0", "old 1", "late history");
        gaps.pageIngested(List.of(late)); // seen again (a re-sync): already in the room, nothing more
        queue.enqueueLive(QUIET);
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .until(() -> bodiesIn(QUIET).size() == 3);
    }
}
