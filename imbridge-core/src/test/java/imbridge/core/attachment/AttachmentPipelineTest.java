package imbridge.core.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.CloudAttachment;
import imbridge.core.testing.RecordingGateway;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Ticker;
import imbridge.core.util.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AttachmentPipelineTest {
    private final ScriptedAssets assets = new ScriptedAssets();
    private final RecordingGateway matrix = new RecordingGateway();
    private final InMemoryAttachmentLedger ledger = new InMemoryAttachmentLedger();
    private final AtomicInteger beats = new AtomicInteger();
    private final List<AttachmentPipeline> opened = new ArrayList<>();

    private AttachmentPipeline pipeline(int inFlight, Duration timeout) {
        return pipeline(new AttachmentPipeline.Settings(inFlight, timeout, 3, Duration.ZERO));
    }

    private AttachmentPipeline pipeline(AttachmentPipeline.Settings settings) {
        return pipeline(settings, Ticker.SYSTEM);
    }

    private AttachmentPipeline pipeline(AttachmentPipeline.Settings settings, Ticker ticker) {
        AttachmentPipeline p = new AttachmentPipeline(
                assets, matrix, ledger, settings, Clock.systemUTC(), ticker, Waiter.real(), beats::incrementAndGet);
        opened.add(p);
        return p;
    }

    @AfterEach
    void close() {
        assets.release.countDown();
        opened.forEach(AttachmentPipeline::close);
    }

    /**
     * behaviour.md W1: failures are persisted with their count; a later success clears the row and caches the content.
     */
    @Test
    void aTransientFailureIsRetriedPersistedAndClearedOnSuccess() throws Exception {
        CloudAttachment a = ScriptedAssets.attachment("rec-a", 64);
        assets.failFirst.put("rec-a", 2);
        AttachmentPipeline p = pipeline(4, Duration.ofSeconds(5));

        AttachmentOutcome outcome = p.await("portal", a);

        assertThat(outcome).isInstanceOf(AttachmentOutcome.Ready.class);
        assertThat(assets.attemptsOf("rec-a")).isEqualTo(3);
        assertThat(ledger.failures()).doesNotContainKey("rec-a");
        assertThat(ledger.cachedContents()).containsKey("rec-a");
        assertThat(beats.get()).isEqualTo(3); // every attempt stamps the heartbeat
        AttachmentStats.Snapshot s = p.stats().forPortal("portal");
        assertThat(s.attempted()).isEqualTo(3);
        assertThat(s.succeeded()).isEqualTo(1);
        assertThat(s.failedAttempts()).isEqualTo(2);
    }

    /** behaviour.md W1: after 3 failures the attachment is abandoned for good, also for a later pipeline (restart). */
    @Test
    void aPermanentlyBrokenAttachmentIsAbandonedAfterThreeAttemptsAndNeverDownloadedAgain() throws Exception {
        CloudAttachment a = ScriptedAssets.attachment("rec-b", 64);
        assets.failFirst.put("rec-b", Integer.MAX_VALUE);

        AttachmentOutcome outcome = pipeline(4, Duration.ofSeconds(5)).await("portal", a);
        assertThat(outcome).isEqualTo(new AttachmentOutcome.Abandoned("injected failure 3 of rec-b", 3));
        assertThat(ledger.failures().get("rec-b").retries()).isEqualTo(3);

        AttachmentPipeline restarted = pipeline(4, Duration.ofSeconds(5));
        assertThat(restarted.await("portal", a)).isInstanceOf(AttachmentOutcome.Abandoned.class);
        assertThat(restarted.isAbandoned("rec-b")).isTrue();
        assertThat(assets.attemptsOf("rec-b")).isEqualTo(3);
        assertThat(restarted.stats().total().attempted()).isZero();
    }

    /** A file the source knows is not on disk is given up at once: one attempt, no retries, a notice's reason. */
    @Test
    void anAssetTheSourceCannotHaveIsAbandonedAfterOneAttempt() throws Exception {
        CloudAttachment a = ScriptedAssets.attachment("rec-missing", 64);
        assets.unavailable.add("rec-missing");

        AttachmentOutcome outcome = pipeline(4, Duration.ofSeconds(5)).await("portal", a);

        assertThat(outcome).isInstanceOf(AttachmentOutcome.Abandoned.class);
        assertThat(((AttachmentOutcome.Abandoned) outcome).lastError()).startsWith("NOT_ON_DISK");
        assertThat(assets.attemptsOf("rec-missing")).isEqualTo(1);
        assertThat(ledger.failures().get("rec-missing").retries()).isEqualTo(1);
    }

    /** behaviour.md W1 across a restart: attempts spent before count; a retryable row is retried and then succeeds. */
    @Test
    void failuresPersistedBeforeARestartCountAgainstTheCap() throws Exception {
        CloudAttachment a = ScriptedAssets.attachment("rec-c", 64);
        ledger.recordFailure("rec-c", "earlier run");
        ledger.recordFailure("rec-c", "earlier run");
        assets.failFirst.put("rec-c", 1);
        AttachmentPipeline p = pipeline(4, Duration.ofSeconds(5));
        assertThat(p.hasRetryableFailure(List.of("rec-c"))).isTrue();

        assertThat(p.await("portal", a)).isInstanceOf(AttachmentOutcome.Abandoned.class);
        assertThat(assets.attemptsOf("rec-c")).isEqualTo(1);
        assertThat(p.hasRetryableFailure(List.of("rec-c"))).isFalse();
    }

    /** Warm restart (behaviour.md §11.4 scenario 3): everything cached, zero downloads. */
    @Test
    void aWarmRestartServesEveryAttachmentFromThePersistedCacheWithoutDownloading() throws Exception {
        List<CloudAttachment> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(ScriptedAssets.attachment("warm-" + i, 32 + i));
        }
        AttachmentPipeline first = pipeline(8, Duration.ofSeconds(5));
        for (CloudAttachment a : all) {
            first.prefetch("portal", a);
        }
        for (CloudAttachment a : all) {
            assertThat(first.await("portal", a)).isInstanceOf(AttachmentOutcome.Ready.class);
        }
        int downloads = assets.downloads.get();
        assertThat(downloads).isEqualTo(20);

        AttachmentPipeline warm = pipeline(8, Duration.ofSeconds(5));
        for (CloudAttachment a : all) {
            AttachmentOutcome.Ready ready = (AttachmentOutcome.Ready) warm.await("portal", a);
            assertThat(ready.content()).isEqualTo(ledger.cachedContents().get(a.recordName()));
        }
        assertThat(assets.downloads.get()).isEqualTo(downloads);
        assertThat(warm.stats().total().cacheHits()).isEqualTo(20);
    }

    /** behaviour.md W6: honest counters — 10 pending, 3 broken: uploaded 7, abandoned 3. */
    @Test
    void countersCountSuccessesNotAttempts() throws Exception {
        AttachmentPipeline p = pipeline(4, Duration.ofSeconds(5));
        List<CloudAttachment> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            CloudAttachment a = ScriptedAssets.attachment("w6-" + i, 16);
            if (i < 3) {
                assets.failFirst.put(a.recordName(), Integer.MAX_VALUE);
            }
            all.add(a);
            p.prefetch("portal", a);
        }
        for (CloudAttachment a : all) {
            p.await("portal", a);
        }
        AttachmentStats.Snapshot s = p.stats().total();
        assertThat(s.succeeded()).isEqualTo(7);
        assertThat(s.abandoned()).isEqualTo(3);
        assertThat(s.attempted()).isEqualTo(16);
        assertThat(s.failedAttempts()).isEqualTo(9);
    }

    /** behaviour.md W2/F10: 32 in flight at most, and no deadline beyond each attempt's own timeout. */
    @Test
    void neverMoreThanTheConfiguredDownloadsInFlight() throws Exception {
        AttachmentPipeline p = pipeline(5, Duration.ofSeconds(5));
        List<CloudAttachment> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            all.add(ScriptedAssets.attachment("c-" + i, 4096));
            p.prefetch("portal", all.getLast());
        }
        for (CloudAttachment a : all) {
            assertThat(p.await("portal", a)).isInstanceOf(AttachmentOutcome.Ready.class);
        }
        assertThat(assets.peak.get()).isLessThanOrEqualTo(5);
        assertThat(p.stats().total().peakInFlight()).isLessThanOrEqualTo(5);
    }

    /**
     * behaviour.md W8: a download that never returns times out, is recorded as a failure, frees its slot; others go on.
     */
    @Test
    void aStalledDownloadTimesOutFreesItsSlotAndIsRecorded() throws Exception {
        CloudAttachment stuck = ScriptedAssets.attachment("stuck", 64);
        CloudAttachment fine = ScriptedAssets.attachment("fine", 64);
        assets.stall.put("stuck", true);
        AttachmentPipeline p = pipeline(1, Duration.ofMillis(200));
        p.prefetch("portal", stuck);
        p.prefetch("portal", fine);

        assertThat(p.await("portal", fine)).isInstanceOf(AttachmentOutcome.Ready.class);
        AttachmentOutcome outcome = p.await("portal", stuck);
        assertThat(outcome).isInstanceOf(AttachmentOutcome.Abandoned.class);
        assertThat(((AttachmentOutcome.Abandoned) outcome).lastError()).contains("timed out");
        assertThat(ledger.failures().get("stuck").retries()).isEqualTo(3);
        assertThat(assets.attemptsOf("stuck")).isEqualTo(3);
    }

    /**
     * A request that gives no answer while its sender waits is hedged: the next request's bytes are used without
     * waiting for the (here five-minute) timeout, and the pair counts as one successful attempt, not a failure.
     */
    @Test
    @Timeout(60)
    void aSilentRequestIsHedgedWhileItsSenderWaits() throws Exception {
        CloudAttachment a = ScriptedAssets.attachment("silent", 64);
        assets.stallFirst.put("silent", 1);
        AttachmentPipeline p = pipeline(
                new AttachmentPipeline.Settings(4, Duration.ofMinutes(5), 3, Duration.ZERO, Duration.ofMillis(20)));

        assertThat(p.await("portal", a)).isInstanceOf(AttachmentOutcome.Ready.class);

        assertThat(assets.attemptsOf("silent")).isEqualTo(2);
        assertThat(ledger.failures()).doesNotContainKey("silent");
        assertThat(ledger.cachedContents()).containsKey("silent");
        AttachmentStats.Snapshot s = p.stats().forPortal("portal");
        assertThat(s.attempted()).isEqualTo(2);
        assertThat(s.failedAttempts()).isZero();
        assertThat(s.succeeded()).isEqualTo(1);
    }

    /**
     * A look-ahead download that stays silent is hedged too, after the longer silent delay, although no sender waits
     * for it yet: a stalled request must not hold its slot until the (here five-minute) timeout.
     */
    @Test
    @Timeout(60)
    void aStuckLookAheadDownloadIsHedgedBeforeAnySenderWaits() throws Exception {
        CloudAttachment a = ScriptedAssets.attachment("stuck-ahead", 64);
        assets.stallFirst.put("stuck-ahead", 1);
        AttachmentPipeline p = pipeline(new AttachmentPipeline.Settings(
                4, Duration.ofMinutes(5), 3, Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(200)));

        p.prefetch("portal", a);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> p.stats().forPortal("portal").succeeded() == 1);

        assertThat(assets.attemptsOf("stuck-ahead")).isEqualTo(2);
        assertThat(p.stats().forPortal("portal").failedAttempts()).isZero();
        assertThat(p.inFlight()).isZero(); // the stuck request's slot is free again
    }

    @Test
    void theSilentHedgeDelayCannotBeShorterThanTheHedgeDelay() {
        assertThatThrownBy(() -> new AttachmentPipeline.Settings(
                        4, Duration.ofMinutes(5), 3, Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("silent hedge delay");
    }

    /** At most three requests per attempt: when all stay silent the attempt times out once and is retried. */
    @Test
    @Timeout(60)
    void anAttemptRunsAtMostThreeRequestsAndTheirTimeoutIsOneFailure() throws Exception {
        CloudAttachment a = ScriptedAssets.attachment("silent3", 64);
        assets.stallFirst.put("silent3", 3);
        // The hedge delay is far above a starved thread's pause (10 ms was hedged again under load in CI): the retry's
        // request, answered at once, is never hedged
        AttachmentPipeline p = pipeline(
                new AttachmentPipeline.Settings(8, Duration.ofMillis(1500), 3, Duration.ZERO, Duration.ofMillis(300)));

        assertThat(p.await("portal", a)).isInstanceOf(AttachmentOutcome.Ready.class);

        assertThat(assets.attemptsOf("silent3")).isEqualTo(4); // three silent requests, then the retry's answer
        assertThat(p.stats().forPortal("portal").failedAttempts()).isEqualTo(1);
        assertThat(ledger.failures()).doesNotContainKey("silent3"); // cleared by the success
        assertThat(p.stats().total().peakInFlight()).isLessThanOrEqualTo(8);
    }

    /**
     * behaviour.md W5: closing stops new downloads at once; transfers waiting for a slot leave without downloading;
     * the in-flight one finishes; close returns without waiting for the rest.
     */
    @Test
    void closingStopsNewDownloadsWaitingTransfersExitAndInFlightOnesFinish() throws Exception {
        assets.stalled = new CountDownLatch(2);
        AtomicLong frozen = new AtomicLong(); // time stands still: close's grace period cannot run out
        AttachmentPipeline p =
                pipeline(new AttachmentPipeline.Settings(2, Duration.ofSeconds(30), 3, Duration.ZERO), frozen::get);
        List<CloudAttachment> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            CloudAttachment a = ScriptedAssets.attachment("s-" + i, 16);
            assets.stall.put(a.recordName(), true);
            all.add(a);
            p.prefetch("portal", a);
        }
        assertThat(assets.stalled.await(5, TimeUnit.SECONDS)).isTrue(); // two in flight, 98 waiting

        Thread closer = Thread.ofVirtual().start(p::close);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        assertThat(closer.isAlive()).isTrue(); // close is waiting for the two in-flight downloads
        assertThat(p.inFlight()).isEqualTo(2);
        assets.release.countDown();
        closer.join(5_000);
        assertThat(closer.isAlive()).isFalse();

        assertThat(assets.downloads.get()).isEqualTo(2);
        assertThat(ledger.cachedContents()).hasSize(2); // the in-flight ones finished and were kept
        assertThatThrownBy(() -> p.await("portal", all.get(50))).isInstanceOf(CancelledException.class);
        assertThatThrownBy(() -> p.await("portal", ScriptedAssets.attachment("new", 16)))
                .isInstanceOf(CancelledException.class);
        assertThat(ledger.failures()).isEmpty(); // shutdown is not a failure
    }

    /** As a service: a stop whose grace ran out interrupts the stalled downloads, and their transfers end. */
    @Test
    @Timeout(60)
    void aBoundedStopInterruptsStalledDownloadsAndTheirTransfersEnd() throws Exception {
        assets.stalled = new CountDownLatch(2);
        AtomicLong frozen = new AtomicLong(); // no time passes: only the forced phase can end the downloads
        AttachmentPipeline p =
                pipeline(new AttachmentPipeline.Settings(2, Duration.ofSeconds(30), 3, Duration.ZERO), frozen::get);
        List<CloudAttachment> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            CloudAttachment a = ScriptedAssets.attachment("stuck-" + i, 16);
            assets.stall.put(a.recordName(), true);
            all.add(a);
            p.prefetch("portal", a);
        }
        assertThat(assets.stalled.await(5, TimeUnit.SECONDS)).isTrue();

        p.stop(Duration.ZERO);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> p.inFlight() == 0);
        for (CloudAttachment a : all) {
            assertThatThrownBy(() -> p.await("portal", a)).isInstanceOf(CancelledException.class);
        }
        assertThat(assets.downloads.get())
                .as("the two waiting for a slot never started, nothing retried")
                .isEqualTo(2);
        assertThat(ledger.cachedContents()).isEmpty();
        assertThat(ledger.failures())
                .as("downloads cut short by a stop count as no failed attempt")
                .isEmpty();
        assertThat(p.name()).isEqualTo("attachment-pipeline");
    }
}
