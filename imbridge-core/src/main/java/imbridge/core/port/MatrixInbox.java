package imbridge.core.port;

import java.util.List;
import java.util.Objects;

/**
 * Durable, ordered queue of the Matrix-side events the bridge must act on (membership changes, bot
 * commands). The appservice transaction handler appends them before the homeserver gets its 200, and a
 * worker consumes them in append order, so an event is never lost between the homeserver and the
 * handler that acts on it, and a crash in between only repeats the work.
 * <p>
 * Events are kept as their client-format JSON text: the queue does not interpret them.
 */
public interface MatrixInbox {

    /** An event to queue: its ID (the idempotency key), its room and its JSON text. */
    record NewEvent(String eventId, String roomId, String json) {
        public NewEvent {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(roomId, "roomId");
            Objects.requireNonNull(json, "json");
        }
    }

    /** A queued event not yet consumed; {@code seq} orders the queue, {@code attempts} counts failed handlings. */
    record Entry(long seq, String eventId, String roomId, String json, int attempts) {}

    /**
     * Appends the events in order, atomically (all or none). An event ID already in the inbox, consumed or
     * not, is left out, so appending the same transaction twice queues its events once. Returns how many
     * were new.
     */
    int append(List<NewEvent> events);

    /** The oldest not yet consumed entries, in append order, at most {@code limit}. */
    List<Entry> pending(int limit);

    /** Marks an entry consumed with a short outcome code (kept for inspection). */
    void markDone(long seq, String outcome);

    /** Records a failed handling attempt; the entry stays pending. */
    void markFailed(long seq, String error);

    /** How many entries are waiting to be consumed. */
    long pendingCount();

    /** Forgets consumed entries consumed before {@code cutoffMs} (epoch ms); returns how many. */
    int forgetDoneBefore(long cutoffMs);
}
