package imbridge.core.model;

/** Attachment metadata from the {@code attachment} record; the bytes are fetched from {@code downloadUrl}. */
public record CloudAttachment(
        String recordName,
        String guid,
        String mimeType,
        String uti,
        String filename,
        long size,
        String checksumSha256,
        String downloadUrl) {}
