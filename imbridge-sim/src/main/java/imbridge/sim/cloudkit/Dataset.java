package imbridge.sim.cloudkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated account: one {@link ChangeLog} per zone, the owner's handles and the seed that regenerates
 * attachment bytes. Changes may be appended after the simulator started ({@link #append}, {@link #delete});
 * the ground truth always reflects the current live state.
 */
public final class Dataset {

    /** The account owner's handles; the first one speaks for every is-from-me message. */
    public static final List<String> OWNER_HANDLES = List.of("tel:+15550000001", "mailto:owner@icloud.com");

    private final long seed;
    private final DatasetSummary summary;
    private final List<Conversation> conversations;
    private final Map<String, ChangeLog> zones = new LinkedHashMap<>();

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

    private <T extends CkRecord> List<T> live(String zoneName, Class<T> type) {
        List<Change> changes = zone(zoneName).liveChanges();
        List<T> records = new ArrayList<>(changes.size());
        for (Change change : changes) {
            records.add(type.cast(change.record()));
        }
        return records;
    }

    /** Builds a dataset from records given in change-history order. */
    public static final class Builder {

        private final long seed;
        private final List<CkRecord> records = new ArrayList<>();
        private final List<Conversation> conversations = new ArrayList<>();
        private DatasetSummary summary;

        private Builder(long seed) {
            this.seed = seed;
        }

        public Builder add(CkRecord record) {
            records.add(record);
            return this;
        }

        public Builder addAll(List<? extends CkRecord> more) {
            records.addAll(more);
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
            for (CkRecord record : records) {
                dataset.append(record);
            }
            return dataset;
        }

        private DatasetSummary countRecords() {
            int chats = 0;
            int messages = 0;
            int attachments = 0;
            for (CkRecord record : records) {
                switch (record) {
                    case ChatRecord c -> chats++;
                    case MessageRecord m -> messages++;
                    case AttachmentRecord a -> attachments++;
                }
            }
            return new DatasetSummary(chats, messages, attachments);
        }
    }
}
