package imbridge.app.verify;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Rooms already in memory behind the streaming {@link DeliveredReader} contract; room IDs need not be unique. */
final class InMemoryReader implements DeliveredReader {
    private final List<RoomListing> listings = new ArrayList<>();
    private final Map<RoomListing, DeliveredRoom> rooms = new IdentityHashMap<>();

    InMemoryReader(List<DeliveredRoom> delivered) {
        for (DeliveredRoom room : delivered) {
            // a new record per room, so identical listings of two rooms stay apart in the identity map
            RoomListing listing = new RoomListing(
                    room.roomId(), room.portalId(), room.ownerMembership(), ProfileVerification.roomName(room));
            listings.add(listing);
            rooms.put(listing, room);
        }
    }

    @Override
    public List<RoomListing> rooms() {
        return List.copyOf(listings);
    }

    @Override
    public void events(RoomListing room, Consumer<DeliveredEvent> sink) {
        DeliveredRoom found = rooms.get(room);
        if (found == null) {
            throw new IllegalArgumentException("room " + room.roomId() + " was not listed by this reader");
        }
        found.timeline().forEach(sink);
    }

    @Override
    public List<DeliveredRoom> read() {
        return listings.stream().map(rooms::get).toList();
    }
}
