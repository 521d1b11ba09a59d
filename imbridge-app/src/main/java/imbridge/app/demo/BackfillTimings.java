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
        lastSent.put(portalId, System.currentTimeMillis());
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

    long partsSent(String portalId) {
        return partsSent.getOrDefault(portalId, 0L);
    }
}
