package imbridge.store;

import imbridge.core.port.EventQuarantine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jdbi.v3.core.statement.Update;

/**
 * {@link EventQuarantine} in the {@code as_quarantine} table (migration V15), shared by every login of the process
 * like the transaction log. The raw JSON's SHA-256 stands for the JSON in the unique key, which stays short however
 * long the text.
 */
public final class SqlEventQuarantine implements EventQuarantine {

    private static final String INSERT = """
            INSERT INTO as_quarantine (txn_id, section, position, event_id, reason, raw_json, raw_sha256, received_ts)
            VALUES (:txnId, :section, :position, :eventId, :reason, :rawJson, :sha, :now)
            ON CONFLICT (txn_id, section, position, raw_sha256) DO NOTHING""";
    private static final String NEWEST = """
            SELECT txn_id, section, position, event_id, reason, raw_json, received_ts FROM as_quarantine
            ORDER BY id DESC LIMIT :limit""";

    private final SqlAccess sql;

    SqlEventQuarantine(SqlAccess sql) {
        this.sql = sql;
    }

    @Override
    public List<Entry> add(List<Entry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        long now = sql.now();
        return sql.writer().inTransaction(h -> {
            List<Entry> added = new ArrayList<>();
            for (Entry e : entries) {
                try (Update insert = h.createUpdate(INSERT)) {
                    int rows = insert.bind("txnId", e.txnId())
                            .bind("section", e.section())
                            .bind("position", e.position())
                            .bind("eventId", e.eventId())
                            .bind("reason", e.reason())
                            .bind("rawJson", e.rawJson())
                            .bind("sha", sha256(e.rawJson()))
                            .bind("now", now)
                            .execute();
                    if (rows > 0) {
                        added.add(e);
                    }
                }
            }
            return added;
        });
    }

    @Override
    public long count() {
        return sql.reader()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM as_quarantine")
                        .mapTo(Long.class)
                        .one());
    }

    @Override
    public List<Stored> newest(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return sql.reader()
                .withHandle(h -> h.createQuery(NEWEST)
                        .bind("limit", limit)
                        .map((rs, ctx) -> new Stored(
                                new Entry(
                                        rs.getString("txn_id"),
                                        rs.getString("section"),
                                        rs.getInt("position"),
                                        rs.getString("event_id"),
                                        rs.getString("reason"),
                                        rs.getString("raw_json")),
                                rs.getLong("received_ts")))
                        .list());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
