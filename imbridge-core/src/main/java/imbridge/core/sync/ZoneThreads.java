package imbridge.core.sync;

import imbridge.core.lifecycle.Threads;
import imbridge.core.model.Zone;
import imbridge.core.util.CancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;

/**
 * The threads of one sync pass, one per zone (named {@code sync-zone-<zone>}, with the caller's log
 * context). The pass returns only after every zone thread ended, so no page commits after a pass
 * failed or was cancelled; closing stops whatever still runs.
 */
final class ZoneThreads implements AutoCloseable {
    /** A zone's outcome, failed or not. */
    @FunctionalInterface
    interface ZoneWork extends Callable<ZoneSyncResult> {
        @Override
        ZoneSyncResult call() throws SyncFailedException, CancelledException;
    }

    private final ExecutorService executor = Threads.workerPerTask("sync-zone");
    private final Map<String, String> mdc = MDC.getCopyOfContextMap();

    Future<ZoneSyncResult> start(Zone zone, ZoneWork work) {
        return executor.submit(() -> {
            Thread.currentThread().setName("sync-zone-" + zone.zoneName());
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            MDC.put("zone", zone.zoneName());
            try {
                return work.call();
            } finally {
                MDC.clear();
            }
        });
    }

    /**
     * Waits for every zone. The first failure stops the others (their threads are interrupted) and, once
     * all ended, the first failure in zone order is thrown; a zone that merely stopped because another
     * failed ({@link CancelledException}) is reported only when nothing else failed.
     */
    List<ZoneSyncResult> awaitAll(List<Future<ZoneSyncResult>> zones) throws SyncFailedException, CancelledException {
        List<ZoneSyncResult> results = new ArrayList<>(zones.size());
        List<Throwable> failures = new ArrayList<>();
        boolean interrupted = false;
        for (Future<ZoneSyncResult> zone : zones) {
            while (true) {
                try {
                    results.add(zone.get());
                    break;
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                    executor.shutdownNow();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the caller is stopping: stop the zones, still wait for them
                    executor.shutdownNow();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        throwFirst(failures, interrupted);
        return results;
    }

    private static void throwFirst(List<Throwable> failures, boolean interrupted)
            throws SyncFailedException, CancelledException {
        for (Throwable failure : failures) {
            switch (failure) {
                case SyncFailedException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> {}
            }
        }
        if (interrupted || !failures.isEmpty()) {
            throw new CancelledException();
        }
    }

    /** Waits for a zone another one depends on; its failure ends the dependent zone too (reported by the pass). */
    static void awaitPrerequisite(Future<ZoneSyncResult> zone) throws CancelledException {
        try {
            zone.get();
        } catch (ExecutionException e) {
            throw new CancelledException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
