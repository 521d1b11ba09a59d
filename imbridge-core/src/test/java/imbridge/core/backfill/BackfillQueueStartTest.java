package imbridge.core.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.MessageRow;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.portal.PortalRooms;
import imbridge.core.testing.InMemoryBridgeStore;
import imbridge.core.testing.InMemoryCloudStore;
import imbridge.core.testing.RecordingGateway;
import imbridge.core.testing.ZeroByteAssets;
import imbridge.core.util.CancellationToken;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The queue's start condition (the live path: "the backlog received during the bootstrap is in the cache") is set
 * after the workers started, as the runtime wires it; it must hold back the first run all the same.
 */
class BackfillQueueStartTest {
    private static final String PORTAL = "tel:+15551112222";
    private static final String OWNER = "tel:+15550000001";

    @Test
    void aStartConditionSetAfterStartStillHoldsTheFirstRun() throws Exception {
        InMemoryCloudStore cloud = new InMemoryCloudStore();
        InMemoryBridgeStore bridge = new InMemoryBridgeStore();
        RecordingGateway matrix = new RecordingGateway();
        cloud.ingestMessagePage(
                List.of(new MessageRow(
                        "aaaa-1",
                        "r1",
                        "chat",
                        PORTAL,
                        1000,
                        "5551112222",
                        false,
                        "hello",
                        null,
                        "iMessage",
                        List.of(),
                        true,
                        false,
                        null,
                        MessageExtras.NONE)),
                List.of(),
                List.of(),
                "t");
        CancellationToken cancel = new CancellationToken();
        try (AttachmentPipeline pipeline =
                new AttachmentPipeline(new ZeroByteAssets(), matrix, 2, Duration.ofSeconds(5))) {
            ForwardBackfill forward = new ForwardBackfill(
                    cloud,
                    bridge,
                    matrix,
                    new PortalRooms(cloud, bridge, matrix, new PortalIdResolver(List.of(OWNER))),
                    pipeline,
                    new MessagePartPlanner(OWNER),
                    BackfillSettings.defaults(),
                    Clock.systemUTC(),
                    BackfillProgress.NONE);
            AtomicBoolean caughtUp = new AtomicBoolean();
            AtomicInteger asked = new AtomicInteger();
            try (BackfillQueue queue = new BackfillQueue(
                    forward,
                    2,
                    (w, e) -> {
                        throw new AssertionError(w, e);
                    },
                    cancel)) {
                Set<Thread> before = Thread.getAllStackTraces().keySet();
                queue.start();
                await("the idle workers have looked for work")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> workersWaiting(before));
                queue.startWhen(() -> {
                    asked.incrementAndGet();
                    return caughtUp.get();
                });
                queue.enqueue(PORTAL);
                await("a worker found the portal and asked the condition")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> asked.get() > 0);
                assertThat(matrix.timeline).as("held until the condition holds").isEmpty();
                assertThat(queue.isIdle()).as("the portal still waits").isFalse();

                caughtUp.set(true);
                queue.awaitIdle();
                assertThat(matrix.timeline).hasSize(1);
            }
        }
    }

    /** Every worker the queue started (threads that did not exist before) waits for work. */
    private static boolean workersWaiting(Set<Thread> before) {
        List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t))
                .filter(t -> t.getName().startsWith("forward-backfill-")
                        || t.getName().startsWith("live-delivery-"))
                .toList();
        return workers.size() == 2 + BackfillQueue.LIVE_WORKERS
                && workers.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING);
    }
}
