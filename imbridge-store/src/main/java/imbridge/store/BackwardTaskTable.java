package imbridge.store;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackwardTask;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL of {@code backward_task} (migration V9): per-portal backward backfill position, state and counts. */
final class BackwardTaskTable {

    private static final String UPSERT = """
            INSERT INTO backward_task (login_id, portal_id, before_ts, before_guid, done, messages_done, parts_sent,
                                       last_error, updated_ts)
            VALUES (:login, :portalId, :beforeTs, :beforeGuid, :done, :messagesDone, :partsSent,
                    :lastError, :updatedTs)
            ON CONFLICT (login_id, portal_id) DO UPDATE SET
                before_ts = excluded.before_ts,
                before_guid = excluded.before_guid,
                done = excluded.done,
                messages_done = excluded.messages_done,
                parts_sent = excluded.parts_sent,
                last_error = excluded.last_error,
                updated_ts = excluded.updated_ts""";

    private static final String COLUMNS = """
            SELECT portal_id, before_ts, before_guid, done, messages_done, parts_sent, last_error, updated_ts
            FROM backward_task""";

    private static final String ONE = COLUMNS + " WHERE login_id = :login AND portal_id = :portal";

    /** The literal {@code done = FALSE} lets SQLite use the partial open-tasks index. */
    static final String OPEN = COLUMNS + " WHERE login_id = :login AND done = FALSE ORDER BY updated_ts, portal_id";

    private static final String DELETE = "DELETE FROM backward_task WHERE login_id = :login AND portal_id = :portal";

    private BackwardTaskTable() {}

    static void upsert(Handle h, String login, BackwardTask t) {
        h.createUpdate(UPSERT)
                .bind("login", login)
                .bind("portalId", t.portalId())
                .bind("beforeTs", t.before().timestampMs())
                .bind(
                        "beforeGuid",
                        t.before().guidNorm() == null ? "" : t.before().guidNorm())
                .bind("done", t.done())
                .bind("messagesDone", t.messagesDone())
                .bind("partsSent", t.partsSent())
                .bind("lastError", t.lastError())
                .bind("updatedTs", t.updatedMs())
                .execute();
    }

    static Optional<BackwardTask> find(Handle h, String login, String portalId) {
        return h.createQuery(ONE)
                .bind("login", login)
                .bind("portal", portalId)
                .map(BackwardTaskTable::map)
                .findOne();
    }

    static List<BackwardTask> open(Handle h, String login) {
        return h.createQuery(OPEN)
                .bind("login", login)
                .map(BackwardTaskTable::map)
                .list();
    }

    static void delete(Handle h, String login, String portalId) {
        h.createUpdate(DELETE).bind("login", login).bind("portal", portalId).execute();
    }

    static void validate(BackwardTask t) {
        if (t == null) {
            throw new IllegalArgumentException("backward task is required");
        }
        if (t.portalId().isBlank()) {
            throw new IllegalArgumentException("backward task needs a portal: " + t);
        }
        if (t.messagesDone() < 0 || t.partsSent() < 0) {
            throw new IllegalArgumentException("backward task counts must not be negative: " + t);
        }
    }

    private static BackwardTask map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new BackwardTask(
                rs.getString("portal_id"),
                new BackfillCursor(rs.getLong("before_ts"), rs.getString("before_guid")),
                rs.getBoolean("done"),
                rs.getLong("messages_done"),
                rs.getLong("parts_sent"),
                rs.getString("last_error"),
                rs.getLong("updated_ts"));
    }
}
