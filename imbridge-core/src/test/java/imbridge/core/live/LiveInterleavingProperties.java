package imbridge.core.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.backfill.BackfillQueue;
import imbridge.core.backfill.BackfillSettings;
import imbridge.core.backfill.ForwardBackfill;
import imbridge.core.backfill.MessagePartPlanner;
import imbridge.core.deletion.MatrixSideDeleter;
import imbridge.core.deletion.RecentlyDeletedPortals;
import imbridge.core.matrixside.MembershipChange;
import imbridge.core.model.Guids;
import imbridge.core.model.LiveEvent;
import imbridge.core.model.MessageRow;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.Portal;
import imbridge.core.port.LiveInbox;
import imbridge.core.portal.PortalDiscovery;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.portal.PortalRooms;
import imbridge.core.sync.SyncGate;
import imbridge.core.testing.InMemoryBridgeStore;
import imbridge.core.testing.InMemoryCloudStore;
import imbridge.core.testing.InMemoryLiveInbox;
import imbridge.core.testing.RecordingGateway;
import imbridge.core.testing.RecordingLiveActions;
import imbridge.core.testing.ZeroByteAssets;
import imbridge.core.util.CancellationToken;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any interleaving of live messages, stored re-deliveries, echoes of history, restarts and Matrix-side
 * deletions, the rooms end up exactly as the truth says: every message of a live conversation once, in
 * {@code (timestamp, guid)} order, history first; a deleted conversation gets nothing more, and one that new
 * traffic brings back has a fresh room with only the new messages. The engine runs for real (threads, queue,
 * backfill, live processor) on in-memory stores that survive the restarts.
 */
class LiveInterleavingProperties {
    private static final String OWNER = "tel:+15550000001";
    private static final String OWNER_MXID = "@owner:test";
    private static final List<String> PORTALS = List.of("tel:+15551230001", "tel:+15551230002");
    private static final long HISTORY_TS = 1_600_000_000_000L;

    sealed interface Op permits New, Replay, Echo, Restart, Delete {}

    record New(int portal) implements Op {}

    record Replay(int which) implements Op {}

    record Echo(int portal, int which) implements Op {}

    record Restart() implements Op {}

    record Delete(int portal) implements Op {}

