package imbridge.core.sync;

/** Counters of one successful pass. */
public record SyncPassResult(ZoneSyncResult attachments, ZoneSyncResult chats, ZoneSyncResult messages) {

    public long totalRecords() {
        return attachments.records() + chats.records() + messages.records();
    }
}
