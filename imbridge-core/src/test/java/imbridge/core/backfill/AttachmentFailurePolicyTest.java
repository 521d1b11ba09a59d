package imbridge.core.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.attachment.InMemoryAttachmentLedger;
import imbridge.core.attachment.ScriptedAssetsAccess;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageRow;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.portal.PortalRooms;
import imbridge.core.sync.FatalErrorHandler;
import imbridge.core.testing.InMemoryBridgeStore;
import imbridge.core.testing.InMemoryCloudStore;
import imbridge.core.testing.RecordingGateway;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** behaviour.md W1, W2, W11, F7, F8, F10 on the forward path with scripted asset downloads. */
class AttachmentFailurePolicyTest {
    private static final String OWNER = "tel:+15550000001";
    private static final String PORTAL = "tel:+15551112222";
    private final InMemoryCloudStore cloud = new InMemoryCloudStore();
    private final InMemoryBridgeStore bridge = new InMemoryBridgeStore();
    private final RecordingGateway matrix = new RecordingGateway();
    private final ScriptedAssetsAccess assets = new ScriptedAssetsAccess();
    private final InMemoryAttachmentLedger ledger = new InMemoryAttachmentLedger();
    private final List<AttachmentPipeline> pipelines = new ArrayList<>();

    @AfterEach
    void close() {
        assets.releaseStalls();
        pipelines.forEach(AttachmentPipeline::close);
    }

    private AttachmentPipeline pipeline(int inFlight, Duration timeout) {
        AttachmentPipeline p = new AttachmentPipeline(
                assets.assets,
                matrix,
                ledger,
                new AttachmentPipeline.Settings(inFlight, timeout, 3, Duration.ZERO),
                Clock.systemUTC(),
                Waiter.real(),
                () -> {});
        pipelines.add(p);
        return p;
    }

    private ForwardBackfill forward(AttachmentPipeline pipeline, int chunkSize) {
        PortalIdResolver resolver = new PortalIdResolver(List.of(OWNER));
        return new ForwardBackfill(
                cloud,
                bridge,
                matrix,
                new PortalRooms(cloud, bridge, matrix, resolver),
                pipeline,
                new MessagePartPlanner(OWNER),
                new BackfillSettings(chunkSize, 100, 3, 32, Duration.ofSeconds(5)),
                Clock.systemUTC(),
                BackfillProgress.NONE);
    }

    private static MessageRow row(String portal, int i, List<CloudAttachment> atts) {
        return new MessageRow(
                String.format("%08d-0000-4000-8000-000000000000", i),
                "r" + i,
                "chat",
                portal,
                1_000_000L + i,
                "5551112222",
                false,
                "message " + i,
                null,
                "iMessage",
                atts,
                true,
                false);
    }

    private List<PartKey> sentKeys() {
        return matrix.timeline.stream().map(s -> s.part().key()).toList();
    }

    /**
     * behaviour.md W1 + F8: a broken attachment is attempted 3 times, then a notice takes its place; the text is kept.
     */
    @Test
    void aBrokenAttachmentBecomesANoticeInItsPlaceAndThePortalCompletes() throws Exception {
        CloudAttachment broken = ScriptedAssetsAccess.attachment("broken", 32);
        CloudAttachment flaky = ScriptedAssetsAccess.attachment("flaky", 32);
        assets.failAlways("broken");
        assets.failFirst("flaky", 2);
        List<MessageRow> rows = List.of(
                row(PORTAL, 1, List.of()),
                row(PORTAL, 2, List.of(broken)),
                row(PORTAL, 3, List.of(flaky)),
                row(PORTAL, 4, List.of()));
        cloud.ingestMessagePage(rows, List.of(), List.of(), "t");

        BackfillState state = forward(pipeline(4, Duration.ofSeconds(5)), 5000).run(PORTAL, new CancellationToken());

        assertThat(state.status()).isEqualTo(BackfillStatus.DONE);
        String g2 = rows.get(1).guid();
        String g3 = rows.get(2).guid();
        assertThat(sentKeys())
                .containsExactly(
                        PartKey.text(rows.get(0).guid()),
                        PartKey.text(g2),
                        PartKey.attachment(g2, 0),
                        PartKey.text(g3),
                        PartKey.attachment(g3, 0),
                        PartKey.text(rows.get(3).guid()));
        OutgoingPart notice = matrix.timeline.get(2).part();
        assertThat(notice).isInstanceOf(OutgoingPart.Notice.class);
        assertThat(((OutgoingPart.Notice) notice).body()).contains("broken.png").contains("3 attempts");
        assertThat(matrix.timeline.get(2).ts()).isEqualTo(rows.get(1).timestampMs());
        assertThat(matrix.timeline.get(4).part()).isInstanceOf(OutgoingPart.Media.class);
        assertThat(assets.attempts("broken")).isEqualTo(3);
        assertThat(assets.attempts("flaky")).isEqualTo(3);
        assertThat(ledger.failures()).containsOnlyKeys("broken");
        assertThat(bridge.map.get(PORTAL)).hasSize(6);
    }

