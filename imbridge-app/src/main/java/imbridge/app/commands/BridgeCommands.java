package imbridge.app.commands;

import java.util.function.Consumer;

/**
 * What the management room's commands ask of the running bridge. Implementations answer
 * {@link CommandResult.Kind#NOT_AVAILABLE} for what they cannot do rather than pretend.
 */
public interface BridgeCommands {

    /** Portals, backfill states, queues, sync state and counts, as of now. */
    BridgeStatus status();

    /** Start an incremental sync pass now; {@code finished} is told (once) how it ended, if it started. */
    CommandResult sync(Consumer<String> finished);

    /** (Re-)run the forward backfill of one portal ({@code portal}: portal ID or room ID, as typed). */
    CommandResult backfill(String portal);

    /** Forget the abandoned attachments so they are tried again; {@code finished} is told how it ended. */
    CommandResult retryAttachments(Consumer<String> finished);

    /** The chats deleted on the Matrix side that can be restored. */
    CommandResult restorableChats();

    /** Bring back a portal deleted on the Matrix side. */
    CommandResult restoreChat(String portal);
}
