package imbridge.sim.cloudkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The append-only change history of one zone plus the live state it implies. Records and tombstones can be
 * appended while the simulator is serving; readers see a consistent prefix.
 */
public final class ChangeLog {

    /** One page of changes and where the reader stands afterwards. */
    public record Page(List<Change> changes, long nextSequence, boolean moreComing) {
    }

    private final String zoneName;
    private final List<Change> changes = new ArrayList<>();
    private final Map<String, Change> live = new LinkedHashMap<>();

    ChangeLog(String zoneName) {
        this.zoneName = zoneName;
    }

    public String zoneName() {
        return zoneName;
    }

    /** Appends a new or updated record; returns its change sequence. */
    public synchronized long append(CkRecord record) {
        Objects.requireNonNull(record, "record");
        if (!record.zoneName().equals(zoneName)) {
            throw new IllegalArgumentException(record.recordType() + " records belong in " + record.zoneName()
                    + ", not " + zoneName);
        }
        Change change = new Change(changes.size() + 1L, record.recordName(), record);
        changes.add(change);
        live.put(record.recordName(), change);
        return change.sequence();
    }

    /** Appends a tombstone for {@code recordName} (known or not, as CloudKit does); returns its sequence. */
    public synchronized long appendTombstone(String recordName) {
        Objects.requireNonNull(recordName, "recordName");
        Change change = new Change(changes.size() + 1L, recordName, null);
        changes.add(change);
        live.remove(recordName);
        return change.sequence();
    }

    /** Sequence of the newest change, 0 for an empty zone. */
    public synchronized long currentSequence() {
        return changes.size();
    }

    /** Up to {@code limit} changes after {@code afterSequence}. */
    public synchronized Page page(long afterSequence, int limit) {
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
        return Optional.ofNullable(live.get(recordName));
    }

    /** The live (not deleted) records, each with the change that produced its current version. */
    public synchronized List<Change> liveChanges() {
        return List.copyOf(live.values());
    }
}