    /**
     * behaviour.md W2, F7, F10: 27,000 rows, no anchor: one run delivers every row in (ts, guid) order in chunks of at
     * most
     * 5,000, with the attachments downloaded ahead, at most 32 at a time, each exactly once.
     */
    @Test
    void aTwentySevenThousandMessagePortalIsDeliveredCompletelyInOrderInOneRun() throws Exception {
        List<MessageRow> rows = new ArrayList<>();
        for (int i = 0; i < 27_000; i++) {
            rows.add(
                    row(PORTAL, i, i % 10 == 0 ? List.of(ScriptedAssetsAccess.attachment("big-" + i, 16)) : List.of()));
        }
        cloud.ingestMessagePage(rows, List.of(), List.of(), "t");
        ForwardBackfill forward = forward(pipeline(32, Duration.ofSeconds(5)), 5000);

        BackfillState state = forward.run(PORTAL, new CancellationToken());

        assertThat(state.status()).isEqualTo(BackfillStatus.DONE);
        assertThat(state.messagesDone()).isEqualTo(27_000);
        MessagePartPlanner planner = new MessagePartPlanner(OWNER);
        List<PartKey> expected = rows.stream()
                .sorted(Comparator.comparingLong(MessageRow::timestampMs).thenComparing(MessageRow::guidNorm))
                .flatMap(r -> planner.plan(r).stream())
                .map(PlannedPart::key)
                .toList();
        assertThat(sentKeys()).containsExactlyElementsOf(expected);
        assertThat(assets.downloads()).isEqualTo(2_700);
        assertThat(assets.peak()).isLessThanOrEqualTo(32);
    }

    /**
     * behaviour.md W11: with 3 backfills holding the slots, a 4th waits; cancelling the login ends the wait at once
     * without
     * running it (no room for it), and the queue closes once the running ones are released.
     */
    @Test
    void waitingForABackfillSlotIsCancellableAndStartsNothing() throws Exception {
        CountDownLatch stalled = new CountDownLatch(3);
        List<String> portals = List.of("tel:+15550000011", "tel:+15550000012", "tel:+15550000013", "tel:+15550000014");
        for (int p = 0; p < portals.size(); p++) {
            String record = "stall-" + p;
            assets.stall(record, stalled);
            cloud.ingestMessagePage(
                    List.of(row(portals.get(p), p, List.of(ScriptedAssetsAccess.attachment(record, 8)))),
                    List.of(),
                    List.of(),
                    null);
        }
        AttachmentPipeline pipeline = pipeline(32, Duration.ofSeconds(30));
        CancellationToken cancel = new CancellationToken();
        List<Throwable> fatal = new ArrayList<>();
        FatalErrorHandler handler = (what, e) -> fatal.add(e);
        BackfillQueue queue = new BackfillQueue(forward(pipeline, 5000), 3, handler, cancel);
        queue.start();
        portals.forEach(queue::enqueue);
        assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();

        cancel.cancel();
        assertThatThrownBy(queue::awaitIdle).isInstanceOf(CancelledException.class);
        assertThat(queue.isIdle())
                .as("awaitIdle ended without waiting for the queued work")
                .isFalse();
        assertThat(matrix.rooms).hasSize(3);
        assertThat(matrix.rooms).noneMatch(r -> r.portalId().equals("tel:+15550000014"));

        assets.releaseStalls(); // the in-flight downloads finish; nothing new starts after close
        pipeline.close();
        queue.close();
        assertThat(fatal).isEmpty();
    }
}
