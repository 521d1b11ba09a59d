package imbridge.core.sync;

import imbridge.core.lifecycle.Threads;
import imbridge.core.model.Zone;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudStore;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Pages one zone from its stored token until {@code moreComing} is false. Each page is ingested
 * together with its token, so a crash resumes at the last applied page. The pages are fetched
 * ahead by a {@link ZoneFetchLoop} on a thread this syncer owns for the call (retry, stall, expiry
 * and page-limit rules live there); this thread applies them strictly in order. A page fetched but
 * not committed before a crash is simply fetched again from the stored token.
 */
final class ZoneSyncer {
    private static final Logger log = LoggerFactory.getLogger(ZoneSyncer.class);
    /**
     * Pages waiting between fetcher and ingester. With the page the fetcher holds while the queue is full,
     * at most two pages are fetched ahead of the one being committed: enough to hide a round trip, small
     * enough for the 256 MiB heap of a million-message account.
     */
    static final int QUEUED_PAGES = 1;
    /** How long a stopped fetch thread may take to notice (an HTTP request in flight ends on interrupt). */
    private static final long FETCH_SHUTDOWN_SECONDS = 30;

    /** Runs before the first page is committed (e.g. messages wait for the chats zone); may block. */
    @FunctionalInterface
    interface BeforeFirstPage {
        BeforeFirstPage NONE = () -> {};

        void await() throws SyncFailedException, CancelledException;
    }

    private final CloudStore store;
    private final SyncSettings settings;
    private final Waiter waiter;
    /** Set once the bridge has a metrics registry; pages are counted as they commit. */
    volatile SyncMeters meters = SyncMeters.NONE;

    ZoneSyncer(CloudStore store, SyncSettings settings, Waiter waiter) {
        this.store = store;
        this.settings = settings;
        this.waiter = waiter;
    }

    <T> ZoneSyncResult sync(Zone zone, PageFetcher<T> fetcher, PageIngester<T> ingester, CancellationToken cancel)
            throws SyncFailedException, CancelledException {
        return sync(zone, fetcher, ingester, cancel, BeforeFirstPage.NONE);
    }

    <T> ZoneSyncResult sync(
            Zone zone,
            PageFetcher<T> fetcher,
            PageIngester<T> ingester,
            CancellationToken cancel,
            BeforeFirstPage beforeFirstPage)
            throws SyncFailedException, CancelledException {
        String token = store.syncToken(zone).orElse(null);
        log.info("sync zone={} from {}", zone.zoneName(), token == null ? "the beginning" : "saved token");
        BlockingQueue<FetchStep<T>> steps = new ArrayBlockingQueue<>(QUEUED_PAGES);
        ExecutorService fetchThread = Threads.singleWorker("sync-fetch-" + zone.zoneName());
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        ZoneFetchLoop<T> loop = new ZoneFetchLoop<>(zone, token, fetcher, steps, settings, waiter, cancel);
        fetchThread.execute(() -> {
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            loop.run();
        });
        try {
            return ingestAll(zone, steps, ingester, cancel, beforeFirstPage);
        } finally {
            stop(zone, fetchThread);
        }
    }

    private <T> ZoneSyncResult ingestAll(
            Zone zone,
            BlockingQueue<FetchStep<T>> steps,
            PageIngester<T> ingester,
            CancellationToken cancel,
            BeforeFirstPage beforeFirstPage)
            throws SyncFailedException, CancelledException {
        Counts counts = new Counts();
        boolean ready = false;
        while (true) {
            switch (next(steps)) {
                case FetchStep.Page<T> p -> {
                    if (!ready) {
                        beforeFirstPage.await();
                        ready = true;
                    }
                    cancel.throwIfCancelled();
                    counts.add(p.page(), p.fetchCpuNanos(), ingestTimed(ingester, p.page(), counts));
                    meters.pageCommitted(zone, p.page());
                }
                case FetchStep.Reset<T> r -> store.clearSyncToken(zone);
                case FetchStep.Done<T> d -> {
                    ZoneSyncResult result = counts.result(zone);
                    log.info("sync zone={} done: {}", zone.zoneName(), result);
                    return result;
                }
                case FetchStep.Failed<T> f -> throw f.error();
                case FetchStep.Cancelled<T> c -> throw new CancelledException();
                case FetchStep.Crashed<T> c -> throw c.error();
            }
        }
    }

    private static <T> long ingestTimed(PageIngester<T> ingester, ZonePage<T> page, Counts counts) {
        long before = ThreadCpu.nanos();
        long skipped = ingester.ingest(page);
        counts.ingestCpuNanos += ThreadCpu.nanos() - before;
        return skipped;
    }

    private static <T> FetchStep<T> next(BlockingQueue<FetchStep<T>> steps) throws CancelledException {
        try {
            return steps.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    /** Stops the prefetch (a page it holds is dropped: it was never committed) and waits for the thread. */
    private static void stop(Zone zone, ExecutorService fetchThread) {
        fetchThread.shutdownNow();
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    if (!fetchThread.awaitTermination(FETCH_SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
                        log.warn(
                                "sync zone={} fetch thread still running {} s after stop; it writes nothing, "
                                        + "leaving it",
                                zone.zoneName(),
                                FETCH_SHUTDOWN_SECONDS);
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Running totals of one zone's committed pages. */
    private static final class Counts {
        int pages;
        long records;
        long tombstones;
        long rejects;
        long skipped;
        long fetchCpuNanos;
        long ingestCpuNanos;

        void add(ZonePage<?> page, long fetchCpu, long skippedOnPage) {
            pages++;
            records += page.records().size();
            tombstones += page.deletedRecordNames().size();
            rejects += page.rejects().size();
            skipped += skippedOnPage;
            fetchCpuNanos += fetchCpu;
        }

        ZoneSyncResult result(Zone zone) {
            return new ZoneSyncResult(
                    zone, pages, records, tombstones, rejects, skipped, fetchCpuNanos, ingestCpuNanos);
        }
    }
}
