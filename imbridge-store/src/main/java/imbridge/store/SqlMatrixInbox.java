package imbridge.store;

import imbridge.core.port.MatrixInbox;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.statement.Update;

/**
 * {@link MatrixInbox} in the {@code matrix_inbox} table (migration V5), shared by every login of the
 * process like the transaction log. Appends and state changes go through the single writer; the queue
 * order is the {@code seq} the insert got.
 */
public final class SqlMatrixInbox implements MatrixInbox {

    /** Error texts are for the operator; a stack of causes can be long. */
    static final int MAX_ERROR_CHARS = 2_000;

    private static final String INSERT = """
            INSERT INTO matrix_inbox (event_id, room_id, event_json, received_ts)
            VALUES (:eventId, :roomId, :json, :now)
            ON CONFLICT (event_id) DO NOTHING""";
    private static final String PENDING = """
            SELECT seq, event_id, room_id, event_json, attempts FROM matrix_inbox
            WHERE done_ts IS NULL ORDER BY seq LIMIT :limit""";
    private static final String MARK_DONE =
            "UPDATE matrix_inbox SET done_ts = :now, outcome = :outcome WHERE seq = :seq";
    private static final String MARK_FAILED =
            "UPDATE matrix_inbox SET attempts = attempts + 1, last_error = :error WHERE seq = :seq AND done_ts IS NULL";

    private final SqlAccess sql;

    SqlMatrixInbox(SqlAccess sql) {
        this.sql = sql;
    }

    @Override
    public int append(List<NewEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        long now = sql.now();
        return sql.writer().inTransaction(h -> {
            int added = 0;
            Set<String> seen = new LinkedHashSet<>();
            for (NewEvent event : events) {
                if (!seen.add(event.eventId())) {
                    continue;
                }
                try (Update insert = h.createUpdate(INSERT)) {
                    added += insert.bind("eventId", event.eventId())
                            .bind("roomId", event.roomId())
                            .bind("json", event.json())
                            .bind("now", now)
                            .execute();
                }
            }
            return added;
        });
    }

    @Override
    public List<Entry> pending(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return sql.reader()
                .withHandle(h -> h.createQuery(PENDING)
                        .bind("limit", limit)
                        .map((rs, ctx) -> new Entry(
                                rs.getLong("seq"),
                                rs.getString("event_id"),
                                rs.getString("room_id"),
                                rs.getString("event_json"),
                                rs.getInt("attempts")))
                        .list());
    }

    @Override
    public void markDone(long seq, String outcome) {
        long now = sql.now();
        sql.writer()
                .useHandle(h -> h.createUpdate(MARK_DONE)
                        .bind("now", now)
                        .bind("outcome", outcome)
                        .bind("seq", seq)
                        .execute());
    }

    @Override
    public void markFailed(long seq, String error) {
        String text = error == null ? "" : error;
        String cut = text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) : text;
        sql.writer()
                .useHandle(h -> h.createUpdate(MARK_FAILED)
                        .bind("error", cut)
                        .bind("seq", seq)
                        .execute());
    }

    @Override
    public long pendingCount() {
        return sql.reader()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM matrix_inbox WHERE done_ts IS NULL")
                        .mapTo(Long.class)
                        .one());
    }

    @Override
    public int forgetDoneBefore(long cutoffMs) {
        return sql.writer()
                .withHandle(h -> h.createUpdate("DELETE FROM matrix_inbox WHERE done_ts < :cutoff")
                        .bind("cutoff", cutoffMs)
                        .execute());
    }
}
