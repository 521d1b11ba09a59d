package imbridge.sim.cloudkit;

import java.util.Objects;

/**
 * An {@code attachment} record of {@code attachmentManateeZone}. Its bytes are never stored: they are
 * regenerated from (dataset seed, record name) by {@link AssetBytes} whenever they are needed.
 *
 * @param sha256 hex SHA-256 of the asset bytes, published as {@code lqa.fileChecksum}
 * @param opus   for a voice note holding Opus: its packets' truth (what a remux to Ogg Opus must carry); else null
 */
public record AttachmentRecord(
        String recordName,
        String guid,
        String mime,
        String uti,
        String filename,
        int size,
        String sha256,
        CafVoiceNote.OpusPackets opus)
        implements CkRecord {

    public static final String TYPE = "attachment";

    public AttachmentRecord {
        Objects.requireNonNull(recordName, "recordName");
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(mime, "mime");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
    }

    public AttachmentRecord(
            String recordName, String guid, String mime, String uti, String filename, int size, String sha256) {
        this(recordName, guid, mime, uti, filename, size, sha256, null);
    }

    /** An attachment whose checksum (and, for an Opus voice note, packet truth) matches what {@link AssetBytes} generates. */
    public static AttachmentRecord generated(
            long seed, String recordName, String guid, String mime, String uti, String filename, int size) {
        String sha256 = AssetBytes.sha256Hex(AssetBytes.generate(seed, recordName, mime, size));
        return new AttachmentRecord(
                recordName,
                guid,
                mime,
                uti,
                filename,
                size,
                sha256,
                AssetBytes.opusPackets(seed, recordName, mime, size));
    }

    @Override
    public String recordType() {
        return TYPE;
    }

    @Override
    public String zoneName() {
        return Zones.ATTACHMENTS;
    }
}
