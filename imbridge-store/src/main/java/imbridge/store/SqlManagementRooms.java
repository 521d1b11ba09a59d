package imbridge.store;

import java.util.Optional;

/**
 * The management room of each owner (table {@code management_room}, migration V5): the bot's DM with the
 * bridge's owner, remembered so a restart reuses it instead of opening a new one.
 */
public final class SqlManagementRooms {

    private static final String UPSERT = """
            INSERT INTO management_room (owner_mxid, room_id, created_ts) VALUES (:owner, :roomId, :now)
            ON CONFLICT (owner_mxid) DO UPDATE SET room_id = excluded.room_id, created_ts = excluded.created_ts""";

    private final SqlAccess sql;

    SqlManagementRooms(SqlAccess sql) {
        this.sql = sql;
    }

    public Optional<String> find(String ownerMxid) {
        return sql.reader()
                .withHandle(h -> h.createQuery("SELECT room_id FROM management_room WHERE owner_mxid = :owner")
                        .bind("owner", ownerMxid)
                        .mapTo(String.class)
                        .findFirst());
    }

    /** Remembers {@code roomId} as the owner's management room, replacing any earlier one. */
    public void save(String ownerMxid, String roomId) {
        long now = sql.now();
        sql.writer()
                .useHandle(h -> h.createUpdate(UPSERT)
                        .bind("owner", ownerMxid)
                        .bind("roomId", roomId)
                        .bind("now", now)
                        .execute());
    }

    /** Forgets the owner's management room if it is still {@code roomId}; returns whether it was. */
    public boolean forget(String ownerMxid, String roomId) {
        return sql.writer()
                        .withHandle(h -> h.createUpdate(
                                        "DELETE FROM management_room WHERE owner_mxid = :owner AND room_id = :roomId")
                                .bind("owner", ownerMxid)
                                .bind("roomId", roomId)
                                .execute())
                > 0;
    }
}
