package imbridge.sim.hs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * Every room of the double by ID and by alias, in creation order (what {@code /joined_rooms} and the inspection
 * views list), and the one way to run code under a room's lock.
 */
final class RoomRegistry {
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Room> creationOrder = new ConcurrentLinkedQueue<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();

    /** The room, or 404 {@code M_NOT_FOUND}. */
    Room require(String roomId) {
        Room room = rooms.get(roomId);
        if (room == null) {
            throw MatrixException.notFound("Unknown room " + roomId);
        }
        return room;
    }

    /** A room ID as is; an alias ({@code #…}) resolved, or 404 when unknown. */
    String resolve(String roomIdOrAlias) {
        if (!roomIdOrAlias.startsWith("#")) {
            return roomIdOrAlias;
        }
        String roomId = aliases.get(roomIdOrAlias);
        if (roomId == null) {
            throw MatrixException.notFound("Room alias " + roomIdOrAlias + " not found");
        }
        return roomId;
    }

    boolean aliasTaken(String alias) {
        return aliases.containsKey(alias);
    }

    /** Makes a fully built room visible; its alias (may be null) must still be free. */
    void add(Room room, String alias) {
        if (alias != null && aliases.putIfAbsent(alias, room.roomId()) != null) {
            throw new MatrixException(400, "M_ROOM_IN_USE", "Room alias already taken");
        }
        rooms.put(room.roomId(), room);
        creationOrder.add(room);
    }

    Iterable<Room> inCreationOrder() {
        return creationOrder;
    }

    static <T> T withLock(Room room, Function<Room, T> action) {
        room.lock().lock();
        try {
            return action.apply(room);
        } finally {
            room.lock().unlock();
        }
    }
}
