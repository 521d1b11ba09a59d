package imbridge.store;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackfillState;
import imbridge.core.model.BackfillStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL of {@code backfill_state}: per-portal forward backfill cursor, status and counts. */
final class BackfillStateTable {

    private static final String UPSERT = """
            INSERT INTO backfill_state (login_id, portal_id, status, cursor_ts, cursor_guid, messages_done,
                                        parts_sent, last_error, updated_ts)
            VALUES (:login, :portalId, :status, :cursorTs, :cursorGuid, :messagesDone,
                    :partsSent, :lastError, :updatedTs)
            ON CONFLICT (login_id, portal_id) DO UPDATE SET
                status = excluded.status,
                cursor_ts = excluded.cursor_ts,
                cursor_guid = excluded.cursor_guid,
                messages_done = excluded.messages_done,
                parts_sent = excluded.parts_sent,
                last_error = excluded.last_error,
                updated_ts = excluded.updated_ts""";

    private static final String ONE = """
            SELECT portal_id, status, cursor_ts, cursor_guid, messages_done, parts_sent, last_error, updated_ts
            FROM backfill_state WHERE login_id = :login AND portal_id = :portal""";

    private static final String DELETE = "DELETE FROM backfill_state WHERE login_id = :login AND portal_id = :portal";

    private BackfillStateTable() {}

    static void upsert(Handle h, String login, BackfillState s) {
        h.createUpdate(UPSERT)
                .bind("login", login)
                .bind("portalId", s.portalId())
                .bind("status", s.status().name())
                .bind("cursorTs", s.cursor().timestampMs())
                .bind(
                        "cursorGuid",
                        s.cursor().guidNorm() == null ? "" : s.cursor().guidNorm())
                .bind("messagesDone", s.messagesDone())
                .bind("partsSent", s.partsSent())
                .bind("lastError", s.lastError())
                .bind("updatedTs", s.updatedMs())
                .execute();
    }

    static void delete(Handle h, String login, String portalId) {
        h.createUpdate(DELETE).bind("login", login).bind("portal", portalId).execute();
    }

    static Optional<BackfillState> find(Handle h, String login, String portalId) {
        return h.createQuery(ONE)
                .bind("login", login)
                .bind("portal", portalId)
                .map(BackfillStateTable::map)
                .findFirst();
    }

    static void validate(BackfillState s) {
        if (s == null || s.portalId() == null || s.portalId().isBlank() || s.status() == null || s.cursor() == null) {
            throw new IllegalArgumentException("backfill state needs a portal, a status and a cursor: " + s);
        }
    }

    private static BackfillState map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new BackfillState(
                rs.getString("portal_id"),
                BackfillStatus.valueOf(rs.getString("status")),
                new BackfillCursor(rs.getLong("cursor_ts"), rs.getString("cursor_guid")),
                rs.getLong("messages_done"),
                rs.getLong("parts_sent"),
                rs.getString("last_error"),
                rs.getLong("updated_ts"));
    }
}
