package imbridge.core.sync;

/**
 * Counters of one successful pass.
 *
 * @param wallMs the pass's wall time on the engine's clock, zones fetched and ingested concurrently
 */
public record SyncPassResult(ZoneSyncResult attachments, ZoneSyncResult chats, ZoneSyncResult messages, long wallMs) {

    public SyncPassResult(ZoneSyncResult attachments, ZoneSyncResult chats, ZoneSyncResult messages) {
        this(attachments, chats, messages, 0);
    }

    public long totalRecords() {
        return attachments.records() + chats.records() + messages.records();
    }

    public int totalPages() {
        return attachments.pages() + chats.pages() + messages.pages();
    }
}
