package imbridge.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.backfill.BackfillQueue;
import imbridge.core.backfill.BackfillSettings;
import imbridge.core.backfill.ForwardBackfill;
import imbridge.core.backfill.MessagePartPlanner;
import imbridge.core.deletion.PortalDeleter;
import imbridge.core.deletion.RecentlyDeletedPortals;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.MessageRow;
import imbridge.core.model.Zone;
import imbridge.core.port.CloudSourceException;
import imbridge.core.portal.PortalDiscovery;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.portal.PortalRooms;
import imbridge.core.testing.InMemoryBridgeStore;
import imbridge.core.testing.InMemoryCloudStore;
import imbridge.core.testing.RecordingGateway;
import imbridge.core.testing.ScriptedCloudSource;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The controller's lifecycle with a virtual waiter: minutes of waiting run in milliseconds. */
@Timeout(30)
class SyncControllerTest {
    private static final List<String> OWN = List.of("tel:+15550000001");
    private final ScriptedCloudSource source = new ScriptedCloudSource(2);
    private final InMemoryCloudStore cloud = new InMemoryCloudStore();
    private final InMemoryBridgeStore bridge = new InMemoryBridgeStore();
    private final RecordingGateway matrix = new RecordingGateway();
    private final CancellationToken cancel = new CancellationToken();
    private final SyncGate gate = new SyncGate();
    private final RecentlyDeletedPortals recentlyDeleted =
            new RecentlyDeletedPortals(Clock.systemUTC(), Duration.ofHours(24));
    private final List<Duration> waits = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final List<Throwable> fatals = new ArrayList<>();
    /** Runs before the n-th wait returns (1-based), to change the world between passes. */
    private IntConsumer beforeWaitReturns = n -> {};

    private final Waiter virtualWaiter = (d, token) -> {
        token.throwIfCancelled();
        waits.add(d);
        beforeWaitReturns.accept(waits.size());
        token.throwIfCancelled();
    };
    private final AttachmentPipeline pipeline = new AttachmentPipeline(source, matrix, 4, Duration.ofSeconds(5));
    private BackfillQueue queue;

    @AfterEach
    void close() {
        if (queue != null) {
            queue.close();
        }
        pipeline.close();
    }

    private static CloudChat dm(String record, String handle) {
        return new CloudChat(record, "iMessage;-;" + handle, "", 45, "iMessage", null, List.of(handle), false);
    }

    private static CloudMessage msg(String guid, String chatId, String sender, long ts) {
        return new CloudMessage(
                "rec-" + guid, guid, chatId, sender, false, ts, "text " + guid, null, "iMessage", 0, List.of(), true);
    }

    private SyncController controller(SyncSettings settings) {
        return controller(settings, virtualWaiter);
    }

    /** @param controllerWaiter the controller's own waits (the pass keeps the virtual waiter) */
    private SyncController controller(SyncSettings settings, Waiter controllerWaiter) {
        PortalIdResolver resolver = new PortalIdResolver(OWN);
        PortalDeleter deleter = new PortalDeleter(bridge, matrix, recentlyDeleted, Clock.systemUTC());
        SyncPass pass = new SyncPass(
                source, cloud, resolver, settings, virtualWaiter, Clock.systemUTC(), recentlyDeleted, p -> {
                    events.add("tombstone:" + p);
                    deleter.onChatTombstone(p);
                });
        ForwardBackfill forward = new ForwardBackfill(
                cloud,
                bridge,
                matrix,
                new PortalRooms(cloud, bridge, matrix, resolver),
                pipeline,
                new MessagePartPlanner(OWN.get(0)),
                BackfillSettings.defaults(),
                Clock.systemUTC(),
                BackfillProgress.NONE,
                recentlyDeleted::contains,
                () -> false);
        queue = new BackfillQueue(forward, 3, (w, e) -> fatals.add(e), cancel);
        queue.start();
        PortalDiscovery discovery = new PortalDiscovery(cloud, bridge, recentlyDeleted, queue) {
            @Override
            public Result discover(java.util.Set<String> skip) {
                events.add("discover(gate " + (gate.isOpen() ? "open" : "closed") + ")");
                return super.discover(skip);
            }
        };
        return new SyncController(
                "login",
                pass,
                cloud,
                bridge,
                settings,
                controllerWaiter,
                gate,
                recentlyDeleted,
                discovery,
                (w, e) -> fatals.add(e),
                cancel,
                new SyncController.Listener() {
                    @Override
                    public void resyncComplete(int index, SyncPassResult result) {
                        events.add("resync" + index);
                    }

                    @Override
                    public void resyncFailed(int index, Exception error) {
                        events.add("resync" + index + " failed");
                    }
                });
    }

