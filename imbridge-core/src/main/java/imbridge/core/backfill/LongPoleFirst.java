package imbridge.core.backfill;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The download priority of look-ahead attachments across the portals backfilling at once (smaller = sooner).
 * The portal with the most parts left — the long pole, which decides when the whole backfill is done — comes
 * first: its attachment {@code d} parts ahead of its sender competes with another portal's attachment
 * {@code d - lead} parts ahead. With a lead as long as the look-ahead (the chunks read ahead) that is strict
 * priority: the others get the slots the long pole leaves free. Their senders then wait at their next
 * attachment, which costs the whole backfill nothing — the homeserver ingests events at one rate, so their
 * sends would only slow the long pole's — and they catch up once its downloads are done. A portal with at most
 * {@code smallWork} parts left (a live message, the end of a small chat) is cheap to let through and ranks
 * with the long pole, so live traffic never queues behind a backfill's look-ahead.
 *
 * <p>Keys are evaluated when a download slot is handed over, so they follow the senders as they move on.
 */
final class LongPoleFirst {
    private final long lead;
    private final long smallWork;

    private record Work(long partsLeftAtStart, AtomicLong sendPosition, AtomicLong plannedEnd) {
        long left() {
            long sent = sendPosition.get();
            return Math.max(partsLeftAtStart - sent, plannedEnd.get() - sent);
        }
    }

    private final Map<String, Work> running = new ConcurrentHashMap<>();

    /**
     * @param lead      parts of look-ahead the long pole gets before any other portal's next attachment
     * @param smallWork portals with at most this many parts left rank with the long pole
     */
    LongPoleFirst(long lead, long smallWork) {
        if (lead < 0 || smallWork < 0) {
            throw new IllegalArgumentException("lead and small work must be >= 0, got " + lead + ", " + smallWork);
        }
        this.lead = lead;
        this.smallWork = smallWork;
    }

    /**
     * @param partsLeft    estimate of the parts the portal still has to send (e.g. its messages left)
     * @param sendPosition parts its sender has passed in this run (positions of planned parts count from 0)
     */
    void started(String portalId, long partsLeft, AtomicLong sendPosition) {
        running.put(portalId, new Work(Math.max(0, partsLeft), sendPosition, new AtomicLong()));
    }

    /** The portal has planned parts up to {@code endPosition} (so at least that much work is known). */
    void planned(String portalId, long endPosition) {
        Work work = running.get(portalId);
        if (work != null) {
            work.plannedEnd.accumulateAndGet(endPosition, Math::max);
        }
    }

    void ended(String portalId) {
        running.remove(portalId);
    }

    /** The priority of the portal's planned part at {@code position}: smaller is downloaded sooner. */
    long key(String portalId, long position) {
        Work work = running.get(portalId);
        long ahead = work == null ? position : Math.max(0, position - work.sendPosition.get());
        boolean first = work != null && work.left() <= smallWork || isLongPole(portalId);
        return first ? ahead : lead + ahead;
    }

    /** Whether no other running portal has more parts left (ties: each of them counts as a long pole). */
    boolean isLongPole(String portalId) {
        Work mine = running.get(portalId);
        if (mine == null) {
            return false;
        }
        long left = mine.left();
        for (Map.Entry<String, Work> other : running.entrySet()) {
            if (!other.getKey().equals(portalId) && other.getValue().left() > left) {
                return false;
            }
        }
        return true;
    }
}
