package imbridge.app.commands;

/**
 * What the management room's commands ask of the running bridge. Implementations answer
 * {@link CommandResult.Kind#NOT_AVAILABLE} for what they cannot do rather than pretend.
 */
public interface BridgeCommands {

    /** Portals, backfill states, queues, sync state and counts, as of now. */
    BridgeStatus status();

    /** Start an incremental sync pass now. */
    CommandResult sync();

    /** (Re-)run the forward backfill of one portal ({@code portal}: portal ID or room ID, as typed). */
    CommandResult backfill(String portal);

    /** Try the failed attachments again. */
    CommandResult retryAttachments();

    /** Bring back a portal deleted on the Matrix side. */
    CommandResult restoreChat(String portal);
}