    private SyncSettings settings() {
        return SyncSettings.defaults();
    }

    @Test
    void threeDelayedResyncsRunInlineAndDiscoverPortalsThatAppearLate() throws Exception {
        source.add(Zone.CHATS, dm("c1", "tel:+15551110001"));
        source.add(Zone.MESSAGES, msg("a1", "iMessage;-;tel:+15551110001", "tel:+15551110001", 1000));
        beforeWaitReturns = n -> {
            if (n == 2) { // before the 60 s re-sync: a whole new conversation arrives late
                source.add(Zone.MESSAGES, msg("b1", "iMessage;-;+15552220002", "+15552220002", 5000));
            }
        };
        controller(settings()).run();
        queue.awaitIdle();

        assertThat(waits).containsExactly(Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofMinutes(3));
        assertThat(events)
                .containsExactly(
                        "discover(gate closed)",
                        "discover(gate open)",
                        "resync1",
                        "discover(gate open)",
                        "resync2",
                        "discover(gate open)",
                        "resync3");
        assertThat(matrix.rooms).extracting(r -> r.portalId()).containsExactly("tel:+15551110001", "tel:+15552220002");
        assertThat(matrix.timeline).hasSize(2);
        assertThat(gate.isOpen()).isTrue();
        assertThat(fatals).isEmpty();
        assertThat(cloud.statisticsRefreshes())
                .as("after the bootstrap and after each re-sync")
                .isEqualTo(4);
    }

