package imbridge.core.port;

import imbridge.core.model.LiveEvent;
import imbridge.core.util.CancellationToken;

/**
 * The live push channel (APNs, or the simulator's stand-in). Like APNs, the source keeps every event
 * until it is acknowledged, and after each (re)connect re-delivers the events of the reconnect window
 * flagged {@code stored}. The bridge acknowledges an event only after it is durable in its inbox, so a
 * crash loses nothing; re-deliveries are absorbed by the inbox's idempotency.
 */
public interface LiveSource {

    /**
     * Receives events in stream order; returning normally means the event is durable. A handler that could not make
     * it durable throws (an unchecked store or state error): the source then leaves the event unacknowledged.
     */
    @FunctionalInterface
    interface Handler {
        void onEvent(LiveEvent event);

        /** The source has nothing more to deliver right now (a heartbeat): everything it held has come. */
        default void onIdle() {}
    }

    /**
     * Connects and delivers events until the connection ends ({@link LiveSourceException}) or {@code cancel} fires
     * (returns normally). Unacknowledged events are re-delivered first.
     */
    void stream(Handler handler, CancellationToken cancel) throws LiveSourceException;

    /** Acknowledges every event up to and including {@code seq}. */
    void ack(long seq) throws LiveSourceException;

    /**
     * Sends a message as the owner to the portal's conversation ({@code tel:…}/{@code mailto:…} DM or
     * {@code gid:<uuid>} group) and returns the message UUID Apple assigned.
     */
    String send(String portalId, Outgoing message) throws LiveSourceException;

    /** What the owner sent from Matrix: a text, or a file with its bytes. */
    sealed interface Outgoing permits Outgoing.Text, Outgoing.File {
        record Text(String body) implements Outgoing {}

        record File(String filename, String mimeType, byte[] data) implements Outgoing {}
    }
}
