package imbridge.core.attachment;

/** How an attachment ended: uploaded (fresh or from the cache), or abandoned after its retries. */
public sealed interface AttachmentOutcome permits AttachmentOutcome.Ready, AttachmentOutcome.Abandoned {

    record Ready(AttachmentContent content) implements AttachmentOutcome {}

    /** No further download will be tried; the message goes text-only with a notice in the part's place. */
    record Abandoned(String lastError, int attempts) implements AttachmentOutcome {}
}
