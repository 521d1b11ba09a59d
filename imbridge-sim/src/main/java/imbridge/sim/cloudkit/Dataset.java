package imbridge.sim.cloudkit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The simulated account: one {@link ChangeLog} per zone, the owner's handles and the seed that regenerates
 * attachment bytes. Changes may be appended after the simulator started ({@link #append}, {@link #delete}) or
 * scheduled to arrive late ({@link Builder#late}); the ground truth always reflects the current live state.
 */
public final class Dataset {

    /** The account owner's handles; the first one speaks for every is-from-me message. */
    public static final List<String> OWNER_HANDLES = List.of("tel:+15550000001", "mailto:owner@icloud.com");

    private final long seed;
    private final DatasetSummary summary;
    private final List<Conversation> conversations;
    private final Map<String, ChangeLog> zones = new LinkedHashMap<>();
    private Clock clock;

    private Dataset(long seed, DatasetSummary summary, List<Conversation> conversations) {
        this.seed = seed;
        this.summary = summary;
        this.conversations = List.copyOf(conversations);
        for (String zone : Zones.ALL) {
            zones.put(zone, new ChangeLog(zone));
        }
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    public long seed() {
        return seed;
    }

    public List<String> ownerHandles() {
        return OWNER_HANDLES;
    }

    /** Sizes as generated (for hand-built datasets: the counts of the records added). */
    public DatasetSummary summary() {
        return summary;
    }

    /** The generator's plan, one entry per conversation; empty for hand-built datasets. */
    public List<Conversation> conversations() {
        return conversations;
    }

    public List<String> zoneNames() {
        return List.copyOf(zones.keySet());
    }

    public Optional<ChangeLog> findZone(String zoneName) {
        return Optional.ofNullable(zones.get(zoneName));
    }

    public ChangeLog zone(String zoneName) {
        return findZone(zoneName).orElseThrow(() -> new IllegalArgumentException("unknown zone " + zoneName));
    }

    /**
     * Starts the late-arrival clock: scheduled changes arrive once {@code clock} has advanced by their delay past
     * this moment. The simulator calls this when it starts serving; a dataset that was never started shows no
     * late changes.
     */
    public synchronized void start(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        if (this.clock != null) {
            throw new IllegalStateException("dataset already started; late changes count from the first start");
        }
        this.clock = clock;
        var now = clock.instant();
        zones.values().forEach(zone -> zone.start(clock, now));
    }

    /**
     * Every zone's history as of one instant (now on the start clock), so a reader sees late changes of all zones
     * or none of them; an unstarted dataset shows its initial history.
     */
    public synchronized Snapshot snapshot() {
        var now = clock == null ? null : clock.instant();
        Map<String, List<Change>> histories = new LinkedHashMap<>();
        zones.forEach((name, zone) -> histories.put(name, now == null ? zone.history() : zone.historyAsOf(now)));
        return new Snapshot(histories);
    }

    /** A consistent copy of every zone's history, with the live state it implies. */
    public static final class Snapshot {

        private final Map<String, List<Change>> histories;

        private Snapshot(Map<String, List<Change>> histories) {
            this.histories = Map.copyOf(histories);
        }

        public List<Change> history(String zoneName) {
            List<Change> history = histories.get(zoneName);
            if (history == null) {
                throw new IllegalArgumentException("unknown zone " + zoneName);
            }
            return history;
        }

        /** Live changes in the order their records first appeared (as {@link ChangeLog#liveChanges()}). */
        public List<Change> liveChanges(String zoneName) {
            Map<String, Change> live = new LinkedHashMap<>();
            for (Change change : history(zoneName)) {
                if (change.deleted()) {
                    live.remove(change.recordName());
                } else {
                    live.put(change.recordName(), change);
                }
            }
            return List.copyOf(live.values());
        }

        /** Live records of {@code type} in a zone; malformed records are never returned as their underlying type. */
        public <T extends CkRecord> List<T> live(String zoneName, Class<T> type) {
            List<T> records = new ArrayList<>();
            for (Change change : liveChanges(zoneName)) {
                if (type.isInstance(change.record())) {
                    records.add(type.cast(change.record()));
                }
            }
            return records;
        }
    }

    /** Late changes not yet arrived, over all zones. */
    public int pendingLateChanges() {
        return zones.values().stream().mapToInt(ChangeLog::pendingCount).sum();
    }

    /** Appends a new or updated record to its zone; returns the change sequence. */
    public long append(CkRecord record) {
        return zone(record.zoneName()).append(record);
    }

    /** Appends a tombstone; returns the change sequence. */
    public long delete(String zoneName, String recordName) {
        return zone(zoneName).appendTombstone(recordName);
    }

    public List<ChatRecord> chats() {
        return live(Zones.CHATS, ChatRecord.class);
    }

    public List<MessageRecord> messages() {
        return live(Zones.MESSAGES, MessageRecord.class);
    }

    public List<AttachmentRecord> attachments() {
        return live(Zones.ATTACHMENTS, AttachmentRecord.class);
    }

    /** The live malformed records of a zone, in change order. */
    public List<MalformedRecord> malformed(String zoneName) {
        return live(zoneName, MalformedRecord.class);
    }

    /** Live records of {@code type}; malformed records are never returned as their underlying type. */
    private <T extends CkRecord> List<T> live(String zoneName, Class<T> type) {
        List<Change> changes = zone(zoneName).liveChanges();
        List<T> records = new ArrayList<>(changes.size());
        for (Change change : changes) {
            if (type.isInstance(change.record())) {
                records.add(type.cast(change.record()));
            }
        }
        return records;
    }

    /** One planned change: a record, or (record null) a tombstone; {@code after} non-null for late arrival. */
    private record Entry(String zoneName, String recordName, CkRecord record, Duration after) {}

    /** Builds a dataset from records and tombstones given in change-history order. */
    public static final class Builder {

        private final long seed;
        private final List<Entry> entries = new ArrayList<>();
        private final List<Conversation> conversations = new ArrayList<>();
        private DatasetSummary summary;

        private Builder(long seed) {
            this.seed = seed;
        }

        public Builder add(CkRecord record) {
            entries.add(new Entry(record.zoneName(), record.recordName(), record, null));
            return this;
        }

        public Builder addAll(List<? extends CkRecord> more) {
            more.forEach(this::add);
            return this;
        }

        /** A tombstone in the initial history, after everything added so far. */
        public Builder tombstone(String zoneName, String recordName) {
            entries.add(new Entry(zoneName, Objects.requireNonNull(recordName, "recordName"), null, null));
            return this;
        }

        /** A record that arrives {@code after} the dataset started (see {@link Dataset#start}). */
        public Builder late(Duration after, CkRecord record) {
            entries.add(new Entry(record.zoneName(), record.recordName(), record, Objects.requireNonNull(after)));
            return this;
        }

        /** A tombstone that arrives {@code after} the dataset started. */
        public Builder lateTombstone(Duration after, String zoneName, String recordName) {
            entries.add(new Entry(
                    zoneName, Objects.requireNonNull(recordName, "recordName"), null, Objects.requireNonNull(after)));
            return this;
        }

        public Builder conversations(List<Conversation> planned) {
            conversations.addAll(planned);
            return this;
        }

        public Builder summary(DatasetSummary value) {
            this.summary = value;
            return this;
        }

        public Dataset build() {
            DatasetSummary effective = summary != null ? summary : countRecords();
            Dataset dataset = new Dataset(seed, effective, conversations);
            for (Entry entry : entries) {
                ChangeLog zone = dataset.zone(entry.zoneName());
                if (entry.after() == null) {
                    if (entry.record() == null) {
                        zone.appendTombstone(entry.recordName());
                    } else {
                        zone.append(entry.record());
                    }
                } else if (entry.record() == null) {
                    zone.scheduleTombstone(entry.after(), entry.recordName());
                } else {
                    zone.schedule(entry.after(), entry.record());
                }
            }
            return dataset;
        }

        /** Counts every record added (tombstones not included), malformed ones by the kind they pretend to be. */
        private DatasetSummary countRecords() {
            int chats = 0;
            int messages = 0;
            int attachments = 0;
            for (Entry entry : entries) {
                CkRecord record = entry.record() instanceof MalformedRecord m ? m.base() : entry.record();
                switch (record) {
                    case null -> {}
                    case ChatRecord c -> chats++;
                    case MessageRecord m -> messages++;
                    case AttachmentRecord a -> attachments++;
                    case MalformedRecord m -> throw new IllegalStateException("unwrapped above");
                }
            }
            return new DatasetSummary(chats, messages, attachments);
        }
    }
}
