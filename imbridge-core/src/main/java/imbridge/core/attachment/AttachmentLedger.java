package imbridge.core.attachment;

import java.util.Map;
import java.util.Optional;

/**
 * Where the attachment pipeline keeps what must survive a restart (behaviour.md §2.4, §2.6): the upload cache
 * {@code record_name → content} and the failure rows with their retry counts. Implemented by the store.
 */
public interface AttachmentLedger {

    /** Every cached upload of the login, by record name: for tools and tests (the pipeline reads one at a time). */
    Map<String, AttachmentContent> cachedContents();

    /** The cached upload of one attachment record, if it was uploaded before. */
    Optional<AttachmentContent> cachedContent(String recordName);

    /** Upserts the cache entry after a successful upload. */
    void saveContent(String recordName, AttachmentContent content);

    /** Every failure row of the login, by record name. */
    Map<String, AttachmentFailure> failures();

    /**
     * Upserts the failure with {@code retries + 1} (1 for a new row) and the error text.
     *
     * @return the retry count now stored
     */
    int recordFailure(String recordName, String error);

    /** A successful transfer deletes its failure row. */
    void clearFailure(String recordName);
}
