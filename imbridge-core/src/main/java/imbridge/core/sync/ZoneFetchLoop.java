package imbridge.core.sync;

import imbridge.core.model.Zone;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceErrors;
import imbridge.core.port.CloudSourceException;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Retry;
import imbridge.core.util.Waiter;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetching half of a zone's sync, on its own thread: follows the tokens from {@code startToken}
 * and hands every page to the ingester through a small bounded queue, so page n+1 is fetched while
 * page n is decoded into rows and committed. The retry rules are the zone's: a failed page, or one
 * whose token does not advance, is retried with back-off and the zone fails after
 * {@code maxConsecutiveFailures} in a row; an expired change token restarts the zone from the
 * beginning (at most {@link #MAX_TOKEN_RESETS} times per pass); {@code maxPagesPerZone} bounds the loop.
 * It never writes to the store: the reset of the stored token is a step the ingester applies in order.
 */
final class ZoneFetchLoop<T> implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ZoneFetchLoop.class);
    /** Token expiries tolerated for one zone in one pass before the pass fails (no endless re-pulls). */
    static final int MAX_TOKEN_RESETS = 2;

    private final Zone zone;
    private final String startToken;
    private final PageFetcher<T> fetcher;
    private final BlockingQueue<FetchStep<T>> out;
    private final SyncSettings settings;
    private final Waiter waiter;
    private final CancellationToken cancel;

    ZoneFetchLoop(
            Zone zone,
            String startToken,
            PageFetcher<T> fetcher,
            BlockingQueue<FetchStep<T>> out,
            SyncSettings settings,
            Waiter waiter,
            CancellationToken cancel) {
        this.zone = zone;
        this.startToken = startToken;
        this.fetcher = fetcher;
        this.out = out;
        this.settings = settings;
        this.waiter = waiter;
        this.cancel = cancel;
    }

    @Override
    public void run() {
        try {
            FetchStep<T> last;
            try {
                fetchAll();
                last = new FetchStep.Done<>();
            } catch (SyncFailedException e) {
                last = new FetchStep.Failed<>(e);
            } catch (CancelledException e) {
                last = new FetchStep.Cancelled<>();
            } catch (RuntimeException e) {
                last = new FetchStep.Crashed<>(e);
            }
            out.put(last);
        } catch (InterruptedException e) {
            // The ingester left (it failed, or the pass is shutting down): nobody reads what we would fetch.
            Thread.currentThread().interrupt();
        }
    }

    private void fetchAll() throws SyncFailedException, CancelledException, InterruptedException {
        String token = startToken;
        int pages = 0;
        int resets = 0;
        Retry retry = new Retry(settings.pageBackoff(), settings.maxConsecutiveFailures(), waiter, cancel);
        while (true) {
            if (pages >= settings.maxPagesPerZone()) {
                throw new SyncFailedException(zone, "page limit " + settings.maxPagesPerZone() + " reached", null);
            }
            cancel.throwIfCancelled();
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            ZonePage<T> page;
            long cpuBefore = ThreadCpu.nanos();
            try {
                page = fetcher.fetch(token);
            } catch (CloudSourceException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException(); // the transport gave up because we were told to stop
                }
                if (CloudSourceErrors.CHANGE_TOKEN_EXPIRED.equals(e.serverErrorCode())) {
                    if (++resets > MAX_TOKEN_RESETS) {
                        throw new SyncFailedException(
                                zone, "change token expired again after " + MAX_TOKEN_RESETS + " resets", e);
                    }
                    log.warn(
                            "sync zone={} change token expired: resetting the zone and re-pulling it from the "
                                    + "beginning (upserts make the replay harmless)",
                            zone.zoneName());
                    out.put(new FetchStep.Reset<>());
                    token = null;
                    continue;
                }
                failed(retry, e.getMessage(), e.retryAfter().orElse(null), e);
                continue;
            }
            long cpu = ThreadCpu.nanos() - cpuBefore;
            boolean stalled = page.moreComing()
                    && (page.syncToken() == null || page.syncToken().equals(token));
            if (stalled && page.records().isEmpty() && page.deletedRecordNames().isEmpty()) {
                // No progress: retry the same token like a failed page, so a stuck server fails the pass
                // instead of looping hot or passing as success.
                failed(retry, "token did not advance", null, null);
                continue;
            }
            if (!stalled) {
                retry.succeeded();
            }
            out.put(new FetchStep.Page<>(page, cpu)); // blocks while the look-ahead is full: bounded memory
            pages++;
            if (!page.moreComing()) {
                return;
            }
            if (stalled) {
                failed(retry, "token did not advance", null, null);
                continue;
            }
            token = page.syncToken();
        }
    }

    /** Counts a failed page attempt and waits before the retry; the last allowed one fails the zone. */
    private void failed(Retry retry, String what, Duration hint, Throwable cause)
            throws SyncFailedException, CancelledException {
        if (!retry.failed()) {
            throw new SyncFailedException(zone, retry.failures() + " consecutive page failures, last: " + what, cause);
        }
        Duration delay = retry.delay(hint);
        log.warn(
                "sync zone={} page failed ({}), retry {} in {} ms",
                zone.zoneName(),
                what,
                retry.failures(),
                delay.toMillis());
        retry.pause(delay);
    }
}
