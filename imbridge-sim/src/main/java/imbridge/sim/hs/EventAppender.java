package imbridge.sim.hs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Puts events into rooms: stamps them (event ID, server time, the double-wide stream position), enforces the size
 * limits, hands those the appservice is interested in to the transaction pusher once their room is published, and
 * times accepted message events when asked ({@link AcceptTimes}). Callers hold the room's lock.
 */
final class EventAppender {
    private final Consumer<Event> appserviceSink;
    private final Clock clock;
    private final AtomicLong stream = new AtomicLong();
    private volatile AcceptTimes acceptTimes;

    EventAppender(Consumer<Event> appserviceSink, Clock clock) {
        this.appserviceSink = appserviceSink;
        this.clock = clock;
    }

    /** {@code ts} overrides the server time (appservice timestamp massaging) when not null. */
    Event append(Room room, String type, String sender, ObjectNode content, String stateKey, String redacts, Long ts) {
        if (type.length() > 255 || (stateKey != null && stateKey.length() > 255)) {
            throw MatrixException.badJson("Event type and state_key must be at most 255 characters");
        }
        long now = clock.millis();
        Event event = new Event(
                Ids.eventId(),
                room.roomId(),
                type,
                sender,
                ts != null ? ts : now,
                content,
                stateKey,
                redacts,
                null,
                stream.incrementAndGet());
        requireSize(event);
        room.append(event);
        publish(room, event);
        return event;
    }

    static void requireSize(Event event) {
        if (Json.write(event.toClientJson()).length > Event.MAX_EVENT_BYTES) {
            throw MatrixException.tooLarge("event too large");
        }
    }

    long nextStream() {
        return stream.incrementAndGet();
    }

    /** Pushes the event to the appservice if it is interested; a room still being created holds it back. */
    void publish(Room room, Event event) {
        if (room.appserviceInterestedIn(event)) {
            if (room.isPublished()) {
                appserviceSink.accept(event);
            } else {
                room.holdForPublication(event);
            }
        }
    }

    /** Hands a newly created room's held events to the appservice. */
    void publishCreated(Room room) {
        room.publish().forEach(appserviceSink);
    }

    /** From now on, message events the send routes store are timed in {@code times}. */
    void recordAcceptTimes(AcceptTimes times) {
        this.acceptTimes = times;
    }

    /** A send or batch send stored these events and is about to answer 200. */
    void accepted(List<Event> events) {
        AcceptTimes times = acceptTimes;
        if (times != null) {
            times.accepted(events);
        }
    }
}
