package imbridge.core.live;

/**
 * Why the live path deliberately did not bridge an event (behaviour.md §7.3, §7.7). Every drop is logged at
 * INFO with this code and counted by it in the durable inbox, so the report and metrics show them.
 */
public enum LiveDropReason {
    /** The message was unsent less than 5 minutes ago (its late copy must not reappear). */
    RECENT_UNSEND,
    /** A reconnect-window re-delivery of a message already in Matrix. */
    STORED_ALREADY_BRIDGED,
    /** No portal could be resolved from the chat, sender and participants. */
    UNKNOWN_PORTAL,
    /** The conversation is filtered (junk) on the Apple side. */
    FILTERED_CHAT,
    /** A message from before start-up for a deleted conversation: a stale echo, not new traffic. */
    STALE_ECHO_DELETED_PORTAL,
    /** A message the bridge already knows, for a deleted conversation (mid-deletion echo). */
    KNOWN_UUID_DELETED_PORTAL,
    /** Apple-side MoveToRecycleBin/PermanentDelete: the CloudKit tombstone is authoritative (behaviour.md §8.4). */
    APPLE_CHAT_DELETE_IGNORED,
    /** A reconnect-window re-delivery of a receipt, rename or participant change. */
    STORED_NON_MESSAGE,
    /** A contact's read receipt for a message that came from CloudKit (behaviour.md §7.7). */
    RECEIPT_FOR_CLOUDKIT_MESSAGE,
    /** The owner's own read receipt while double puppeting is off: only the owner's account may move its marker. */
    OWNER_READ_WITHOUT_DOUBLE_PUPPET,
    /** An edit, unsend or receipt for a message the bridge never saw. */
    UNKNOWN_TARGET,
    /** The homeserver kept refusing an edit, unsend, receipt or rename (after retries). */
    MATRIX_REFUSED,
    /** An event for a conversation without a room (rename, participants) or a kind that carries no content. */
    NOTHING_TO_BRIDGE
}
