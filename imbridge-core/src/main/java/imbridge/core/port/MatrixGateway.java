package imbridge.core.port;

import imbridge.core.model.OutgoingPart;
import imbridge.core.model.RoomSpec;

/**
 * The Matrix side as the engine sees it. Users are named by their remote handle
 * ({@code tel:+1555…}, {@code mailto:…}); the gateway maps them to ghost MXIDs.
 */
public interface MatrixGateway {

    /** Creates the portal room with the bridge state, the ghosts joined and the owner invited. */
    String createRoom(RoomSpec spec) throws MatrixException;

    /** Makes sure the handle's ghost exists and is joined to the room (idempotent, cached). */
    void ensureJoined(String roomId, String handle) throws MatrixException;

    /**
     * Sends one part as the handle's ghost with timestamp massaging; the transaction ID comes
     * from the part key, so a retry is deduplicated by the homeserver. Returns the event ID.
     */
    String send(String roomId, String senderHandle, OutgoingPart part, long timestampMs) throws MatrixException;

    /**
     * Redacts an event (e.g. a reaction whose tapback was removed). Repeating it for the same event does not
     * create a second redaction. Returns the redaction's event ID.
     */
    String redact(String roomId, String eventId, String reason) throws MatrixException;

    /**
     * Moves the read receipt of {@code readerHandle}'s ghost to {@code eventId}, read at {@code readAtMs}
     * (Unix ms; 0 = unknown). Idempotent.
     */
    void markRead(String roomId, String readerHandle, String eventId, long readAtMs) throws MatrixException;

    /**
     * Deletes the portal room for the user (chat deleted on the Apple side): the owner is removed
     * and the bridge leaves, so the room disappears from the user's client. Idempotent.
     */
    void deleteRoom(String roomId, String reason) throws MatrixException;

    /**
     * Whether what the owner does (their messages, their read receipts) goes out as the owner's own Matrix account
     * (double puppeting configured and accepted by the homeserver). Without it nothing can move the owner's marker.
     */
    default boolean doublePuppeting() {
        return false;
    }

    /**
     * Lists a DM portal's room as the owner's direct chat with {@code counterpartHandle} (the owner's {@code m.direct}
     * account data), where the bridge acts as the owner's account. Best effort and idempotent: a failure is logged
     * by the gateway and the next call tries again; a room already listed is left alone.
     */
    default void listAsDirect(String roomId, String counterpartHandle) {}

    /** Uploads media and returns its {@code mxc://} URI. */
    String uploadMedia(byte[] data, String mimeType, String filename) throws MatrixException;
}
