package imbridge.core.port;

import imbridge.core.model.OutgoingPart;
import java.util.List;
import java.util.Objects;

/**
 * Beeper batch send (behaviour.md §BF6.7), offered by a {@link MatrixGateway} whose homeserver
 * advertises {@code com.beeper.batch_sending}. One call is one request: the parts land in the room in
 * list order, each with a deterministic event ID derived from (room, guid, part), so resending the same
 * batch after an unclear failure does not duplicate anything on a homeserver that deduplicates by event ID.
 */
public interface BatchSender {

    /** Whether the homeserver takes batches; when false, {@link #sendBatch} fails and parts go through {@code send}. */
    boolean batchSendingSupported();

    /** The most items {@link #sendBatch} accepts in one call. */
    int maxBatchItems();

    /**
     * Sends the parts in one request, chronological order. {@code forward} = append after the room's
     * newest events; false = insert before its existing messages (history), or append when it has none.
     * Senders need not be joined. Returns the event IDs in item order (the deterministic ones).
     */
    List<String> sendBatch(String roomId, List<BatchItem> items, boolean forward) throws MatrixException;

    /**
     * The event ID {@link #sendBatch} gives this part in this room, known before it is sent: a history page
     * inserted above the room can point a reply or reaction at a target that an older page brings later.
     */
    String eventIdFor(String roomId, imbridge.core.model.PartKey key);

    /** One part as the handle's ghost, shown at {@code timestampMs}. */
    record BatchItem(String senderHandle, OutgoingPart part, long timestampMs) {
        public BatchItem {
            Objects.requireNonNull(senderHandle, "senderHandle");
            Objects.requireNonNull(part, "part");
        }
    }
}
