package imbridge.store;

import imbridge.core.model.LiveEvent;
import imbridge.core.port.LiveInbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LiveInbox} of one login in the {@code live_inbox} table (migration V7). Appends are idempotent on the
 * event key; DONE and DROPPED are final (a late second verdict on an entry changes nothing), and DONE rows stay
 * until {@link #forgetDoneBefore} so a re-delivered event is still recognised. Writes go through the single
 * writer; the queue order is the {@code id} the insert got.
 */
final class SqlLiveInbox implements LiveInbox {

    private static final Logger log = LoggerFactory.getLogger(SqlLiveInbox.class);
    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final int MAX_REASON_CHARS = 100;

    private static final String INSERT = """
            INSERT INTO live_inbox (login_id, event_key, seq, kind, guid_norm, timestamp_ms, stored, payload_json,
                                    status, received_ts, updated_ts)
            VALUES (:login, :eventKey, :seq, :kind, :guidNorm, :timestampMs, :stored, :payload,
                    'PENDING', :receivedMs, :now)
            ON CONFLICT (login_id, event_key) DO NOTHING""";

    private static final String ENTRY_COLUMNS =
            "SELECT id, payload_json, status, portal_id, received_ts FROM live_inbox";

    static final String PENDING =
            ENTRY_COLUMNS + " WHERE login_id = :login AND status = 'PENDING' ORDER BY id LIMIT :limit";

    static final String HELD_ALL = ENTRY_COLUMNS + " WHERE login_id = :login AND status = 'HELD' ORDER BY id";

    /** The literal {@code status = 'HELD'} lets SQLite use the partial held-by-portal index. */
    static final String HELD_OF_PORTAL =
            ENTRY_COLUMNS + " WHERE login_id = :login AND portal_id = :portal AND status = 'HELD' ORDER BY id";

    private static final String HOLD = """
            UPDATE live_inbox SET status = 'HELD', portal_id = :portal, updated_ts = :now
            WHERE login_id = :login AND id = :id AND status IN ('PENDING', 'HELD')""";

    static final String COMPLETE = """
            UPDATE live_inbox SET status = 'DONE', updated_ts = :now
            WHERE login_id = :login AND id = :id AND status IN ('PENDING', 'HELD')""";

    private static final String DROP = """
            UPDATE live_inbox SET status = 'DROPPED', reason = :reason, updated_ts = :now
            WHERE login_id = :login AND id = :id AND status IN ('PENDING', 'HELD')""";

    private static final String STATUS_OF = "SELECT status FROM live_inbox WHERE login_id = :login AND id = :id";

    /** The literal {@code status = 'DROPPED'} lets SQLite use the partial drops-by-reason index. */
    static final String DROP_COUNTS = """
            SELECT reason, COUNT(*) AS drops FROM live_inbox
            WHERE login_id = :login AND status = 'DROPPED' GROUP BY reason ORDER BY reason""";

    private static final String DROPPED = """
            SELECT payload_json, reason FROM live_inbox
            WHERE login_id = :login AND status = 'DROPPED' ORDER BY id LIMIT :limit""";

    private static final String COUNT = "SELECT COUNT(*) FROM live_inbox WHERE login_id = :login AND status = :status";

    static final String FORGET_DONE = """
            DELETE FROM live_inbox WHERE login_id = :login AND status = 'DONE' AND updated_ts < :cutoff""";

    private final SqlAccess sql;
    private final String login;

    SqlLiveInbox(SqlAccess sql, String login) {
        this.sql = sql;
        this.login = login;
    }

    @Override
    public boolean append(LiveEvent event, long receivedMs) {
        Objects.requireNonNull(event, "event");
        String payload = LiveEventJson.write(event);
        long now = sql.now();
        return sql.writer()
                        .withHandle(h -> h.createUpdate(INSERT)
                                .bind("login", login)
                                .bind("eventKey", event.eventKey())
                                .bind("seq", event.seq())
                                .bind("kind", event.kind().name())
                                .bind("guidNorm", event.guidNorm())
                                .bind("timestampMs", event.timestampMs())
                                .bind("stored", event.stored())
                                .bind("payload", payload)
                                .bind("receivedMs", receivedMs)
                                .bind("now", now)
                                .execute())
                == 1;
    }

    @Override
    public List<Entry> pending(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return sql.reader()
                .withHandle(h -> h.createQuery(PENDING)
                        .bind("login", login)
                        .bind("limit", limit)
                        .map(SqlLiveInbox::entry)
                        .list());
    }

    @Override
    public void hold(long id, String portalId) {
        if (portalId == null || portalId.isBlank()) {
            throw new IllegalArgumentException("a held live event needs a portal (entry " + id + ")");
        }
        transition(id, Status.HELD, h -> h.createUpdate(HOLD).bind("portal", portalId));
    }

    @Override
    public List<Entry> held(String portalId) {
        return sql.reader()
                .withHandle(h -> (portalId == null
                                ? h.createQuery(HELD_ALL)
                                : h.createQuery(HELD_OF_PORTAL).bind("portal", portalId))
                        .bind("login", login)
                        .map(SqlLiveInbox::entry)
                        .list());
    }

    @Override
    public void complete(long id) {
        transition(id, Status.DONE, h -> h.createUpdate(COMPLETE));
    }

    @Override
    public void drop(long id, String reason) {
        if (reason == null
                || reason.length() > MAX_REASON_CHARS
                || !REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException(
                    "drop reason must be an upper-case code like STORED_ALREADY_BRIDGED, got '" + reason + "'");
        }
        transition(id, Status.DROPPED, h -> h.createUpdate(DROP).bind("reason", reason));
    }

    @Override
    public Map<String, Long> dropCounts() {
        return sql.reader().withHandle(h -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            h.createQuery(DROP_COUNTS)
                    .bind("login", login)
                    .map((rs, ctx) -> Map.entry(rs.getString("reason"), rs.getLong("drops")))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
            return Collections.unmodifiableMap(counts);
        });
    }

    @Override
    public List<Dropped> dropped(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        return sql.reader()
                .withHandle(h -> h.createQuery(DROPPED)
                        .bind("login", login)
                        .bind("limit", limit)
                        .map((rs, ctx) ->
                                new Dropped(LiveEventJson.read(rs.getString("payload_json")), rs.getString("reason")))
                        .list());
    }

    @Override
    public long count(Status status) {
        Objects.requireNonNull(status, "status");
        return sql.reader()
                .withHandle(h -> h.createQuery(COUNT)
                        .bind("login", login)
                        .bind("status", status.name())
                        .mapTo(Long.class)
                        .one());
    }

    @Override
    public int forgetDoneBefore(long cutoffMs) {
        return sql.writer()
                .withHandle(h -> h.createUpdate(FORGET_DONE)
                        .bind("login", login)
                        .bind("cutoff", cutoffMs)
                        .execute());
    }

    /**
     * Applies a PENDING/HELD → {@code target} update. An entry already DONE or DROPPED keeps its verdict (a
     * repeated verdict after a crash is normal; a contradicting one is logged); an unknown id is the caller's bug.
     */
    private void transition(long id, Status target, Function<Handle, Update> update) {
        long now = sql.now();
        Optional<String> unchanged = sql.writer().inTransaction(h -> {
            int changed = update.apply(h)
                    .bind("login", login)
                    .bind("id", id)
                    .bind("now", now)
                    .execute();
            if (changed == 1) {
                return Optional.<String>empty();
            }
            return Optional.of(h.createQuery(STATUS_OF)
                    .bind("login", login)
                    .bind("id", id)
                    .mapTo(String.class)
                    .findOne()
                    .orElseThrow(() -> new IllegalArgumentException("no live inbox entry " + id + " for " + login)));
        });
        unchanged
                .filter(status -> !status.equals(target.name()))
                .ifPresent(
                        status -> log.warn("Live inbox entry {} is already {}; not marking it {}", id, status, target));
    }

    private static Entry entry(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Entry(
                rs.getLong("id"),
                LiveEventJson.read(rs.getString("payload_json")),
                Status.valueOf(rs.getString("status")),
                rs.getString("portal_id"),
                rs.getLong("received_ts"));
    }
}
