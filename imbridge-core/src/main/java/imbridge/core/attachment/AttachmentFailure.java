package imbridge.core.attachment;

/** A persisted attachment failure (table {@code cloud_attachment_failure}, behaviour.md §2.6). */
public record AttachmentFailure(String recordName, int retries, String lastError, long updatedMs) {}
