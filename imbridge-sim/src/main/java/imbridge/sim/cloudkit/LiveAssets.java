package imbridge.sim.cloudkit;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Attachments of live messages, downloadable from the moment their event is pushed (before their CloudKit record
 * is written). Files the owner sent through {@code /live/v1/send} keep their uploaded bytes; generated ones are
 * regenerated from the seed like every other asset.
 */
final class LiveAssets {

    private record Entry(AttachmentRecord record, byte[] bytes) {}

    private final Map<String, Entry> byRecordName = new ConcurrentHashMap<>();

    void addGenerated(AttachmentRecord record) {
        byRecordName.put(record.recordName(), new Entry(record, null));
    }

    void addUploaded(AttachmentRecord record, byte[] bytes) {
        byRecordName.put(record.recordName(), new Entry(record, bytes.clone()));
    }

    Optional<AttachmentRecord> find(String recordName) {
        return Optional.ofNullable(byRecordName.get(recordName)).map(Entry::record);
    }

    /** The uploaded bytes of a sent file; empty for assets whose bytes are generated. */
    Optional<byte[]> uploadedBytes(String recordName) {
        Entry entry = byRecordName.get(recordName);
        return entry == null || entry.bytes() == null
                ? Optional.empty()
                : Optional.of(entry.bytes().clone());
    }
}