    record Scenario(List<Integer> historySizes, List<Op> ops) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Integer> portal = Arbitraries.integers().between(0, PORTALS.size() - 1);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, portal.map(New::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 50).map(Replay::new)),
                net.jqwik.api.Tuple.of(
                        2,
                        Combinators.combine(portal, Arbitraries.integers().between(0, 50))
                                .as(Echo::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Restart())),
                net.jqwik.api.Tuple.of(1, portal.map(Delete::new)));
        return Combinators.combine(
                        Arbitraries.integers().between(0, 8).list().ofSize(PORTALS.size()),
                        op.list().ofMinSize(1).ofMaxSize(14))
                .as(Scenario::new);
    }

    @Property(tries = 30)
    void theRoomsEqualTheTruthForAnyInterleaving(@ForAll("scenarios") Scenario scenario) {
        try (World world = new World()) {
            world.run(scenario);
        }
    }

    /*
     * Also found by the property, not reproducible as a fixed example (it needs a restart between an entry being
     * held and its portal's run): entries held by a previous run were never looked at again, because nothing
     * queued their portal. LiveProcessor.start now queues the portals of held entries.
     */

    /**
     * Found by the property: a genuinely new message for a deleted conversation, received just before a restart
     * and handled after it, was taken for a stale echo (its timestamp is older than the new start-up).
     */
    @net.jqwik.api.Example
    void aNewMessageReceivedBeforeARestartStillRevivesItsDeletedConversation() {
        try (World world = new World()) {
            world.run(new Scenario(List.of(0, 1), List.of(new Delete(1), new New(1), new Restart())));
        }
    }

    /** Everything that survives a restart (stores, inbox, the homeserver) and the engine of the current run. */
    private static final class World implements AutoCloseable {
        final InMemoryCloudStore cloud = new InMemoryCloudStore();
        final InMemoryBridgeStore bridge = new InMemoryBridgeStore();
        final InMemoryLiveInbox inbox = new InMemoryLiveInbox();
        final RecordingGateway matrix = new RecordingGateway();
        final PortalIdResolver resolver = new PortalIdResolver(List.of(OWNER));
        final MessagePartPlanner planner = new MessagePartPlanner(OWNER);
        /** The truth: per portal, the messages its visible room must hold, in order. */
        final Map<String, List<String>> expected = new HashMap<>();

        final Map<String, List<String>> historyGuids = new HashMap<>();
        final Set<String> deleted = new HashSet<>();
        /** Rooms deleted, with the number of events they had then (they must get no more). */
        final Map<String, Integer> deletedRoomSizes = new HashMap<>();

        final List<LiveEvent> liveSent = new ArrayList<>();
        long seq;
        long lastLiveTs;
        Engine engine;

        void run(Scenario scenario) {
            for (int p = 0; p < PORTALS.size(); p++) {
                history(PORTALS.get(p), scenario.historySizes().get(p));
            }
            engine = new Engine(this);
            for (Op op : scenario.ops()) {
                apply(op);
            }
            settle();
            for (String portal : PORTALS) {
                String room = bridge.portal(portal).map(Portal::roomId).orElse(null);
                List<String> want = expected.getOrDefault(portal, List.of());
                if (room == null) {
                    assertThat(want).as("portal %s has no room", portal).isEmpty();
                    continue;
                }
                assertThat(textGuidsIn(room)).as("room of %s", portal).containsExactlyElementsOf(want);
            }
            deletedRoomSizes.forEach((room, size) -> assertThat(eventsIn(room))
                    .as("deleted room %s got events", room)
                    .hasSize(size));
            assertThat(inbox.count(LiveInbox.Status.PENDING)).isZero();
            assertThat(inbox.count(LiveInbox.Status.HELD)).isZero();
        }

        void history(String portal, int n) {
            List<MessageRow> rows = new ArrayList<>();
            List<String> guids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String guid = UUID.nameUUIDFromBytes((portal + i).getBytes()).toString(); // lower-case, as CloudKit
                rows.add(new MessageRow(
                        guid,
                        "rec-" + guid,
                        "iMessage;-;" + portal.substring(4),
                        portal,
                        HISTORY_TS + i * 1000L,
                        portal,
                        false,
                        "history " + i,
                        null,
                        "iMessage",
                        List.of(),
                        true,
                        false));
                guids.add(Guids.normalize(guid));
            }
            cloud.ingestMessagePage(rows, List.of(), List.of(), "t-" + portal);
            historyGuids.put(portal, guids);
            expected.put(portal, new ArrayList<>(guids));
        }

        void apply(Op op) {
            switch (op) {
                case New n -> {
                    String portal = PORTALS.get(n.portal());
                    lastLiveTs = Math.max(lastLiveTs + 1, System.currentTimeMillis());
                    LiveEvent e = message(portal, UUID.randomUUID().toString().toUpperCase(), lastLiveTs, false);
                    liveSent.add(e);
                    if (deleted.remove(portal)) {
                        expected.put(portal, new ArrayList<>()); // a genuinely new conversation: fresh room
                    }
                    expected.get(portal).add(Guids.normalize(e.guid()));
                    push(e);
                }
                case Replay r -> {
                    if (!liveSent.isEmpty()) {
                        LiveEvent e = liveSent.get(r.which() % liveSent.size());
                        push(new LiveEvent(
                                ++seq,
                                e.kind(),
                                true,
                                e.guid(),
                                e.chatId(),
                                e.sender(),
                                e.fromMe(),
                                e.timestampMs(),
                                e.text(),
                                null,
                                "iMessage",
                                List.of(),
                                null,
                                null,
                                null,
                                List.of(),
                                null));
                    }
                }
                case Echo ec -> {
                    String portal = PORTALS.get(ec.portal());
                    List<String> guids = historyGuids.get(portal);
                    if (!guids.isEmpty()) {
                        int i = ec.which() % guids.size();
                        push(message(portal, guids.get(i), HISTORY_TS + i * 1000L, false));
                    }
                }
                case Restart r -> {
                    engine.close();
                    engine = new Engine(this);
                }
                case Delete d -> {
                    String portal = PORTALS.get(d.portal());
                    settle();
                    String room = bridge.portal(portal).map(Portal::roomId).orElse(null);
                    if (room != null) {
                        try {
                            engine.deleter.onMembership(new MembershipChange(
                                    room,
                                    "$leave" + seq,
                                    OWNER_MXID,
                                    OWNER_MXID,
                                    "leave",
                                    "join",
                                    null,
                                    System.currentTimeMillis()));
                        } catch (Exception ex) {
                            throw new AssertionError(ex);
                        }
                        deleted.add(portal);
                        expected.put(portal, new ArrayList<>());
                        deletedRoomSizes.put(room, eventsIn(room).size());
                    }
                }
            }
        }

        LiveEvent message(String portal, String guid, long ts, boolean stored) {
            return new LiveEvent(
                    ++seq,
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

        void push(LiveEvent e) {
            inbox.append(e, System.currentTimeMillis());
            engine.processor.wake();
        }

        void settle() {
            try {
                settleOrFail();
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(
                        "stuck: caughtUp=" + engine.processor.caughtUp() + " pending="
                                + inbox.count(LiveInbox.Status.PENDING) + " held=" + inbox.held(null) + " idle="
                                + engine.queue.isIdle() + " states=" + bridge.states,
                        e);
            }
        }

        void settleOrFail() {
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> engine.processor.caughtUp()
                            && inbox.count(LiveInbox.Status.PENDING) == 0
                            && inbox.count(LiveInbox.Status.HELD) == 0
                            && engine.queue.isIdle());
        }

        List<RecordingGateway.Sent> eventsIn(String room) {
            synchronized (matrix) {
                return matrix.timeline.stream()
                        .filter(s -> s.roomId().equals(room))
                        .toList();
            }
        }

        List<String> textGuidsIn(String room) {
            return eventsIn(room).stream()
                    .map(RecordingGateway.Sent::part)
                    .filter(p -> p instanceof OutgoingPart.Text)
                    .map(p -> p.key().guidNorm())
                    .toList();
        }

        @Override
        public void close() {
            if (engine != null) {
                engine.close();
            }
        }
    }

    /** One run of the bridge over the world's stores: what a process start builds. */
    private static final class Engine implements AutoCloseable {
        final CancellationToken cancel = new CancellationToken();
        final AttachmentPipeline pipeline;
        final BackfillQueue queue;
        final LiveProcessor processor;
        final MatrixSideDeleter deleter;

        Engine(World w) {
            RecentlyDeletedPortals recentlyDeleted = new RecentlyDeletedPortals(Clock.systemUTC(), Duration.ofDays(1));
            recentlyDeleted.seed(w.bridge.deletedPortals());
            pipeline = new AttachmentPipeline(new ZeroByteAssets(), w.matrix, 2, Duration.ofSeconds(5));
            ForwardBackfill forward = new ForwardBackfill(
                    w.cloud,
                    w.bridge,
                    w.matrix,
                    new PortalRooms(w.cloud, w.bridge, w.matrix, w.resolver),
                    pipeline,
                    w.planner,
                    new BackfillSettings(4, 2, 2, 2, Duration.ofSeconds(5)),
                    Clock.systemUTC(),
                    BackfillProgress.NONE,
                    recentlyDeleted::contains,
                    () -> false);
            queue = new BackfillQueue(
                    forward,
                    2,
                    (what, e) -> {
                        throw new AssertionError(what, e);
                    },
                    cancel);
            RecentUnsends unsends = new RecentUnsends(Clock.systemUTC());
            LiveAdmission admission = new LiveAdmission(w.cloud);
            LiveUpdates updates = new LiveUpdates(
                    w.cloud, w.bridge, w.matrix, new RecordingLiveActions(), admission, unsends, w.resolver, OWNER);
            LiveDelivery delivery = new LiveDelivery(
                    w.inbox, w.cloud, w.bridge, w.planner, queue, forward::sendNow, updates::applyInRoom);
            SyncGate gate = new SyncGate();
            processor = new LiveProcessor(
                    w.inbox,
                    new LiveMessageChecks(
                            unsends, w.cloud, w.bridge, w.resolver, recentlyDeleted, System.currentTimeMillis()),
                    admission,
                    updates,
                    delivery,
                    w.bridge,
                    recentlyDeleted,
                    gate,
                    Clock.systemUTC(),
                    (what, e) -> {
                        throw new AssertionError(what, e);
                    },
                    cancel);
            deleter =
                    new MatrixSideDeleter(w.cloud, w.bridge, w.matrix, recentlyDeleted, Clock.systemUTC(), OWNER_MXID);
            queue.onPortalFinished(delivery::portalFinished);
            queue.startWhen(processor::caughtUp);
            queue.start();
            processor.start();
            // the start-up sync: discovery queues what is not up to date, then the gate opens
            new PortalDiscovery(w.cloud, w.bridge, recentlyDeleted, queue).discover(recentlyDeleted.snapshot());
            gate.open();
            processor.wake();
        }

        @Override
        public void close() {
            cancel.cancel();
            processor.close();
            queue.close();
            pipeline.close();
        }
    }
}
