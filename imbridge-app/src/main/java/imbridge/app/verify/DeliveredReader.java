package imbridge.app.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads every room the bridge could have written to. One implementation per way of reaching a homeserver (the
 * double's inspection API, the standard Client-Server API); the comparison is the same for all of them. Rooms are
 * listed first (compact), then each timeline is streamed page by page, so a reader never holds a whole room.
 *
 * @throws java.io.UncheckedIOException when the homeserver cannot be read
 */
public interface DeliveredReader {
    /** Every room, in a stable order. */
    List<RoomListing> rooms();

    /** Hands the room's events to {@code sink} in timeline order, one page in memory at a time. */
    void events(RoomListing room, Consumer<DeliveredEvent> sink);

    /** Every room with its whole timeline in memory: for tests and small accounts only. */
    default List<DeliveredRoom> read() {
        List<DeliveredRoom> out = new ArrayList<>();
        for (RoomListing room : rooms()) {
            List<DeliveredEvent> timeline = new ArrayList<>();
            events(room, timeline::add);
            out.add(new DeliveredRoom(room.roomId(), room.portalId(), timeline, room.ownerMembership()));
        }
        return out;
    }

    /** A reader over rooms already in memory (tests, and callers that built their rooms themselves). */
    static DeliveredReader of(List<DeliveredRoom> rooms) {
        return new InMemoryReader(rooms);
    }
}
