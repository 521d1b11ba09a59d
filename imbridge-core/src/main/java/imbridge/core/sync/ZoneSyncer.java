package imbridge.core.sync;

import imbridge.core.model.Zone;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceException;
import imbridge.core.port.CloudStore;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;

/**
 * Pages one zone from its stored token until {@code moreComing} is false. Each page is ingested
 * together with its token, so a crash resumes at the last applied page. Bounded by
 * {@code maxPagesPerZone}; a token that stops advancing ends the loop; a page is retried with
 * back-off and the pass fails after {@code maxConsecutiveFailures} failures in a row.
 */
final class ZoneSyncer {
    private static final Logger log = LoggerFactory.getLogger(ZoneSyncer.class);

    private final CloudStore store;
    private final SyncSettings settings;
    private final Waiter waiter;

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
        long records = 0;
        long tombstones = 0;
        long rejects = 0;
        long skipped = 0;
        while (true) {
            if (pages >= settings.maxPagesPerZone()) {
                throw new SyncFailedException(zone, "page limit " + settings.maxPagesPerZone() + " reached", null);
            }
            ZonePage<T> page = fetchWithRetry(zone, fetcher, token, cancel);
            skipped += ingester.ingest(page);
            pages++;
            records += page.records().size();
            tombstones += page.deletedRecordNames().size();
            rejects += page.rejects().size();
            if (!page.moreComing()) {
                break;
            }
            if (page.syncToken() == null || Objects.equals(page.syncToken(), token)) {
                log.warn("sync zone={} token did not advance after page {}; stopping this pass", zone.zoneName(),
                        pages);
                break;
            }
            token = page.syncToken();
        }
        ZoneSyncResult result = new ZoneSyncResult(zone, pages, records, tombstones, rejects, skipped);
        log.info("sync zone={} done: {}", zone.zoneName(), result);
        return result;
    }

    private <T> ZonePage<T> fetchWithRetry(Zone zone, PageFetcher<T> fetcher, String token, CancellationToken cancel)
            throws SyncFailedException, CancelledException {
        int failures = 0;
        while (true) {
            cancel.throwIfCancelled();
            try {
                return fetcher.fetch(token);
            } catch (CloudSourceException e) {
                failures++;
                if (failures >= settings.maxConsecutiveFailures()) {
                    throw new SyncFailedException(zone, failures + " consecutive page failures", e);
                }
                Duration delay = settings.pageBackoff().delay(failures, e.retryAfter().orElse(null));
                log.warn("sync zone={} page failed ({}), retry {} in {} ms", zone.zoneName(), e.getMessage(),
                        failures, delay.toMillis());
                waiter.await(delay, cancel);
            }
        }
    }
}
