package imbridge.app.demo;

import imbridge.core.backfill.BackfillProgress;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Passes progress on and remembers, per portal, when its forward backfill started and last sent parts. */
final class BackfillTimings implements BackfillProgress {
    private final BackfillProgress next;
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();
    private final Map<String, Long> partsSent = new ConcurrentHashMap<>();
    private final SendParity parity = new SendParity();

    BackfillTimings(BackfillProgress next) {
        this.next = next;
    }

    @Override
    public void portalStarted(String portalId, long messages) {
        started.putIfAbsent(portalId, System.currentTimeMillis());
        next.portalStarted(portalId, messages);
    }

    @Override
    public void partsSent(String portalId, int parts) {
        long now = System.currentTimeMillis();
        lastSent.put(portalId, now);
        parity.sent(portalId, parts, now);
        partsSent.merge(portalId, (long) parts, Long::sum);
        next.partsSent(portalId, parts);
    }

    @Override
    public void portalFinished(String portalId, boolean ok, String error) {
        next.portalFinished(portalId, ok, error);
    }

    /** Wall-clock ms when the portal's first forward backfill started, 0 if never. */
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
