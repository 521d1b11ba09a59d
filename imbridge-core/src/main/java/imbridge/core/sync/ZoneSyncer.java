package imbridge.core.sync;

import imbridge.core.model.Zone;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceErrors;
import imbridge.core.port.CloudSourceException;
import imbridge.core.port.CloudStore;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Pages one zone from its stored token until {@code moreComing} is false. Each page is ingested
 * together with its token, so a crash resumes at the last applied page. Bounded by
 * {@code maxPagesPerZone}; a page that fails, or whose token does not advance, is retried with
 * back-off and the pass fails after {@code maxConsecutiveFailures} in a row; an expired change
 * token resets that zone and re-pulls it (idempotent upserts), at most twice per pass.
 */
final class ZoneSyncer {
    private static final Logger log = LoggerFactory.getLogger(ZoneSyncer.class);

    private final CloudStore store;
    private final SyncSettings settings;
    private final Waiter waiter;
    /** Token expiries tolerated for one zone in one pass before the pass fails (no endless re-pulls). */
    private static final int MAX_TOKEN_RESETS = 2;

    ZoneSyncer(CloudStore store, SyncSettings settings, Waiter waiter) {
        this.store = store;
        this.settings = settings;
        this.waiter = waiter;
    }

    <T> ZoneSyncResult sync(Zone zone, PageFetcher<T> fetcher, PageIngester<T> ingester, CancellationToken cancel)
            throws SyncFailedException, CancelledException {
        String token = store.syncToken(zone).orElse(null);
        log.info("sync zone={} from {}", zone.zoneName(), token == null ? "the beginning" : "saved token");
        int pages = 0;
        int resets = 0;
        int failures = 0;
        long records = 0;
        long tombstones = 0;
        long rejects = 0;
        long skipped = 0;
        while (true) {
            if (pages >= settings.maxPagesPerZone()) {
                throw new SyncFailedException(zone, "page limit " + settings.maxPagesPerZone() + " reached", null);
            }
            cancel.throwIfCancelled();
            ZonePage<T> page;
            try {
                page = fetcher.fetch(token);
            } catch (CloudSourceException e) {
                if (CloudSourceErrors.CHANGE_TOKEN_EXPIRED.equals(e.serverErrorCode())) {
                    if (++resets > MAX_TOKEN_RESETS) {
                        throw new SyncFailedException(zone, "change token expired again after " + MAX_TOKEN_RESETS
                                + " resets", e);
                    }
                    log.warn("sync zone={} change token expired: resetting the zone and re-pulling it from the "
                            + "beginning (upserts make the replay harmless)", zone.zoneName());
                    store.clearSyncToken(zone);
                    token = null;
                    continue;
                }
                failures = failed(zone, failures, e.getMessage(), e.retryAfter().orElse(null), e, cancel);
                continue;
            }
            boolean stalled = page.moreComing() && (page.syncToken() == null || page.syncToken().equals(token));
            if (stalled && page.records().isEmpty() && page.deletedRecordNames().isEmpty()) {
                // No progress: retry the same token like a failed page, so a stuck server fails the pass
                // instead of looping hot or passing as success.
                failures = failed(zone, failures, "token did not advance", null, null, cancel);
                continue;
            }
            if (!stalled) {
                failures = 0;
            }
            skipped += ingester.ingest(page);
            pages++;
            records += page.records().size();
            tombstones += page.deletedRecordNames().size();
            rejects += page.rejects().size();
            if (!page.moreComing()) {
                break;
            }
            if (stalled) {
                failures = failed(zone, failures, "token did not advance", null, null, cancel);
                continue;
            }
            token = page.syncToken();
        }
        ZoneSyncResult result = new ZoneSyncResult(zone, pages, records, tombstones, rejects, skipped);
        log.info("sync zone={} done: {}", zone.zoneName(), result);
        return result;
    }

    /** Counts a failed page attempt and waits before the retry; the third in a row fails the pass. */
    private int failed(Zone zone, int failures, String what, Duration hint, Throwable cause, CancellationToken cancel)
            throws SyncFailedException, CancelledException {
        int now = failures + 1;
        if (now >= settings.maxConsecutiveFailures()) {
            throw new SyncFailedException(zone, now + " consecutive page failures, last: " + what, cause);
        }
        Duration delay = settings.pageBackoff().delay(now, hint);
        log.warn("sync zone={} page failed ({}), retry {} in {} ms", zone.zoneName(), what, now, delay.toMillis());
        waiter.await(delay, cancel);
        return now;
    }
}
