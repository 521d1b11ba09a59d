package imbridge.core.port;

/**
 * What the live path does to rooms beyond {@link MatrixGateway}'s sends, redactions and read markers: edits,
 * room renames and the bot's notices. Every call is idempotent for the
 * same arguments (deterministic transaction IDs), so a repeated inbox entry does not repeat its effect.
 */
public interface MatrixLiveActions {

    /** An {@code m.replace} edit of {@code targetEventId} by the handle's ghost. */
    String sendEdit(
            String roomId, String senderHandle, String targetEventId, String newBody, String txnId, long timestampMs)
            throws MatrixException;

    void setRoomName(String roomId, String name) throws MatrixException;

    /** A notice from the bridge bot (delivery errors of the owner's outgoing messages). */
    String sendBotNotice(String roomId, String txnId, String body) throws MatrixException;
}
