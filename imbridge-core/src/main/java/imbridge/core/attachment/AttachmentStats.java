package imbridge.core.attachment;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Honest counters (behaviour.md W6): attempts, and separately the transfers that succeeded and the attachments
 * abandoned; overall and per portal (for the demo's big-chat figures).
 */
public final class AttachmentStats {

    /**
     * @param attempted      download attempts started
     * @param succeeded      attachments downloaded, verified and uploaded
     * @param failedAttempts attempts that failed (each one is a failure row increment)
     * @param abandoned      attachments given up after their retries
     * @param cacheHits      attachments served from the upload cache without a download
     * @param peakInFlight   most downloads in flight at once
     * @param firstAttemptMs clock time of the first attempt, 0 if none
     * @param lastAttemptMs  clock time the last attempt ended, 0 if none
     */
    public record Snapshot(
            long attempted,
            long succeeded,
            long failedAttempts,
            long abandoned,
            long cacheHits,
            int peakInFlight,
            long firstAttemptMs,
            long lastAttemptMs) {
        public long failed() {
            return attempted - succeeded;
        }
    }

    private static final class Counters {
        final AtomicLong attempted = new AtomicLong();
        final AtomicLong succeeded = new AtomicLong();
        final AtomicLong failedAttempts = new AtomicLong();
        final AtomicLong abandoned = new AtomicLong();
        final AtomicLong cacheHits = new AtomicLong();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final AtomicLong first = new AtomicLong();
        final AtomicLong last = new AtomicLong();

        void started(long now) {
            attempted.incrementAndGet();
            first.compareAndSet(0, now);
            int n = inFlight.incrementAndGet();
            peak.accumulateAndGet(n, Math::max);
        }

        void ended(long now) {
            inFlight.decrementAndGet();
            last.accumulateAndGet(now, Math::max);
        }

        Snapshot snapshot() {
            return new Snapshot(
                    attempted.get(),
                    succeeded.get(),
                    failedAttempts.get(),
                    abandoned.get(),
                    cacheHits.get(),
                    peak.get(),
                    first.get(),
                    last.get());
        }
    }

    private final Counters total = new Counters();
    private final Map<String, Counters> byPortal = new ConcurrentHashMap<>();

    private Counters portal(String portalId) {
        return byPortal.computeIfAbsent(portalId == null ? "" : portalId, k -> new Counters());
    }

    void started(String portalId, long now) {
        total.started(now);
        portal(portalId).started(now);
    }

    void ended(String portalId, long now) {
        total.ended(now);
        portal(portalId).ended(now);
    }

    void succeeded(String portalId) {
        total.succeeded.incrementAndGet();
        portal(portalId).succeeded.incrementAndGet();
    }

    void failedAttempt(String portalId) {
        total.failedAttempts.incrementAndGet();
        portal(portalId).failedAttempts.incrementAndGet();
    }

    void abandoned(String portalId) {
        total.abandoned.incrementAndGet();
        portal(portalId).abandoned.incrementAndGet();
    }

    void cacheHit(String portalId) {
        total.cacheHits.incrementAndGet();
        portal(portalId).cacheHits.incrementAndGet();
    }

    public Snapshot total() {
        return total.snapshot();
    }

    /** The portal's counters (all zero if it never needed an attachment). */
    public Snapshot forPortal(String portalId) {
        Counters c = byPortal.get(portalId);
        return c == null ? new Counters().snapshot() : c.snapshot();
    }
}
