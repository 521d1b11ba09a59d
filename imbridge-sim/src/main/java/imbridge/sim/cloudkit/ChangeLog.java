package imbridge.sim.cloudkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The append-only change history of one zone plus the live state it implies. Records and tombstones can be
 * appended while the simulator is serving; readers see a consistent prefix.
 *
 * <p>Changes can also be scheduled to arrive late: they join the history (getting the next sequence numbers) the
 * first time the zone is read at or after {@code start + after}, in the order they were scheduled. Until the zone
 * is {@linkplain #start started} scheduled changes stay invisible.
 */
public final class ChangeLog {

    /** One page of changes and where the reader stands afterwards. */
    public record Page(List<Change> changes, long nextSequence, boolean moreComing) {}

    /** A change waiting for its time; {@code record} null means a tombstone of {@code recordName}. */
    private record Scheduled(Duration after, String recordName, CkRecord record) {}

    private final String zoneName;
    private final List<Change> changes = new ArrayList<>();
    private final Map<String, Change> live = new LinkedHashMap<>();
    private final List<Scheduled> scheduled = new ArrayList<>();
    private Clock clock;
    private Instant startedAt;

    ChangeLog(String zoneName) {
        this.zoneName = zoneName;
    }

    public String zoneName() {
        return zoneName;
    }

    /** Appends a new or updated record; returns its change sequence. */
    public synchronized long append(CkRecord record) {
        releaseDue();
        checkZone(record);
        return add(record.recordName(), record);
    }

    /** Appends a tombstone for {@code recordName} (known or not, as CloudKit does); returns its sequence. */
    public synchronized long appendTombstone(String recordName) {
        Objects.requireNonNull(recordName, "recordName");
        releaseDue();
        return add(recordName, null);
    }

    /** Schedules a record to arrive {@code after} the zone started. */
    public synchronized void schedule(Duration after, CkRecord record) {
        checkZone(record);
        scheduled.add(new Scheduled(checkDelay(after), record.recordName(), record));
    }

    /** Schedules a tombstone of {@code recordName} to arrive {@code after} the zone started. */
    public synchronized void scheduleTombstone(Duration after, String recordName) {
        Objects.requireNonNull(recordName, "recordName");
        scheduled.add(new Scheduled(checkDelay(after), recordName, null));
    }

    /** From now on scheduled changes arrive once {@code clock} reaches {@code startedAt + after}. */
    synchronized void start(Clock timeSource, Instant startInstant) {
        this.clock = Objects.requireNonNull(timeSource, "clock");
        this.startedAt = Objects.requireNonNull(startInstant, "startedAt");
    }

    /** Scheduled changes that have not arrived yet. */
    public synchronized int pendingCount() {
        releaseDue();
        return scheduled.size();
    }

    /** Sequence of the newest change, 0 for an empty zone. */
    public synchronized long currentSequence() {
        releaseDue();
        return changes.size();
    }

    /** Up to {@code limit} changes after {@code afterSequence}. */
    public synchronized Page page(long afterSequence, int limit) {
        releaseDue();
        if (afterSequence < 0 || afterSequence > changes.size()) {
            throw new IllegalArgumentException("sequence " + afterSequence + " outside 0.." + changes.size());
        }
        int from = (int) afterSequence;
        int to = (int) Math.min(changes.size(), afterSequence + limit);
        List<Change> slice = List.copyOf(changes.subList(from, to));
        return new Page(slice, to, to < changes.size());
    }

    /** The live version of a record; empty if it never existed or was deleted. */
    public synchronized Optional<Change> lookup(String recordName) {
        releaseDue();
        return Optional.ofNullable(live.get(recordName));
    }

    /** The live (not deleted) records, each with the change that produced its current version. */
    public synchronized List<Change> liveChanges() {
        releaseDue();
        return List.copyOf(live.values());
    }

    /** Every change that has arrived, in sequence order (records, their later versions and tombstones). */
    public synchronized List<Change> history() {
        releaseDue();
        return List.copyOf(changes);
    }

    /** The history as of {@code now}: changes due by then are released first, none due later. */
    synchronized List<Change> historyAsOf(Instant now) {
        releaseDue(now);
        return List.copyOf(changes);
    }

    private long add(String recordName, CkRecord record) {
        Change change = new Change(changes.size() + 1L, recordName, record);
        changes.add(change);
        if (record == null) {
            live.remove(recordName);
        } else {
            live.put(recordName, change);
        }
        return change.sequence();
    }

    private void releaseDue() {
        if (startedAt != null) {
            releaseDue(clock.instant());
        }
    }

    private void releaseDue(Instant now) {
        if (startedAt == null || scheduled.isEmpty()) {
            return;
        }
        for (Iterator<Scheduled> it = scheduled.iterator(); it.hasNext(); ) {
            Scheduled next = it.next();
            if (!now.isBefore(startedAt.plus(next.after()))) {
                add(next.recordName(), next.record());
                it.remove();
            }
        }
    }

    private void checkZone(CkRecord record) {
        Objects.requireNonNull(record, "record");
        if (!record.zoneName().equals(zoneName)) {
            throw new IllegalArgumentException(
                    record.recordType() + " records belong in " + record.zoneName() + ", not " + zoneName);
        }
    }

    private static Duration checkDelay(Duration after) {
        Objects.requireNonNull(after, "after");
        if (after.isNegative()) {
            throw new IllegalArgumentException("a late change cannot arrive before the start: " + after);
        }
        return after;
    }
}