    @Test
    void aFailedBootstrapKeepsTheGateClosedAndRetriesAfterTheInterval() throws Exception {
        source.add(Zone.MESSAGES, msg("a1", "iMessage;-;+15551110001", "+15551110001", 1000));
        for (int i = 0; i < 3; i++) {
            source.failNext(Zone.CHATS, new CloudSourceException("TRY_AGAIN_LATER", "down", null, true, null));
        }
        List<Boolean> gateDuringWaits = new ArrayList<>();
        beforeWaitReturns = n -> gateDuringWaits.add(gate.isOpen());
        controller(settings().withResyncDelays(List.of())).run();

        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMinutes(1));
        assertThat(gateDuringWaits).containsOnly(false);
        assertThat(cloud.errors).anyMatch(e -> e.startsWith("CHATS:"));
        assertThat(gate.isOpen()).isTrue();
        assertThat(cloud.versionMarker("_version")).isEqualTo(4);
    }

    @Test
    void aFailingResyncDoesNotStopTheNextOne() throws Exception {
        source.add(Zone.MESSAGES, msg("a1", "iMessage;-;+15551110001", "+15551110001", 1000));
        beforeWaitReturns = n -> {
            if (n == 1) {
                for (int i = 0; i < 3; i++) {
                    source.failNext(Zone.MESSAGES, new CloudSourceException("INTERNAL_ERROR", "x", null, true, null));
                }
            }
        };
        controller(settings()).run();
        assertThat(events).contains("resync1 failed", "resync2", "resync3");
        assertThat(cloud.statisticsRefreshes())
                .as("the failed re-sync loaded nothing new")
                .isEqualTo(3);
    }

    @Test
    void aStopDuringAWaitReturnsPromptlyWithoutTheRemainingResyncs() {
        source.add(Zone.MESSAGES, msg("a1", "iMessage;-;+15551110001", "+15551110001", 1000));
        beforeWaitReturns = n -> {
            if (n == 2) {
                cancel.cancel();
            }
        };
        assertThatThrownBy(() -> controller(settings()).run()).isInstanceOf(CancelledException.class);
        assertThat(events).containsExactly("discover(gate closed)", "discover(gate open)", "resync1");
    }

    @Test
    void theControllerThreadSendsUnexpectedErrorsToTheFatalHandler() throws Exception {
        source.add(Zone.MESSAGES, msg("a1", "iMessage;-;+15551110001", "+15551110001", 1000));
        beforeWaitReturns = n -> {
            throw new IllegalStateException("bug");
        };
        SyncController c = controller(settings());
        c.start();
        c.awaitFinished();
        assertThat(fatals).singleElement().satisfies(t -> assertThat(t).hasMessage("bug"));
    }

    @Test
    void freshStartClearsStaleCacheAndExistingStartHonoursVersionMarkers() {
        cloud.messages.put(
                "X",
                new MessageRow("x", "r", "c", "tel:+1", 1, "s", false, "t", null, "iMessage", List.of(), true, false));
        SyncController c = controller(settings());
        assertThat(c.detectBootstrapState()).isEqualTo(BootstrapState.FRESH);
        assertThat(cloud.messages).isEmpty();

        cloud.tokens.put(Zone.MESSAGES, "7");
        assertThat(c.detectBootstrapState()).isEqualTo(BootstrapState.INTERRUPTED);
        assertThat(cloud.tokens).containsKey(Zone.MESSAGES);

        bridge.savePortal(
                new imbridge.core.model.Portal("tel:+1", imbridge.core.model.PortalKind.DM, null, List.of(), "!r:x"));
        cloud.setVersionMarker("_version", 3);
        assertThat(c.detectBootstrapState()).isEqualTo(BootstrapState.EXISTING);
        assertThat(cloud.tokens).isEmpty();
        assertThat(cloud.versionMarker("_version")).isEqualTo(3);

        cloud.tokens.put(Zone.CHATS, "5");
        cloud.tokens.put(Zone.MESSAGES, "9");
        cloud.setVersionMarker("_version", 4);
        cloud.setVersionMarker("_chat_version", 1);
        c.detectBootstrapState();
        assertThat(cloud.tokens).doesNotContainKey(Zone.CHATS).containsKey(Zone.MESSAGES);
    }

    @Test
    void aChatTombstoneAfterBootstrapDeletesTheRoomAndReimportsStayDeleted() throws Exception {
        source.add(Zone.CHATS, dm("c1", "+15551110001"));
        CloudMessage m1 = msg("a1", "iMessage;-;+15551110001", "+15551110001", 1000);
        source.add(Zone.MESSAGES, m1);
        beforeWaitReturns = n -> {
            if (n == 1) {
                try {
                    queue.awaitIdle();
                } catch (CancelledException e) {
                    throw new IllegalStateException(e);
                }
                source.tombstone(Zone.CHATS, "c1");
                source.add(Zone.MESSAGES, m1); // CloudKit re-delivers the old message
            }
        };
        controller(settings()).run();
        queue.awaitIdle();

        assertThat(events).contains("tombstone:tel:+15551110001");
        assertThat(matrix.deletedRooms).containsExactly("!room1:test");
        assertThat(matrix.rooms).hasSize(1); // no new room for the deleted chat
        assertThat(cloud.messages.get("A1").deleted()).isTrue();
        assertThat(bridge.portals.get("tel:+15551110001").roomId()).isNull();
        assertThat(bridge.deleted).containsKey("tel:+15551110001");
    }

    @Test
    void aTombstoneInTheSamePassAsItsMessagesNeverCreatesARoom() throws Exception {
        source.add(Zone.CHATS, dm("c1", "+15551110001"));
        source.tombstone(Zone.CHATS, "c1");
        source.add(Zone.CHATS, dm("c2", "+15552220002"));
        source.add(Zone.MESSAGES, msg("a1", "iMessage;-;+15551110001", "+15551110001", 1000));
        source.add(Zone.MESSAGES, msg("b1", "iMessage;-;+15552220002", "+15552220002", 2000));
        controller(settings().withResyncDelays(List.of())).run();
        queue.awaitIdle();

        // soft-deleted by the re-import guard, then purged by housekeeping as an orphan (its chat row is gone)
        assertThat(cloud.messages).doesNotContainKey("A1").containsKey("B1");
        assertThat(matrix.rooms).extracting(r -> r.portalId()).containsExactly("tel:+15552220002");
    }

    @Test
    void aBoundedStopInterruptsAControllerWaitingForItsResyncAndItsThreadEnds() throws Exception {
        source.add(Zone.MESSAGES, msg("a1", "iMessage;-;+15551110001", "+15551110001", 1000));
        SyncController c = controller(settings().withResyncDelays(List.of(Duration.ofHours(1))), Waiter.real());
        c.start();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> gate.isOpen() && controllerThread().isPresent());
        Thread thread = controllerThread().orElseThrow();

        c.stop(Duration.ZERO); // the login's token is not cancelled: only the forced phase can end the wait

        assertThat(thread.isAlive()).isFalse();
        c.awaitFinished();
        assertThat(fatals).as("an interrupted wait is a stop, not a failure").isEmpty();
        assertThat(events).doesNotContain("resync1");
    }

    private static java.util.Optional<Thread> controllerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("sync-controller-login"))
                .findFirst();
    }
}
