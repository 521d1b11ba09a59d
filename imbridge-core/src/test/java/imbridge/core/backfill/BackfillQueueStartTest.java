package imbridge.core.backfill;

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
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

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
        cloud.ingestMessagePage(List.of(new MessageRow("aaaa-1", "r1", "chat", PORTAL, 1000, "5551112222", false,
                "hello", null, "iMessage", List.of(), true, false, null, MessageExtras.NONE)), List.of(), List.of(), "t");
        CancellationToken cancel = new CancellationToken();
        try (AttachmentPipeline pipeline = new AttachmentPipeline(new ZeroByteAssets(), matrix, 2, Duration.ofSeconds(5))) {
            ForwardBackfill forward = new ForwardBackfill(cloud, bridge, matrix,
                    new PortalRooms(cloud, bridge, matrix, new PortalIdResolver(List.of(OWNER))), pipeline,
                    new MessagePartPlanner(OWNER), BackfillSettings.defaults(), Clock.systemUTC(), BackfillProgress.NONE);
            AtomicBoolean caughtUp = new AtomicBoolean();
            try (BackfillQueue queue = new BackfillQueue(forward, 2, (w, e) -> {
                throw new AssertionError(w, e);
            }, cancel)) {
                queue.start();
                Thread.sleep(450); // the idle workers have looked for work a few times
                queue.startWhen(caughtUp::get);
                queue.enqueue(PORTAL);
                Thread.sleep(450);
                assertThat(matrix.timeline).as("held until the condition holds").isEmpty();

                caughtUp.set(true);
                queue.awaitIdle();
                assertThat(matrix.timeline).hasSize(1);
            }
        }
    }
}
