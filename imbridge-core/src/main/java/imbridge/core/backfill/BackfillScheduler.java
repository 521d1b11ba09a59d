package imbridge.core.backfill;

import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.PortalCandidate;
import imbridge.core.port.CloudStore;
import imbridge.core.sync.FatalErrorHandler;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Discovers portals (those with cached messages, newest first) and runs their forward backfills,
 * at most {@code maxConcurrentForward} at once. Workers take the next portal from a queue, so no
 * portal waits on a lock it cannot leave: cancellation ends every worker at its next step.
 */
public final class BackfillScheduler {
    private static final Logger log = LoggerFactory.getLogger(BackfillScheduler.class);

    private final CloudStore cloud;
    private final ForwardBackfill forward;
    private final BackfillSettings settings;
    private final FatalErrorHandler fatal;

    public BackfillScheduler(CloudStore cloud, ForwardBackfill forward, BackfillSettings settings,
                             FatalErrorHandler fatal) {
        this.cloud = cloud;
        this.forward = forward;
        this.settings = settings;
        this.fatal = fatal;
    }

    public BackfillSummary runAll(CancellationToken cancel) throws CancelledException {
        List<PortalCandidate> candidates = cloud.portalCandidates();
        log.info("portal discovery: {} portals with history", candidates.size());
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
        candidates.forEach(c -> queue.add(c.portalId()));
        AtomicInteger done = new AtomicInteger();
        List<String> failed = Collections.synchronizedList(new ArrayList<>());
        int workers = Math.max(1, Math.min(settings.maxConcurrentForward(), candidates.size()));
        List<Thread> threads = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofVirtual().name("forward-backfill-" + w).start(() -> {
                String portalId;
                while (!cancel.isCancelled() && (portalId = queue.poll()) != null) {
                    try {
                        BackfillState state = forward.run(portalId, cancel);
                        if (state.status() == BackfillStatus.DONE) {
                            done.incrementAndGet();
                        } else {
                            failed.add(portalId);
                        }
                    } catch (CancelledException e) {
                        return;
                    } catch (RuntimeException e) {
                        failed.add(portalId);
                        fatal.onFatal("forward backfill of " + portalId, e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel.cancel();
                throw new CancelledException();
            }
        }
        cancel.throwIfCancelled();
        return new BackfillSummary(candidates.size(), done.get(), List.copyOf(failed));
    }
}
