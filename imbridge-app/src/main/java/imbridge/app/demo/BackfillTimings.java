package imbridge.app.demo;

import imbridge.core.backfill.BackfillProgress;
import imbridge.core.util.Ticker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes progress on and remembers, per portal, when its forward backfill started and last sent parts, and when its
 * history was first committed (for the live latency report). Times are read from the demo's ticker: milliseconds
 * ({@code nanos / 1e6}) for the backfill spans, nanoseconds for the history commits, which the live latency report
 * joins with the simulator's push times, so the ticker must be {@link Ticker#SYSTEM} there.
 */
final class BackfillTimings implements BackfillProgress {
    private final BackfillProgress next;
    private final Ticker ticker;
    private final Map<String, Long> historyCommittedNanos = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean anyStarted =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Runnable onFirstStart = () -> {};
    private volatile String triggerPortal;
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();
    private final Map<String, Long> partsSent = new ConcurrentHashMap<>();
    private final SendParity parity = new SendParity();

    BackfillTimings(BackfillProgress next, Ticker ticker) {
        this.next = next;
        this.ticker = ticker;
    }

    private long nowMs() {
        return ticker.nanos() / 1_000_000;
    }

    /** Runs once, when the forward backfill of {@code portalId} starts (of any portal when null). */
    BackfillTimings onStartOf(String portalId, Runnable action) {
        this.triggerPortal = portalId;
        this.onFirstStart = action;
        return this;
    }

    @Override
    public void portalStarted(String portalId, long messages) {
        if ((triggerPortal == null || triggerPortal.equals(portalId)) && anyStarted.compareAndSet(false, true)) {
            onFirstStart.run();
        }
        started.putIfAbsent(portalId, nowMs());
        next.portalStarted(portalId, messages);
    }

    @Override
    public void partsSent(String portalId, int parts) {
        long now = nowMs();
        lastSent.put(portalId, now);
        parity.sent(portalId, parts, now);
        partsSent.merge(portalId, (long) parts, Long::sum);
        next.partsSent(portalId, parts);
    }

    @Override
    public void portalFinished(String portalId, boolean ok, String error) {
        next.portalFinished(portalId, ok, error);
    }

    @Override
    public void historyCommitted(String portalId) {
        historyCommittedNanos.putIfAbsent(portalId, ticker.nanos());
        next.historyCommitted(portalId);
    }

    /** The ticker's nanoseconds when the portal's history was first committed, or null if it never was. */
    Long historyCommittedNanos(String portalId) {
        return historyCommittedNanos.get(portalId);
    }

    /** The ticker's ms when the portal's first forward backfill started, 0 if never. */
    long startedMs(String portalId) {
        return started.getOrDefault(portalId, 0L);
    }

    long lastSentMs(String portalId) {
        return lastSent.getOrDefault(portalId, 0L);
    }

    /** The backfill's sends in windows, for the homeserver parity. */
    SendParity parity() {
        return parity;
    }

    /** All parts the forward backfill sent, and the most one portal sent. */
    long totalPartsSent() {
        return partsSent.values().stream().mapToLong(Long::longValue).sum();
    }

    long largestPortalParts() {
        return partsSent.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    long partsSent(String portalId) {
        return partsSent.getOrDefault(portalId, 0L);
    }
}
