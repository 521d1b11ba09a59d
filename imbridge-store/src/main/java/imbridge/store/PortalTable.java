package imbridge.store;

import imbridge.core.model.Portal;
import imbridge.core.model.PortalKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL of {@code portal}: bridged conversations and their Matrix rooms. */
final class PortalTable {

    private static final String COLUMNS = "portal_id, kind, name, members_json, room_id";

    private static final String UPSERT = """
            INSERT INTO portal (login_id, portal_id, kind, name, members_json, room_id, created_ts, updated_ts)
            VALUES (:login, :portalId, :kind, :name, :members, :roomId, :now, :now)
            ON CONFLICT (login_id, portal_id) DO UPDATE SET
                kind = excluded.kind,
                name = excluded.name,
                members_json = excluded.members_json,
                room_id = excluded.room_id,
                updated_ts = excluded.updated_ts""";

    private static final String ONE =
            "SELECT " + COLUMNS + " FROM portal WHERE login_id = :login AND portal_id = :portal";

    private static final String ALL = "SELECT " + COLUMNS + " FROM portal WHERE login_id = :login ORDER BY portal_id";

    /** Per Matrix event (portal_room_idx); the lowest portal ID wins should two portals ever claim one room. */
    static final String BY_ROOM =
            "SELECT " + COLUMNS + " FROM portal WHERE login_id = :login AND room_id = :room ORDER BY portal_id LIMIT 1";

    private static final String FORGET_ROOM = """
            UPDATE portal SET room_id = NULL, updated_ts = :now WHERE login_id = :login AND portal_id = :portal""";

    /** Inserts a bare row (no room) when the portal was never bridged; keeps the first deletion time. */
    private static final String MARK_DELETED = """
            INSERT INTO portal (login_id, portal_id, kind, name, members_json, room_id, deleted_ts, created_ts, updated_ts)
            VALUES (:login, :portal, :kind, NULL, '[]', NULL, :at, :now, :now)
            ON CONFLICT (login_id, portal_id) DO UPDATE SET
                deleted_ts = COALESCE(portal.deleted_ts, excluded.deleted_ts),
                updated_ts = excluded.updated_ts""";

    private static final String CLEAR_DELETED = """
            UPDATE portal SET stale_before_ts = COALESCE(deleted_ts, stale_before_ts), deleted_ts = NULL,
                updated_ts = :now
            WHERE login_id = :login AND portal_id = :portal""";

    private static final String STALE_BEFORE = """
            SELECT stale_before_ts FROM portal
            WHERE login_id = :login AND portal_id = :portal AND stale_before_ts IS NOT NULL""";

    private static final String DELETED = """
            SELECT portal_id, deleted_ts FROM portal WHERE login_id = :login AND deleted_ts IS NOT NULL""";

    private PortalTable() {}

    static void markDeleted(Handle h, String login, String portalId, long at, long now) {
        h.createUpdate(MARK_DELETED)
                .bind("login", login)
                .bind("portal", portalId)
                .bind("kind", PortalKind.ofPortalId(portalId).name())
                .bind("at", at)
                .bind("now", now)
                .execute();
    }

    static void clearDeleted(Handle h, String login, String portalId, long now) {
        h.createUpdate(CLEAR_DELETED)
                .bind("login", login)
                .bind("portal", portalId)
                .bind("now", now)
                .execute();
    }

    static java.util.OptionalLong staleBefore(Handle h, String login, String portalId) {
        return h.createQuery(STALE_BEFORE)
                .bind("login", login)
                .bind("portal", portalId)
                .mapTo(Long.class)
                .findFirst()
                .map(java.util.OptionalLong::of)
                .orElse(java.util.OptionalLong.empty());
    }

    static Map<String, Long> deleted(Handle h, String login) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        h.createQuery(DELETED)
                .bind("login", login)
                .map((rs, ctx) -> Map.entry(rs.getString("portal_id"), rs.getLong("deleted_ts")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static void upsert(Handle h, String login, Portal p, long now) {
        h.createUpdate(UPSERT)
                .bind("login", login)
                .bind("portalId", p.portalId())
                .bind("kind", p.kind().name())
                .bind("name", p.name())
                .bind("members", JsonColumns.strings(p.members()))
                .bind("roomId", p.roomId())
                .bind("now", now)
                .execute();
    }

    static void forgetRoom(Handle h, String login, String portalId, long now) {
        h.createUpdate(FORGET_ROOM)
                .bind("login", login)
                .bind("portal", portalId)
                .bind("now", now)
                .execute();
    }

    static Optional<Portal> find(Handle h, String login, String portalId) {
        return h.createQuery(ONE)
                .bind("login", login)
                .bind("portal", portalId)
                .map(PortalTable::map)
                .findFirst();
    }

    static Optional<Portal> byRoom(Handle h, String login, String roomId) {
        return h.createQuery(BY_ROOM)
                .bind("login", login)
                .bind("room", roomId)
                .map(PortalTable::map)
                .findFirst();
    }

    static List<Portal> all(Handle h, String login) {
        return h.createQuery(ALL).bind("login", login).map(PortalTable::map).list();
    }

    static void validate(Portal p) {
        if (p == null || p.portalId() == null || p.portalId().isBlank() || p.kind() == null) {
            throw new IllegalArgumentException("portal needs an ID and a kind: " + p);
        }
    }

    private static Portal map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Portal(
                rs.getString("portal_id"),
                PortalKind.valueOf(rs.getString("kind")),
                rs.getString("name"),
                JsonColumns.strings(rs.getString("members_json")),
                rs.getString("room_id"));
    }
}
